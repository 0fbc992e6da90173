/**
 * Invariants of the ledger, the store and the indicators, over generated
 * ledgers: replay determinism, round trips, idempotent re-import, no
 * look-ahead, rates in [0, 1], groups that add up, and completed investment
 * that never falls as the valid date moves on.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Effect, Exit } from "effect"
import { Calendar, FactTiming, type ProjectEvent } from "@groundbreak/domain"
import { EventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Kpis } from "@groundbreak/indicators"
import { cutArb, exportAll, importEvents, type Ledger, ledgerArb, portfolio, runWithMemoryStore } from "../support.ts"

const runs = { numRuns: 40 }

const dayMs = 86_400_000

/**
 * A generated ledger with the knowledge times of a few events moved, earlier
 * (as far as the day it happened) or later (by up to a year): starts known
 * before their signing, reports before their start, suspensions before the
 * resumption that precedes them. Import may refuse such a ledger; whatever
 * it accepts must be cut by K without look-ahead.
 */
const reorderedLedgerArb: fc.Arbitrary<Ledger & { readonly moved: ReadonlyArray<number> }> = ledgerArb.chain((ledger) =>
  fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 1000 })), { minLength: 1, maxLength: 4 }).map((moves) => {
    const events = [...ledger.events]
    const moved: Array<number> = []
    // Half the moves are of the steps others depend on (most events are investment reports).
    const steps = events.flatMap((e, i) => ["ProjectSigned", "ProjectStarted", "ProjectSuspended", "ProjectResumed"].includes(e.type) ? [i] : [])
    for (const [pick, step, earlier, permille] of moves) {
      const fraction = permille / 1000
      const i = step && steps.length > 0 ? steps[pick % steps.length]! : pick % events.length
      const e = events[i]!
      const known = Calendar.parseInstant(e.knownAt)!
      const period = e.type === "InvestmentReported" ? Calendar.parseMonth(e.data.period)! : 0
      const floor = FactTiming.earliestKnownAt(e.type, Calendar.parseDate(e.occurredOn)!, period) ?? known - 60 * dayMs
      const to = earlier ? floor + Math.floor((known - floor) * fraction) : known + Math.floor(365 * dayMs * fraction)
      events[i] = { ...e, knownAt: Calendar.formatInstantChina(to) } as ProjectEvent.ProjectEvent
      moved.push(to)
    }
    return { ...ledger, events, moved }
  })
)

/** The facts of every project of an imported ledger, as known at the cut. */
const factsKnownAt = (ledger: Ledger, knownBy: number) =>
  runWithMemoryStore(Effect.gen(function*() {
    yield* importEvents(ledger.events)
    return [...(yield* portfolio(knownBy)).projects.values()]
  }))

