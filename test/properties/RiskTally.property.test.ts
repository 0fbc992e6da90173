/**
 * Properties of the simulator's per-project and per-group tallies: on every
 * path the groups add up to the total (no reconciliation), per-project risk
 * is the same however the paths are split among workers and reproducible by
 * seed, and keeping tallies changes no path.
 */
import fc from "fast-check"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Calendar, ProjectEvent } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Forecast, RiskTally, Simulator } from "@groundbreak/forecast"
import type { Kpis } from "@groundbreak/indicators"
import type { Scenario } from "@groundbreak/scenario"
import { LedgerGenerator } from "@groundbreak/synth"
import { cut } from "../support.ts"

const ledgerArb = fc.record({
  seed: fc.integer(),
  newPerYear: fc.integer({ min: 6, max: 25 }),
  asOfDay: fc.integer({ min: Calendar.parseDate("2021-02-01")!, max: Calendar.parseDate("2021-11-30")! }),
  by: fc.constantFrom<Kpis.GroupBy>("district", "sector", "kind"),
  extras: fc.boolean()
})

const scenarioOf = (asOf: string, extras: boolean): Scenario.Scenario => ({
  name: "p",
  year: 2021,
  asOf,
  assumptions: extras
    ? {
      extraProjects: [
        { name: "招商", perMonth: { "10": 2.5, "11": 1 }, size: { unit: "万元", value: 8000 }, startProbability: 0.6, district: "新区" },
        { name: "补录", perMonth: { "12": 1 }, size: { unit: "万元", value: 3000 }, startProbability: 0.9 }
      ]
    }
    : {}
})

const run = (seed: number, newPerYear: number, asOf: string, scenario: Scenario.Scenario, options: { risk?: boolean; groupBy?: Kpis.GroupBy }) =>
  Effect.runPromise(Effect.gen(function*() {
    const lines = [...LedgerGenerator.generateLedger({ seed, prefix: "R", firstYear: 2018, lastYear: 2021, newPerYear, until: asOf })].map(ProjectEvent.toJsonLine)
    yield* LedgerImport.importLedger("ledger", lines)
    return yield* Forecast.forecast({ scenario, year: 2021, asOf, knownAt: cut(asOf), paths: 50, seed: 11, ...options })
  }).pipe(Effect.provide(MemoryEventStore.layer)))

describe("risk and group tallies", { timeout: 300_000 }, () => {
  it("on every path the groups add up to the total", async () => {
    await fc.assert(fc.asyncProperty(ledgerArb, async ({ seed, newPerYear, asOfDay, by, extras }) => {
      const asOf = Calendar.formatDate(asOfDay)
      const out = await run(seed, newPerYear, asOf, scenarioOf(asOf, extras), { groupBy: by })
      const g = out.outcomes.groups!
      const width = g.names.length
      for (let o = 0; o < out.outcomes.investment.length; o++) {
        let investment = 0, projects = 0, newProjects = 0, newStarted = 0, active = 0
        for (let k = 0; k < width; k++) {
          investment += g.investment[o * width + k]!
          projects += g.projects[o * width + k]!
          newProjects += g.newProjects[o * width + k]!
          newStarted += g.newStarted[o * width + k]!
          active += g.continuingActive[o * width + k]!
        }
        expect(Math.abs(investment - out.outcomes.investment[o]!)).toBeLessThanOrEqual(1e-9 * Math.max(1, out.outcomes.investment[o]!))
        expect(newProjects).toBe(out.outcomes.newProjects[o])
        const startRate = newProjects === 0 ? NaN : newStarted / newProjects
        expect(startRate).toBe(out.outcomes.startRate[o])
        const startResumeRate = projects === 0 ? NaN : (newStarted + active) / projects
        expect(startResumeRate).toBe(out.outcomes.startResumeRate[o])
      }
    }), { numRuns: 20 })
  })

  it("per-project risk does not depend on how paths are split, is reproducible by seed, and changes no path", async () => {
    await fc.assert(fc.asyncProperty(ledgerArb, fc.integer({ min: 1, max: 49 }), async ({ seed, newPerYear, asOfDay, extras }, split) => {
      const asOf = Calendar.formatDate(asOfDay)
      const scenario = scenarioOf(asOf, extras)
      const withRisk = await run(seed, newPerYear, asOf, scenario, { risk: true })
      const again = await run(seed, newPerYear, asOf, scenario, { risk: true })
      const without = await run(seed, newPerYear, asOf, scenario, {})
      expect(JSON.stringify(again.risk)).toBe(JSON.stringify(withRisk.risk))
      expect(Array.from(without.outcomes.investment)).toEqual(Array.from(withRisk.outcomes.investment))
      const { compiled, model, prepared } = withRisk
      const parts = [Simulator.run(compiled, model, prepared, 0, split), Simulator.run(compiled, model, prepared, split, 50)]
      const merged = RiskTally.merge(parts, compiled.count).risk!
      const whole = withRisk.outcomes.risk!
      expect(Array.from(merged.completed)).toEqual(Array.from(whole.completed))
      expect(Array.from(merged.started)).toEqual(Array.from(whole.started))
      expect(Array.from(merged.histogram)).toEqual(Array.from(whole.histogram))
      expect(Array.from(merged.min)).toEqual(Array.from(whole.min))
      expect(Array.from(merged.max)).toEqual(Array.from(whole.max))
      for (const r of withRisk.risk!) {
        expect(r.p10).toBeLessThanOrEqual(r.p50 + 1e-9)
        expect(r.p50).toBeLessThanOrEqual(r.p90 + 1e-9)
        expect(r.p10).toBeGreaterThanOrEqual(r.toDate - 1e-6)
        if (r.pComplete !== null) expect(r.pComplete >= 0 && r.pComplete <= 1).toBe(true)
        if (r.isNew) expect(r.pStart).not.toBeNull()
      }
    }), { numRuns: 15 })
  })
})
