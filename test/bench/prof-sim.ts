import { Calendar, CompactEvent, ProjectFacts } from "@groundbreak/domain"
import { Estimation, Forecast, Portfolio, Simulator } from "@groundbreak/forecast"
import { LedgerGenerator } from "@groundbreak/synth"
const knownBy = Calendar.parseKnowledgeCut("2020-09-30")!, asOf = Calendar.parseDate("2020-09-30")!
const portfolio = new ProjectFacts.Portfolio(); let position = 0
for (const e of LedgerGenerator.generateLedger({ seed: 42, prefix: "B", firstYear: 2018, lastYear: 2020, newPerYear: 420, until: "2020-12-31" })) { const c = CompactEvent.compact(e, ++position); if (c.knownAt <= knownBy) portfolio.add(c) }
const facts = [...portfolio.projects.values()]
const model = Estimation.fit(facts, 2020, asOf), compiled = Portfolio.compile(facts, 2020, asOf)
const prepared = Simulator.prepare(compiled, Forecast.baseline(2020, "2020-09-30"), 1)
const t = performance.now(); Simulator.run(compiled, model, prepared, 0, 3000); console.log("single thread", ((performance.now() - t) / 1000).toFixed(2), "s for", compiled.count * 3000, "project-paths")