describe("ledger properties", { timeout: 120_000 }, () => {
  it("replay is deterministic and does not depend on how projects interleave", async () => {
    await fc.assert(fc.asyncProperty(ledgerArb, fc.integer(), async (ledger, shuffleSeed) => {
      const q = { year: ledger.year, asOf: Calendar.startOfYear(ledger.year) + 250 }
      const kpis = (events: typeof ledger.events) =>
        runWithMemoryStore(Effect.gen(function*() {
          yield* importEvents(events)
          const a = Kpis.computeGrouped((yield* portfolio(Number.MAX_SAFE_INTEGER)).projects.values(), q, "district")
          const b = Kpis.computeGrouped((yield* portfolio(Number.MAX_SAFE_INTEGER)).projects.values(), q, "district")
          expect(b).toEqual(a)
          return a
        }))
      // Reverse the order of projects (each project's own order is kept): positions change, indicators must not.
      const byProject = new Map<string, Array<(typeof ledger.events)[number]>>()
      for (const e of ledger.events) byProject.set(e.projectId, [...(byProject.get(e.projectId) ?? []), e])
      const order = [...byProject.keys()].sort((a, b) => ((a.length * 31 + shuffleSeed) % 7) - ((b.length * 31 + shuffleSeed) % 7) || (a < b ? 1 : -1))
      expect(await kpis(order.flatMap((p) => byProject.get(p)!))).toEqual(await kpis(ledger.events))
    }), runs)
  })

  it("import → export → import is exact, and re-importing changes nothing", async () => {
    await fc.assert(fc.asyncProperty(ledgerArb, async (ledger) => {
      const first = await runWithMemoryStore(Effect.gen(function*() {
        yield* importEvents(ledger.events)
        const lines = yield* exportAll
        const again = yield* importEvents(ledger.events)
        expect(again.appended).toBe(0)
        expect(again.alreadyStored).toBe(ledger.events.length)
        expect(yield* exportAll).toEqual(lines)
        return lines
      }))
      const second = await runWithMemoryStore(Effect.gen(function*() {
        yield* LedgerImport.importLedger("export.jsonl", first)
        return yield* exportAll
      }))
      expect(second).toEqual(first)
    }), runs)
  })

  it("no look-ahead: KPIs at cut K over the full store equal KPIs over a store that only ever received what was known by K", async () => {
    await fc.assert(fc.asyncProperty(ledgerArb.chain((l) => fc.tuple(fc.constant(l), cutArb(l.year))), async ([ledger, cut]) => {
      const q = { year: ledger.year, asOf: cut.asOf }
      const full = await runWithMemoryStore(Effect.gen(function*() {
        yield* importEvents(ledger.events)
        return Kpis.computeGrouped((yield* portfolio(cut.knownBy)).projects.values(), q, "sector")
      }))
      const known = ledger.events.filter((e) => Calendar.parseInstant(e.knownAt)! <= cut.knownBy)
      const partial = await runWithMemoryStore(Effect.gen(function*() {
        const store = yield* EventStore
        for (const e of known) yield* store.append(e.projectId, [e], "any")
        return Kpis.computeGrouped((yield* portfolio(Number.MAX_SAFE_INTEGER)).projects.values(), q, "sector")
      }))
      expect(partial).toEqual(full)
    }), runs)
  })

  it("no look-ahead for every ledger import accepts: the store as known at any K imports on its own and gives the same KPIs", async () => {
    let accepted = 0, refused = 0
    await fc.assert(fc.asyncProperty(reorderedLedgerArb.chain((l) => fc.tuple(fc.constant(l), cutArb(l.year))), async ([ledger, cut]) => {
      const outcome = await runWithMemoryStore(Effect.exit(importEvents(ledger.events)))
      if (Exit.isFailure(outcome)) {
        // Refused cleanly, with reasons, never by an exception.
        expect(outcome.cause.reasons[0]).toMatchObject({ _tag: "Fail", error: { _tag: "ImportRejected" } })
        refused++
        return
      }
      accepted++
      // The cuts most at risk: just before and at each moved knowledge time, and a random one.
      for (const knownBy of [cut.knownBy, ...ledger.moved.flatMap((k) => [k - 1, k])]) {
        const q = { year: ledger.year, asOf: cut.asOf }
        const known = ledger.events.filter((e) => Calendar.parseInstant(e.knownAt)! <= knownBy)
        const [full, partial] = await Promise.all([
          runWithMemoryStore(Effect.gen(function*() {
            yield* importEvents(ledger.events)
            return Kpis.computeGrouped((yield* portfolio(knownBy)).projects.values(), q, "district")
          })),
          runWithMemoryStore(Effect.gen(function*() {
            yield* importEvents(known)
            return Kpis.computeGrouped((yield* portfolio(Number.MAX_SAFE_INTEGER)).projects.values(), q, "district")
          }))
        ])
        expect(partial).toEqual(full)
      }
    }), { numRuns: 60 })
    // Both outcomes are exercised.
    expect(accepted).toBeGreaterThan(5)
    expect(refused).toBeGreaterThan(5)
  })

  it("rates lie in [0, 1] and every breakdown adds up to the total", async () => {
    await fc.assert(fc.asyncProperty(ledgerArb.chain((l) => fc.tuple(fc.constant(l), cutArb(l.year))), async ([ledger, cut]) => {
      const facts = await factsKnownAt(ledger, cut.knownBy)
      const q = { year: ledger.year, asOf: cut.asOf }
      for (const by of ["district", "sector", "kind"] as const) {
        const { total, groups } = Kpis.computeGrouped(facts, q, by)
        for (const values of [total, ...groups.map((g) => g.values)]) {
          for (const rate of [values.startRate, values.startResumeRate]) {
            if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true)
          }
          expect(values.newStarted).toBeLessThanOrEqual(values.newProjects)
        }
        for (const field of ["projects", "newProjects", "newStarted", "continuingProjects", "continuingActive", "commissioned", "toppedOut"] as const) {
          expect(groups.reduce((s, g) => s + g.values[field], 0)).toBe(total[field])
        }
        for (const field of ["plannedInvestment", "completedInvestment"] as const) {
          expect(groups.reduce((s, g) => s + g.values[field], 0)).toBeCloseTo(total[field], 6)
        }
        expect(total).toEqual(Kpis.compute(facts, q))
      }
    }), runs)
  })

  it("completed investment never decreases as the valid date moves on, with the knowledge cut fixed", async () => {
    await fc.assert(fc.asyncProperty(ledgerArb.chain((l) => fc.tuple(fc.constant(l), cutArb(l.year))), async ([ledger, cut]) => {
      const facts = await factsKnownAt(ledger, cut.knownBy)
      let previous = -1
      for (let d = Calendar.startOfYear(ledger.year); d < Calendar.startOfYear(ledger.year + 1); d += 15) {
        const completed = Kpis.compute(facts, { year: ledger.year, asOf: d }).completedInvestment
        expect(completed).toBeGreaterThanOrEqual(previous)
        previous = completed
      }
    }), runs)
  })

  it("the plan year's window ends on Y-12-31: KPIs of Y at any later valid date equal those at Y-12-31", async () => {
    // Ledgers run to 2021, so plans of 2019 and 2020 have reports, starts and commissionings after their year.
    const arb = ledgerArb.chain((l) => fc.tuple(
      fc.constant(l),
      fc.integer({ min: 2019, max: 2020 }),
      fc.integer({ min: 1, max: 900 }),
      fc.constantFrom("district", "sector", "kind") as fc.Arbitrary<Kpis.GroupBy>
    ))
    await fc.assert(fc.asyncProperty(arb, async ([ledger, year, daysAfter, by]) => {
      const facts = await factsKnownAt(ledger, Number.MAX_SAFE_INTEGER)
      const yearEnd = Calendar.parseDate(`${year}-12-31`)!
      expect(Kpis.windowEnd(year)).toBe(yearEnd)
      const later = { year, asOf: yearEnd + daysAfter }
      expect(Kpis.compute(facts, later)).toEqual(Kpis.compute(facts, { year, asOf: yearEnd }))
      expect(Kpis.computeGrouped(facts, later, by)).toEqual(Kpis.computeGrouped(facts, { year, asOf: yearEnd }, by))
    }), runs)
  })
})
