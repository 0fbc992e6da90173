/**
 * Properties of forecasts on generated ledgers: reproducible from the seed,
 * ordered quantiles, never below what is already done, monotone in pace,
 * indifferent to an empty pause, and collapsing to the actual when nothing
 * is left to happen.
 */
import fc from "fast-check"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Calendar, ProjectEvent } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Forecast } from "@groundbreak/forecast"
import type { Scenario } from "@groundbreak/scenario"
import { LedgerGenerator } from "@groundbreak/synth"
import { cut } from "../support.ts"

const ledgerArb = fc.record({
  seed: fc.integer(),
  newPerYear: fc.integer({ min: 6, max: 25 }),
  asOfDay: fc.integer({ min: Calendar.parseDate("2021-02-01")!, max: Calendar.parseDate("2021-11-30")! })
})

const history = (seed: number, newPerYear: number, until: string) =>
  [...LedgerGenerator.generateLedger({ seed, prefix: "F", firstYear: 2018, lastYear: 2021, newPerYear, until })].map(ProjectEvent.toJsonLine)

const forecasts = (lines: Array<string>, runs: ReadonlyArray<{ scenario: Scenario.Scenario; asOf: string; knownAt?: string; seed?: number }>) =>
  Effect.runPromise(Effect.gen(function*() {
    yield* LedgerImport.importLedger("ledger", lines)
    return yield* Effect.forEach(runs, (r) =>
      Forecast.forecast({ scenario: r.scenario, year: 2021, asOf: r.asOf, knownAt: cut(r.knownAt ?? r.asOf), paths: 60, seed: r.seed ?? 7 }))
  }).pipe(Effect.provide(MemoryEventStore.layer)))

const base = (asOf: string, assumptions: Scenario.Scenario["assumptions"] = {}): Scenario.Scenario => ({ name: "p", year: 2021, asOf, assumptions })

describe("forecast properties", { timeout: 300_000 }, () => {
  it("the same inputs and seed give byte-identical output; quantiles are ordered; nothing falls below what is done", async () => {
    await fc.assert(fc.asyncProperty(ledgerArb, async ({ seed, newPerYear, asOfDay }) => {
      const asOf = Calendar.formatDate(asOfDay)
      const [a, b] = await forecasts(history(seed, newPerYear, asOf), [{ scenario: base(asOf), asOf }, { scenario: base(asOf), asOf }])
      expect(JSON.stringify(b!.result)).toBe(JSON.stringify(a!.result))
      for (const d of [a!.result.investment, a!.result.startRate, a!.result.startResumeRate, a!.result.commissioned]) {
        if (d.p10 === null) continue
        expect(d.p10).toBeLessThanOrEqual(d.p50!)
        expect(d.p50).toBeLessThanOrEqual(d.p90!)
      }
      for (let i = 0; i < a!.outcomes.investment.length; i++) {
        expect(a!.outcomes.investment[i]).toBeGreaterThanOrEqual(a!.result.investment.actualToDate! - 1e-6)
        if (a!.result.startRate.actualToDate !== null) expect(a!.outcomes.startRate[i]).toBeGreaterThanOrEqual(a!.result.startRate.actualToDate - 1e-12)
      }
    }), { numRuns: 25 })
  })

  it("a higher pace never lowers investment on the same random numbers, and an empty pause changes nothing", async () => {
    await fc.assert(fc.asyncProperty(ledgerArb, fc.double({ min: 1, max: 1.5, noNaN: true }), async ({ seed, newPerYear, asOfDay }, faster) => {
      const asOf = Calendar.formatDate(asOfDay)
      const [slow, fast, baseline, paused] = await forecasts(history(seed, newPerYear, asOf), [
        { scenario: base(asOf, { pace: { overall: 1 } }), asOf },
        { scenario: base(asOf, { pace: { overall: faster } }), asOf },
        { scenario: base(asOf), asOf },
        { scenario: base(asOf, { pauses: [{ name: "nothing", from: "2021-01-01", to: "2021-12-31", intensity: 0 }] }), asOf }
      ])
      for (let i = 0; i < slow!.outcomes.investment.length; i++) {
        expect(fast!.outcomes.investment[i]).toBeGreaterThanOrEqual(slow!.outcomes.investment[i]! - 1e-6)
      }
      expect(Array.from(paused!.outcomes.investment)).toEqual(Array.from(baseline!.outcomes.investment))
      expect(Array.from(paused!.outcomes.startRate)).toEqual(Array.from(baseline!.outcomes.startRate))
    }), { numRuns: 20 })
  })

  it("at 31 December with everything known, the forecast collapses to the actual", async () => {
    await fc.assert(fc.asyncProperty(fc.integer(), fc.integer({ min: 6, max: 25 }), async (seed, newPerYear) => {
      const [r] = await forecasts(history(seed, newPerYear, "2022-02-28"), [{ scenario: base("2021-12-31"), asOf: "2021-12-31", knownAt: "2022-02-28" }])
      const { investment, startRate, startResumeRate, commissioned } = r!.result
      for (const d of [investment, startRate, startResumeRate, commissioned]) {
        expect(d.p10).toBeCloseTo(d.actualToDate!, 6)
        expect(d.p90).toBeCloseTo(d.actualToDate!, 6)
      }
    }), { numRuns: 15 })
  })
})
