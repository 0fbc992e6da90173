/**
 * Calibration on ledgers our own generator makes with known parameters:
 * forecasting 2020 from 30 September (knowing what was known that day),
 * the P10–P90 interval of year-end investment holds the truth about 80% of
 * the time, and the simulation's median beats the run-rate and
 * seasonal-share methods on absolute percentage error.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Calendar, ProjectEvent } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Forecast } from "@groundbreak/forecast"
import { Kpis, Replay } from "@groundbreak/indicators"
import { LedgerGenerator } from "@groundbreak/synth"
import { cut } from "../support.ts"

const seeds = Array.from({ length: 24 }, (_, i) => 201 + i)

const trial = (seed: number) =>
  Effect.gen(function*() {
    const events = [...LedgerGenerator.generateLedger({ seed, prefix: "C", firstYear: 2016, lastYear: 2020, newPerYear: 150, until: "2021-01-31" })]
    yield* LedgerImport.importLedger("ledger", events.map(ProjectEvent.toJsonLine))
    const truth = Kpis.compute(
      (yield* Replay.portfolioKnownAt(cut("2021-01-31"))).projects.values(),
      { year: 2020, asOf: Calendar.parseDate("2020-12-31")! }
    ).completedInvestment
    const { result } = yield* Forecast.forecast({
      scenario: Forecast.baseline(2020, "2020-09-30"),
      year: 2020,
      asOf: "2020-09-30",
      knownAt: cut("2020-09-30"),
      paths: 400,
      seed: 1
    })
    return { truth, result }
  }).pipe(Effect.provide(MemoryEventStore.layer))

describe("calibration on generated ledgers", { timeout: 600_000 }, () => {
  it("P10–P90 holds the truth about 80% of the time, and the simulation beats run-rate and seasonal share", async () => {
    const trials = await Promise.all(seeds.map((seed) => Effect.runPromise(trial(seed))))
    const ape = (forecast: number, truth: number) => Math.abs(forecast - truth) / truth
    const covered = trials.filter(({ truth, result }) => result.investment.p10! <= truth && truth <= result.investment.p90!).length / trials.length
    const mape = (pick: (r: Forecast.ForecastResult) => number) => trials.reduce((s, t) => s + ape(pick(t.result), t.truth), 0) / trials.length
    const simulation = mape((r) => r.investment.p50!)
    const runRate = mape((r) => r.methods.runRate.investment)
    const seasonal = mape((r) => r.methods.seasonalShare.investment)
    console.log(`coverage ${(covered * 100).toFixed(0)}% of ${trials.length}; MAPE simulation ${(simulation * 100).toFixed(2)}%, run-rate ${(runRate * 100).toFixed(2)}%, seasonal share ${(seasonal * 100).toFixed(2)}%`)
    expect(covered).toBeGreaterThanOrEqual(0.65)
    expect(covered).toBeLessThanOrEqual(0.97)
    expect(simulation).toBeLessThan(runRate)
    expect(simulation).toBeLessThan(seasonal)
  })
})
