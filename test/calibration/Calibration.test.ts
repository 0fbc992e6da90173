/**
 * Calibration on ledgers our own generator makes, as lumpy as real ones: the generator's defaults carry what the
 * practice cities (`../shared/worlds`, `pnpm bench:realism`) showed it lacked before — months of heavy-tailed
 * spending with catch-up, city-wide shocks and disruptions, northern winter stops (every third city here), year-end
 * pushes and starts known late. Standing on 30 September 2020 with what was known that day, the forecast of
 * year-end 2020 completed investment is scored against the year end as known on 30 June 2021, over 24 cities.
 *
 * The bands are those a good forecaster meets on realistic data, and each can fail:
 * - the P10–P90 interval holds the truth in 65–95% of the cities (80% nominal; with 24 cities the binomial spread is
 *   about ±8 points): narrower intervals than the error fail the lower bound, intervals padded to be safe the upper;
 * - no city is missed by more than twice its interval's half-width beyond the interval (an interval that is right
 *   on average but blind to some cities fails);
 * - the simulation's median is within 6% of the truth on average (the practice cities give 3.5–4%; the smooth
 *   ledgers of the old generator gave 1.6–1.7%, which made this test say nothing about real data), and beats the
 *   run-rate method that anyone can compute from the same year to date.
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

const cities = Array.from({ length: 24 }, (_, i) => ({ seed: 201 + i, northern: i % 3 === 2 }))

const trial = ({ seed, northern }: { readonly seed: number; readonly northern: boolean }) =>
  Effect.gen(function*() {
    const events = [...LedgerGenerator.generateLedger({ seed, prefix: "C", firstYear: 2016, lastYear: 2020, newPerYear: 150, until: "2021-06-30", northern })]
    yield* LedgerImport.importLedger("ledger", events.map(ProjectEvent.toJsonLine))
    const truth = Kpis.compute(
      (yield* Replay.portfolioKnownAt(cut("2021-06-30"))).projects.values(),
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

describe("calibration on realistic generated ledgers", { timeout: 600_000 }, () => {
  it("P10–P90 holds the truth in 65–95% of cities, misses none by far, and the median is within 6% and beats run-rate", async () => {
    const trials = await Promise.all(cities.map((city) => Effect.runPromise(trial(city))))
    const ape = (forecast: number, truth: number) => Math.abs(forecast - truth) / truth
    const covered = trials.filter(({ truth, result }) => result.investment.p10! <= truth && truth <= result.investment.p90!).length / trials.length
    // How far beyond its interval each city's truth falls, in half-widths of the interval (0 inside it).
    const misses = trials.map(({ truth, result }) => {
      const { p10, p90 } = result.investment
      const halfWidth = (p90! - p10!) / 2
      return Math.max(0, p10! - truth, truth - p90!) / halfWidth
    })
    const mape = (pick: (r: Forecast.ForecastResult) => number) => trials.reduce((s, t) => s + ape(pick(t.result), t.truth), 0) / trials.length
    const simulation = mape((r) => r.investment.p50!)
    const headline = mape((r) => (r.combined.headline ? r.combined.investment.p50! : r.investment.p50!))
    const runRate = mape((r) => r.methods.runRate.investment)
    const seasonal = mape((r) => r.methods.seasonalShare.investment)
    console.log(
      `coverage ${(covered * 100).toFixed(0)}% of ${trials.length}; worst miss ${Math.max(...misses).toFixed(2)} half-widths; ` +
        `MAPE simulation ${(simulation * 100).toFixed(2)}%, headline ${(headline * 100).toFixed(2)}%, run-rate ${(runRate * 100).toFixed(2)}%, seasonal share ${(seasonal * 100).toFixed(2)}%`
    )
    expect(covered).toBeGreaterThanOrEqual(0.65)
    expect(covered).toBeLessThanOrEqual(0.95)
    expect(Math.max(...misses)).toBeLessThanOrEqual(2)
    expect(simulation).toBeLessThanOrEqual(0.06)
    expect(simulation).toBeLessThan(runRate)
  })
})
