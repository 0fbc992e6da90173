/**
 * `pnpm bench:kernel`: the Monte Carlo kernel alone (`Simulator.run` on the calling thread, no workers), on a
 * generated city plan with the risk and per-district tallies on, beside a reference simulator loaded from another
 * checkout of the repository, measured in the same process: alternated rounds, best of each, wall and CPU seconds.
 * The outputs of both are compared figure for figure (they must be the same, or the reference is not a reference).
 *
 *   pnpm bench:kernel [--reference DIR] [--paths N] [--new-per-year N] [--rounds N]
 *
 * DIR is a checkout with its dependencies installed (for example the main worktree); without it, this checkout alone.
 */
import { Effect } from "effect"
import { Calendar, CompactEvent, ProjectFacts } from "@groundbreak/domain"
import { Estimation, Forecast, RiskTally, Simulator, PlanCompiler, ScenarioDraws } from "@groundbreak/forecast"
import { LedgerGenerator } from "@groundbreak/synth"

const option = (name: string, fallback: string) => process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : fallback
const reference = process.argv.includes("--reference") ? option("--reference", "") : undefined
const paths = Number(option("--paths", "10000"))
const newPerYear = Number(option("--new-per-year", "420"))
const rounds = Number(option("--rounds", "3"))

const asOf = Calendar.parseDate("2020-09-30")!
const knownBy = Calendar.parseKnowledgeCut("2020-09-30")!
const portfolio = new ProjectFacts.Portfolio()
let position = 0
for (const event of LedgerGenerator.generateLedger({ seed: 42, prefix: "B", firstYear: 2018, lastYear: 2020, newPerYear, until: "2020-12-31" })) {
  const compact = CompactEvent.compact(event, ++position)
  if (compact.knownAt <= knownBy) portfolio.add(compact)
}
const facts = [...portfolio.projects.values()]
const model = Estimation.fit(facts, 2020, asOf)
const compiled = PlanCompiler.compile(facts, 2020, asOf)
const scenario = Forecast.baseline(2020, "2020-09-30")
const prepared = Effect.runSync(ScenarioDraws.prepare(compiled, scenario, 1, { risk: true, groups: RiskTally.groupSpec(compiled, scenario, "district") }))

type Run = typeof Simulator.run
const kernels: Array<{ readonly name: string; readonly run: Run }> = [{ name: "this checkout", run: Simulator.run }]
if (reference !== undefined) {
  const module = await import(`${reference}/packages/forecast/src/Simulator.ts`) as { run: Run }
  kernels.push({ name: `reference ${reference}`, run: module.run })
}

const same = (a: ReturnType<Run>, b: ReturnType<Run>): string | undefined => {
  for (const key of ["investment", "plannedInvestment", "startRate", "startResumeRate", "commissioned", "monthlyInvestment", "monthlyStarts", "newProjects", "districtMeans"] as const) {
    if (!a[key].every((x, k) => Object.is(x, b[key][k]))) return key
  }
  for (const key of ["completed", "started", "min", "max", "histogram"] as const) {
    if (!a.risk![key].every((x, k) => Object.is(x, b.risk![key][k]))) return `risk.${key}`
  }
  for (const key of ["investment", "projects", "newProjects", "newStarted", "continuingActive"] as const) {
    if (!a.groups![key].every((x, k) => Object.is(x, b.groups![key][k]))) return `groups.${key}`
  }
  return undefined
}

const best = kernels.map(() => ({ wall: Infinity, cpu: Infinity }))
const outputs: Array<ReturnType<Run>> = []
for (let round = 0; round < rounds; round++) {
  kernels.forEach((kernel, k) => {
    const started = performance.now(), cpu = process.cpuUsage()
    outputs[k] = kernel.run(compiled, model, prepared, 0, paths)
    const used = process.cpuUsage(cpu)
    best[k]!.wall = Math.min(best[k]!.wall, (performance.now() - started) / 1000)
    best[k]!.cpu = Math.min(best[k]!.cpu, (used.user + used.system) / 1e6)
  })
}
const projectPaths = compiled.count * paths
console.log(`kernel on one thread: ${compiled.count.toLocaleString("en-US")} plan projects × ${paths.toLocaleString("en-US")} paths, risk and district tallies on, best of ${rounds} (alternated)`)
kernels.forEach((kernel, k) => {
  const { wall, cpu } = best[k]!
  console.log(`  ${kernel.name.padEnd(40)} ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU, ${(projectPaths / wall / 1e6).toFixed(1)}M project-paths/s, ${(wall * 1e9 / projectPaths).toFixed(0)} ns a project-path`)
})
if (kernels.length === 2) {
  const differs = same(outputs[0]!, outputs[1]!)
  console.log(`  speed-up ${(best[1]!.wall / best[0]!.wall).toFixed(2)}× (CPU ${(best[1]!.cpu / best[0]!.cpu).toFixed(2)}×); outputs ${differs === undefined ? "identical, figure for figure" : `DIFFER (first in ${differs})`}`)
}
