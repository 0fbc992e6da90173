/**
 * Simulated futures are events too: writing path I as events, importing
 * them over the history known at K, and reading the KPIs at 31 December
 * gives exactly that path's year-end figures. Holds for baseline and for
 * scenarios with pauses, shifts, cancellations and extra projects. And the
 * path as the Monte Carlo runs it without a recorder (where the simulator
 * plays the projects under way from per-block constants instead of
 * `projectPath`) is the same path, figure for figure.
 */
import fc from "fast-check"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Calendar, ProjectEvent } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Forecast, SimulatedEvents, Simulator } from "@groundbreak/forecast"
import { Kpis, Replay } from "@groundbreak/indicators"
import type { Scenario } from "@groundbreak/scenario"
import { LedgerGenerator } from "@groundbreak/synth"
import { cut } from "../support.ts"

const scenarioArb = (year: number, asOf: string): fc.Arbitrary<Scenario.Scenario> =>
  fc.record({
    shift: fc.option(fc.integer({ min: -2, max: 3 })),
    cancel: fc.option(fc.double({ min: 0, max: 0.3, noNaN: true })),
    pause: fc.option(fc.record({ from: fc.integer({ min: 1, max: 12 }), months: fc.integer({ min: 0, max: 3 }), intensity: fc.double({ min: 0, max: 1, noNaN: true }) })),
    extra: fc.option(fc.record({ perMonth: fc.integer({ min: 0, max: 3 }), p: fc.double({ min: 0, max: 1, noNaN: true }) }))
  }).map(({ shift, cancel, pause, extra }) => {
    const pauses = pause === null ? [] : [{
      name: "寒潮",
      from: `${year}-${String(pause.from).padStart(2, "0")}-05`,
      to: Calendar.formatDate(Calendar.endOfMonth(year * 100 + Math.min(12, pause.from + pause.months))),
      intensity: pause.intensity
    }]
    return {
      name: "property",
      year,
      asOf,
      assumptions: {
        ...(shift === null ? {} : { startDelayShift: shift }),
        ...(cancel === null ? {} : { cancellationProbability: cancel }),
        pauses,
        ...(extra === null ? {} : {
          extraProjects: [{ name: "push", perMonth: { "11": extra.perMonth, "12": extra.perMonth }, size: { unit: "亿元" as const, value: { dist: "lognormal" as const, median: 1.5, sigma: 0.5 } }, startProbability: extra.p }]
        })
      }
    }
  })

const caseArb = fc.record({
  seed: fc.integer(),
  newPerYear: fc.integer({ min: 4, max: 20 }),
  asOfDay: fc.integer({ min: Calendar.parseDate("2021-03-01")!, max: Calendar.parseDate("2021-11-30")! }),
  path: fc.integer({ min: 0, max: 50 }),
  forecastSeed: fc.integer({ min: 1, max: 1000 })
}).chain((c) => scenarioArb(2021, Calendar.formatDate(c.asOfDay)).map((scenario) => ({ ...c, scenario })))

describe("simulated paths written as events", { timeout: 300_000 }, () => {
  it("import over the known history and KPIs at 31 December equal the path's year-end figures", async () => {
    await fc.assert(fc.asyncProperty(caseArb, async ({ seed, newPerYear, asOfDay, path, forecastSeed, scenario }) => {
      const asOf = Calendar.formatDate(asOfDay)
      const knownBy = Calendar.parseKnowledgeCut(asOf)!
      const history = [...LedgerGenerator.generateLedger({ seed, prefix: "T", firstYear: 2019, lastYear: 2021, newPerYear, until: "2021-12-31" })]
        .filter((e) => Calendar.parseInstant(e.knownAt)! <= knownBy)
      const { events, outcome, unrecorded } = await Effect.runPromise(Effect.gen(function*() {
        yield* LedgerImport.importLedger("history", history.map(ProjectEvent.toJsonLine))
        const out = yield* Forecast.forecast({ scenario, year: 2021, asOf, knownAt: cut(asOf), paths: 1, seed: forecastSeed })
        const unrecorded = Simulator.run(out.compiled, out.model, out.prepared, path, path + 1)
        return { ...SimulatedEvents.pathEvents(out.compiled, out.model, out.prepared, path, out.fitted.cut.at), unrecorded }
      }).pipe(Effect.provide(MemoryEventStore.layer)))
      expect(unrecorded).toEqual(outcome)
      const kpis = await Effect.runPromise(Effect.gen(function*() {
        yield* LedgerImport.importLedger("history+path", [...history, ...events].map(ProjectEvent.toJsonLine))
        // December's investment is known once December has ended.
        const facts = (yield* Replay.portfolioKnownAt(cut("2022-01-01T00:00:00+08:00"))).projects.values()
        return Kpis.compute(facts, { year: 2021, asOf: Calendar.parseDate("2021-12-31")! })
      }).pipe(Effect.provide(MemoryEventStore.layer)))
      expect(kpis.completedInvestment).toBeCloseTo(outcome.investment[0]!, 4)
      expect(kpis.startRate ?? NaN).toBe(outcome.startRate[0]!)
      expect(kpis.startResumeRate ?? NaN).toBe(outcome.startResumeRate[0]!)
      expect(kpis.commissioned).toBe(outcome.commissioned[0]!)
    }), { numRuns: 40 })
  })
})


