/**
 * A model is fitted once per command and reused: the store is read once
 * (Replay.history), the model fitted once (Model.fit, with its model-error
 * backtests), and every scenario, sensitivity knob and backtest origin runs
 * on it. Reads and fits are counted through the spans they open; and a
 * forecast on a model fitted once equals the old path, where every cut was
 * a replay of the store of its own.
 */
import fc from "fast-check"
import { Effect, Tracer } from "effect"
import { describe, expect, it } from "vitest"
import { Calendar, KnowledgeCut, ProjectEvent } from "@groundbreak/domain"
import { EventStore, MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Backtest, Forecast, Model, ScenarioComparison, SimulationPool, Simulator, ScenarioDraws } from "@groundbreak/forecast"
import { Replay } from "@groundbreak/indicators"
import type { Scenario } from "@groundbreak/scenario"
import { LedgerGenerator } from "@groundbreak/synth"
import { cut, waitFor } from "../support.ts"

const ledger = (seed: number, newPerYear: number, until: string) =>
  [...LedgerGenerator.generateLedger({ seed, prefix: "M", firstYear: 2018, lastYear: 2021, newPerYear, until })].map(ProjectEvent.toJsonLine)

/** Runs `program` on a memory store holding `lines`, counting the spans opened by name and the store's scans. */
const counted = <A, E>(lines: ReadonlyArray<string>, program: Effect.Effect<A, E, EventStore>) => {
  const spans = new Map<string, number>()
  let scans = 0
  const tracer = Tracer.make({
    span(options) {
      spans.set(options.name, (spans.get(options.name) ?? 0) + 1)
      return Tracer.nativeTracer.span(options)
    }
  })
  return Effect.runPromise(Effect.gen(function*() {
    const store = yield* MemoryEventStore.make
    yield* LedgerImport.importLedger("ledger", lines).pipe(Effect.provideService(EventStore, store))
    const counting = EventStore.of({ ...store, scan: (knownBy, visit) => Effect.suspend(() => (scans++, store.scan(knownBy, visit))) })
    const value = yield* program.pipe(Effect.provideService(EventStore, counting), Effect.withTracer(tracer))
    return { value, scans, spans: (name: string) => spans.get(name) ?? 0 }
  }))
}

/** The old path: every cut, the forecast's own and each model-error backtest's, is a replay of the store of its own. */
const replayedAtEveryCut = Effect.fn(function*(at: KnowledgeCut.KnowledgeCut) {
  const store = yield* EventStore
  const replay = (c: KnowledgeCut.KnowledgeCut): Replay.History => ({
    cut: c,
    facts: [...Effect.runSync(Replay.portfolioKnownAt(c).pipe(Effect.provideService(EventStore, store))).projects.values()],
    at: replay
  })
  return replay(at)
})

const scenario = (asOf: string, assumptions: Scenario.Assumptions): Scenario.Scenario => ({ name: "s", year: 2021, asOf, assumptions })

/** A scenario with four knobs: pace, start delay, cancellation and a pause. */
const knobbed = (asOf: string) => scenario(asOf, {
  pace: { overall: { dist: "triangular", min: 0.8, mode: 1, max: 1.2 } },
  startDelayShift: 1,
  cancellationProbability: 0.05,
  pauses: [{ name: "rain", from: "2021-07-01", to: "2021-07-31", intensity: 0.3 }]
})

