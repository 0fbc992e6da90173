/**
 * Writes scenarios/series/lianyungang-ytd.csv: the cumulative completed investment (亿元) of each year's plan of the
 * synthesized Lianyungang ledger, as a bureau would publish it (January merged into February), 2018-02 … 2020-09, as
 * known on 15 October 2020.
 */
import { writeFileSync } from "node:fs"
import { Effect } from "effect"
import { Calendar, CompactEvent, ProjectFacts, Units } from "@groundbreak/domain"
import { Kpis } from "@groundbreak/indicators"
import { ScenarioFile } from "@groundbreak/scenario"
import { Synthesis } from "../src/index.ts"

const loaded = await Effect.runPromise(ScenarioFile.load("scenarios/lianyungang-2020.yaml"))
const portfolio = loaded.scenario.portfolio as { synthesize: Parameters<typeof Synthesis.synthesize>[0] }
const { events } = Synthesis.synthesize(portfolio.synthesize, loaded.scenario)
// As known on 15 October 2020, when September's figures were published.
const knownBy = Calendar.parseKnowledgeCut("2020-10-15")!
const facts = new ProjectFacts.Portfolio()
events.forEach((e, i) => {
  const c = CompactEvent.compact(e, i + 1)
  if (c.knownAt <= knownBy) facts.add(c)
})
const rows = ["period,value"]
for (let year = 2018; year <= 2020; year++) {
  for (let month = 2; month <= (year === 2020 ? 9 : 12); month++) {
    const k = Kpis.compute(facts.projects.values(), { year, asOf: Calendar.endOfMonth(year * 100 + month) })
    rows.push(`${year}-${String(month).padStart(2, "0")},${Units.formatYi(k.completedInvestment)}`)
  }
}
writeFileSync("scenarios/series/lianyungang-ytd.csv", rows.join("\n") + "\n")
console.log(`wrote ${rows.length - 1} months`)
