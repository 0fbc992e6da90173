/**
 * `pnpm bench:forecast`: the Monte Carlo at two scales, on this machine.
 * - city: a plan of about 1,000 projects × 10,000 paths (target < 2 s);
 * - national: about 500,000 projects × 1,000 paths (target ≤ 30 s, ≤ 2 GiB, with `--risk`).
 * Ledgers come from the seeded generator, folded straight into project facts
 * (no store: this measures estimation, compilation and simulation). The city
 * case is also run end to end through an in-memory store (with the backtests
 * that measure the model's error), beside the simulation alone on the model it fitted.
 *
 *   pnpm bench:forecast [--only city|national] [--risk]
 *
 * With `--risk`, the simulator also keeps the per-project risk counters and
 * per-district path sums of `warnings --forecast` and `forecast --by`
 * (RiskTally), and the national case prints the per-project summary's time.
 */
import { availableParallelism } from "node:os"
import { Effect, Result } from "effect"
import { Calendar, CompactEvent, KnowledgeCut, ProjectEvent, ProjectFacts } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Estimation, Forecast, CompiledPlan, ProjectRisk, RiskTally, SimulationPool, Simulator, PlanCompiler, ScenarioDraws } from "@groundbreak/forecast"
import { LedgerGenerator } from "@groundbreak/synth"

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : undefined
const risk = process.argv.includes("--risk")
const seconds = (from: number) => (performance.now() - from) / 1000
/** CPU seconds (user + system, every thread of the process) since `from`. */
const cpuSeconds = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from)
  return (used.user + used.system) / 1e6
}
const peakMiB = () => Math.round(process.resourceUsage().maxRSS / 1024)

/** Facts as known at K, folded from generated events without keeping them. */
const factsFrom = (newPerYear: number, knownBy: number) => {
  const portfolio = new ProjectFacts.Portfolio()
  let position = 0, events = 0
  for (const event of LedgerGenerator.generateLedger({ seed: 42, prefix: "B", firstYear: 2018, lastYear: 2020, newPerYear, until: "2020-12-31" })) {
    events++
    const compact = CompactEvent.compact(event, ++position)
    if (compact.knownAt <= knownBy) portfolio.add(compact)
  }
  return { facts: [...portfolio.projects.values()], events }
}

const simulate = (label: string, newPerYear: number, paths: number, target: string) => {
  const asOf = Calendar.parseDate("2020-09-30")!
  const knownBy = Calendar.parseKnowledgeCut("2020-09-30")!
  let t = performance.now()
  const { facts, events } = factsFrom(newPerYear, knownBy)
  const generated = seconds(t)
  t = performance.now()
  const model = Estimation.fit(facts, 2020, asOf)
  const compiled = PlanCompiler.compile(facts, 2020, asOf)
  const scenario = Forecast.baseline(2020, "2020-09-30")
  const prepared = Effect.runSync(ScenarioDraws.prepare(compiled, scenario, 1, risk ? { risk: true, groups: RiskTally.groupSpec(compiled, scenario, "district") } : undefined))
  const fitted = seconds(t)
  const peakBefore = peakMiB()
  // What the process holds as it starts simulating: the replayed project facts (a user's forecast holds them too,
  // for the summary), not the generated events, which are folded as they are generated.
  const heapBefore = Math.round(process.memoryUsage().heapUsed / 1048576), factCount = facts.length
  const cpu = process.cpuUsage()
  return Effect.runPromise(SimulationPool.runPaths(compiled, model, prepared, paths)).then((outcomes) => {
    const simulated = seconds(t) - fitted, simulatedCpu = cpuSeconds(cpu)
    const mean = outcomes.investment.reduce((a, b) => a + b, 0) / paths
    let tallies = ""
    if (outcomes.risk !== undefined) {
      const s = performance.now()
      const risks = ProjectRisk.of(compiled, outcomes.risk)
      const likely = risks.filter((r, i) => (ProjectRisk.pMiss(r, compiled.startMonth[i] !== CompiledPlan.NEVER) ?? 0) > 0.5).length
      tallies = `; risk tallies on: per-project summary ${seconds(s).toFixed(2)} s, ${likely.toLocaleString("en-US")} projects with P(miss) > 50%`
    }
    console.log(
      `${label.padEnd(9)} ${compiled.count.toLocaleString("en-US").padStart(8)} plan projects × ${paths.toLocaleString("en-US").padStart(6)} paths: ` +
        `fit+compile ${fitted.toFixed(2)} s, simulate ${simulated.toFixed(2)} s ` +
        `(${Math.round((compiled.count * paths) / simulated / 1e6)}M project-paths/s; CPU of every thread ${simulatedCpu.toFixed(2)} s), peak RSS ${peakMiB()} MiB (${peakBefore} MiB before simulating, ` +
        `${heapBefore} MiB of heap in use then: the facts of ${factCount.toLocaleString("en-US")} projects)   target ${target}` +
        `   [ledger ${events.toLocaleString("en-US")} events generated in ${generated.toFixed(1)} s; mean year-end ${(mean / 1e4).toFixed(0)} 亿元${tallies}]`
    )
  })
}

