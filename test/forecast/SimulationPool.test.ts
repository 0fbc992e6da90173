/**
 * The simulation's worker threads are a scoped resource: interrupting a
 * forecast (Ctrl-C) terminates them at once, and a worker that fails makes
 * the run fail with `SimulationFailed`, not hang or crash.
 */
import { Cause, Effect, Exit, Fiber } from "effect"
import { describe, expect, it } from "vitest"
import { cut, threadCount, waitFor } from "../support.ts"
import { Calendar, ProjectEvent } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Estimation, Forecast, RiskTally, SimulationPool, Simulator, PlanCompiler, ScenarioDraws } from "@groundbreak/forecast"
import { Replay } from "@groundbreak/indicators"
import { LedgerGenerator } from "@groundbreak/synth"

const asOf = "2021-06-30"
const prepared = Effect.runPromise(Effect.gen(function*() {
  const lines = [...LedgerGenerator.generateLedger({ seed: 5, prefix: "P", firstYear: 2019, lastYear: 2021, newPerYear: 60, until: asOf })]
    .map(ProjectEvent.toJsonLine)
  yield* LedgerImport.importLedger("ledger", lines)
  const facts = [...(yield* Replay.portfolioKnownAt(cut(asOf))).projects.values()]
  const day = Calendar.parseDate(asOf)!
  const compiled = PlanCompiler.compile(facts, 2021, day)
  return { compiled, model: Estimation.fit(facts, 2021, day), prepared: yield* ScenarioDraws.prepare(compiled, Forecast.baseline(2021, asOf), 1) }
}).pipe(Effect.provide(MemoryEventStore.layer)))

describe("simulation pool", { timeout: 60_000 }, () => {
  it("interrupting a run terminates its worker threads", async () => {
    const { compiled, model, prepared: p } = await prepared
    const before = threadCount()
    let progress = 0
    // Far more work than the test waits for: only interruption can end it in time.
    const fiber = Effect.runFork(SimulationPool.runPaths(compiled, model, p, 400_000, { workers: 2, onProgress: (done) => (progress = done) }))
    expect(await waitFor(() => progress > 0 && SimulationPool.liveWorkers() === 2, 20_000)).toBe(true)
    expect(threadCount()).toBeGreaterThanOrEqual(before + 2)
    const exit = await Effect.runPromise(Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber))))
    expect(Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause)).toBe(true)
    expect(SimulationPool.liveWorkers()).toBe(0)
    expect(await waitFor(() => threadCount() <= before, 5_000)).toBe(true)
  })

  it("two workers give the same paths and tallies as one thread", async () => {
    const { compiled, model } = await prepared
    const scenario = Forecast.baseline(2021, asOf)
    const p = Effect.runSync(ScenarioDraws.prepare(compiled, scenario, 3, { risk: true, groups: RiskTally.groupSpec(compiled, scenario, "district") }))
    const paths = Math.ceil(200_000 / compiled.count) + 10
    const pooled = await Effect.runPromise(SimulationPool.runPaths(compiled, model, p, paths, { workers: 2 }))
    const alone = Simulator.run(compiled, model, p, 0, paths)
    for (const key of ["investment", "plannedInvestment", "startRate", "startResumeRate", "commissioned", "newProjects", "monthlyInvestment", "monthlyStarts"] as const) {
      expect(Array.from(pooled[key])).toEqual(Array.from(alone[key]))
    }
    expect(pooled.risk).toEqual(alone.risk)
    expect(pooled.groups).toEqual(alone.groups)
    pooled.districtMeans.forEach((m, d) => expect(m).toBeCloseTo(alone.districtMeans[d]!, 6))
  })

  it("a worker's failure is a SimulationFailed error naming the cause", async () => {
    const { compiled, model, prepared: p } = await prepared
    const broken = { ...model, workCalendar: undefined, curve: undefined } as unknown as Estimation.Model
    const exit = await Effect.runPromiseExit(SimulationPool.runPaths(compiled, broken, p, 4_000, { workers: 2 }))
    expect(Exit.isFailure(exit)).toBe(true)
    const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
    expect(error).toBeInstanceOf(SimulationPool.SimulationFailed)
    expect((error as SimulationPool.SimulationFailed).message).toMatch(/^the simulation failed: .+/)
    expect(await waitFor(() => SimulationPool.liveWorkers() === 0, 5_000)).toBe(true)
  })
})