describe("a model fitted once per command", { timeout: 600_000 }, () => {
  it("compare with N knobs reads the store once and fits once, and gives what a fresh forecast of each scenario gives", async () => {
    const asOf = "2021-08-31"
    const scenarios = [knobbed(asOf), scenario(asOf, { pace: { overall: 1.1 } })]
    expect(ScenarioComparison.knobs(scenarios[0]!).length).toBe(4)
    const { value, scans, spans } = await counted(ledger(5, 30, "2021-12-31"), Effect.gen(function*() {
      const model = yield* Model.fit(yield* Replay.history(cut(asOf)), { year: 2021, asOf, seed: 3 })
      return yield* ScenarioComparison.compare(model, { scenarios, paths: 40 })
    }))
    // Two scenarios and their 4 + 1 knobs × 2 settings ran; one read of the store, one fit, one set of model-error backtests.
    expect(value.tornadoes.map((t) => t.bars.length)).toEqual([4, 1])
    expect(scans).toBe(1)
    expect(spans("Replay.history")).toBe(1)
    expect(spans("Model.fit")).toBe(1)
    expect(spans("ModelError.estimate")).toBe(1)
    expect(spans("Forecast.simulate")).toBe(2 + 5 * 2)
    const fresh = await counted(ledger(5, 30, "2021-12-31"), Effect.forEach(scenarios, (s) =>
      Forecast.forecast({ scenario: s, year: 2021, asOf, knownAt: cut(asOf), paths: 40, seed: 3 })))
    expect(JSON.stringify(value.results)).toBe(JSON.stringify(fresh.value.map((f) => f.result)))
    // Forecasts of their own read the store once each (and, before Model, four times each: K and three backtest years).
    expect(fresh.scans).toBe(2)
  })

  it("a backtest reads the store once for all its origins", async () => {
    const { value, scans, spans } = await counted(ledger(8, 25, "2021-12-31"), Backtest.backtest({
      scenario: { name: "b", year: 2020, asOf: "2020-06-30" },
      years: [2019, 2020],
      asOfs: ["06-30", "09-30"],
      paths: 30,
      seed: 2
    }))
    expect(value.origins.length).toBe(4)
    expect(scans).toBe(1)
    expect(spans("Replay.portfolioKnownAt")).toBe(0)
    expect(spans("Model.fit")).toBe(4)
  })

  it("a forecast on a model fitted once equals the old path, which replayed the store at every cut, for any scenario run on it", async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer(),
      fc.integer({ min: 8, max: 25 }),
      fc.integer({ min: Calendar.parseDate("2021-02-01")!, max: Calendar.parseDate("2021-11-30")! }),
      fc.integer({ min: 0, max: 40 }),
      fc.double({ min: 0.7, max: 1.4, noNaN: true }),
      fc.integer({ min: 1, max: 1000 }),
      async (seed, newPerYear, asOfDay, laterDays, pace, forecastSeed) => {
        const asOf = Calendar.formatDate(asOfDay)
        // K at or after D, and the ledger runs beyond it: the cut, not the ledger's end, decides what is known.
        const knownAt = KnowledgeCut.endOfDay(asOfDay + laterDays)
        const fit = { year: 2021, asOf, seed: forecastSeed }
        const first = scenario(asOf, { pace: { overall: 1 } }), second = scenario(asOf, { pace: { overall: pace } })
        const { value } = await counted(ledger(seed, newPerYear, "2021-12-31"), Effect.gen(function*() {
          const once = yield* Model.fit(yield* Replay.history(knownAt), fit)
          const reused = [yield* Forecast.run(once, { scenario: first, paths: 30 }), yield* Forecast.run(once, { scenario: second, paths: 30 })]
          const old = yield* Model.fit(yield* replayedAtEveryCut(knownAt), fit)
          return { reused, old: yield* Forecast.run(old, { scenario: second, paths: 30 }) }
        }))
        expect(JSON.stringify(value.reused[1]!.result)).toBe(JSON.stringify(value.old.result))
        expect(Array.from(value.reused[1]!.outcomes.investment)).toEqual(Array.from(value.old.outcomes.investment))
      }
    ), { numRuns: 12 })
  })

  it("workers started once serve every run of a command, with the outcomes fresh workers give, and are stopped with it", async () => {
    const asOf = "2021-06-30"
    const { value } = await counted(ledger(11, 60, "2021-12-31"), Effect.gen(function*() {
      const model = yield* Model.fit(yield* Replay.history(cut(asOf)), { year: 2021, asOf, seed: 4 })
      const paths = Math.ceil(200_000 / model.compiled.count) + 7
      expect(SimulationPool.worthWorkers(model.compiled.count, paths)).toBe(true)
      const run = (s: Scenario.Scenario, pool?: SimulationPool.Pool) =>
        ScenarioDraws.prepare(model.compiled, s, model.seed).pipe(
          Effect.flatMap((prepared) => SimulationPool.runPaths(model.compiled, model.parameters, prepared, paths, pool === undefined ? { workers: 2 } : { pool }))
        )
      const scenarios = [scenario(asOf, {}), scenario(asOf, { pace: { overall: 1.2 } }), scenario(asOf, { startDelayShift: 2 })]
      const fresh = yield* Effect.forEach(scenarios, (s) => run(s))
      const pooled = yield* Effect.scoped(Effect.gen(function*() {
        const pool = yield* SimulationPool.pool(2)
        const outcomes = yield* Effect.forEach(scenarios, (s) => run(s, pool))
        // Each run took its listeners off the workers when it ended.
        return { outcomes, listeners: pool.map((w) => w.listenerCount("message")), live: SimulationPool.liveWorkers() }
      }))
      return { fresh, pooled, liveAfter: SimulationPool.liveWorkers() }
    }))
    value.fresh.forEach((f, i) => expect(Array.from(value.pooled.outcomes[i]!.investment)).toEqual(Array.from(f.investment)))
    expect(value.pooled.listeners).toEqual([0, 0])
    expect(value.pooled.live).toBe(2)
    // Terminated with their scope (each exit is reported as it happens).
    expect(await waitFor(() => SimulationPool.liveWorkers() === 0, 10_000)).toBe(true)
  })
})