/**
 * The city forecast end to end after startup (replay, fit, model error, simulate, summarize), beside the
 * simulation alone on the same fitted model, measured in the same process: best of `rounds` of each, alternated,
 * so that a busy machine slows both alike.
 */
const endToEnd = async (rounds = 3) => {
  const lines = [...LedgerGenerator.generateLedger({ seed: 42, prefix: "B", firstYear: 2016, lastYear: 2020, newPerYear: 420, until: "2020-12-31" })]
    .filter((e) => e.knownAt.slice(0, 10) <= "2020-09-30").map(ProjectEvent.toJsonLine)
  const request = { scenario: Forecast.baseline(2020, "2020-09-30"), year: 2020, asOf: "2020-09-30", knownAt: Result.getOrThrow(KnowledgeCut.parse("2020-09-30")), paths: 10_000, seed: 1 }
  await Effect.runPromise(Effect.gen(function*() {
    yield* LedgerImport.importLedger("bench", lines)
    let whole = Infinity, alone = Infinity, wholeCpu = Infinity, aloneCpu = Infinity
    let out: Forecast.ForecastOutput | undefined
    for (let round = 0; round < rounds; round++) {
      let started = performance.now(), cpu = process.cpuUsage()
      out = yield* Forecast.forecast(request)
      whole = Math.min(whole, seconds(started))
      wholeCpu = Math.min(wholeCpu, cpuSeconds(cpu))
      started = performance.now(), cpu = process.cpuUsage()
      yield* Forecast.simulate(out.fitted, request)
      alone = Math.min(alone, seconds(started))
      aloneCpu = Math.min(aloneCpu, cpuSeconds(cpu))
    }
    const { result } = out!
    console.log(
      `end to end (in-memory store, ${result.model.projects} plan projects, 10,000 paths, backtests of ${result.model.error.years.join(", ")}): ` +
        `forecast ${whole.toFixed(2)} s after import (replay, fit, model error, simulate, summarize); the simulation alone on the same model ` +
        `${alone.toFixed(2)} s; end to end / simulation alone ${(whole / alone).toFixed(2)}   target ≤ 1.5 s (best of ${rounds}; ` +
        `CPU of every thread: ${wholeCpu.toFixed(2)} s against ${aloneCpu.toFixed(2)} s)`
    )
  }).pipe(Effect.provide(MemoryEventStore.layer)))
}

console.log(`cores: ${availableParallelism()}`)
if (only !== "national") {
  await simulate("city", 420, 10_000, "< 2 s")
  await endToEnd()
}
if (only !== "city") await simulate("national", 213_000, 1_000, "≤ 30 s, ≤ 2048 MiB")
