/**
 * Warnings and rankings are bitemporal: as of (D, K) they depend only on
 * what was known by K. A store that holds the whole ledger gives exactly
 * what a store that only ever received the events known by K gives, for
 * the meeting of D and for every earlier meeting it compares with.
 */
import fc from "fast-check"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Calendar } from "@groundbreak/domain"
import { Meetings, Ranking, RulesFile, Warnings } from "@groundbreak/warnings"
import { cutArb, importEvents, ledgerArb, runWithMemoryStore } from "../support.ts"

const rules = await Effect.runPromise(RulesFile.load())

describe("warnings are bitemporal", { timeout: 300_000 }, () => {
  it("as of (D, K) from the full store equals the same from a store that only received what was known by K", async () => {
    await fc.assert(fc.asyncProperty(ledgerArb.chain((ledger) => cutArb(ledger.year).map((cut) => ({ ledger, cut }))), async ({ ledger, cut }) => {
      const request = { year: ledger.year, asOf: cut.asOf, knownBy: cut.knownBy, rules, by: "district" as const }
      const both = (events: typeof ledger.events) => runWithMemoryStore(Effect.gen(function*() {
        yield* importEvents(events)
        return {
          warnings: yield* Warnings.warnings(request),
          ranking: yield* Ranking.ranking({ ...request, pace: "months" })
        }
      }))
      const full = await both(ledger.events)
      const known = await both(ledger.events.filter((e) => Calendar.parseInstant(e.knownAt)! <= cut.knownBy))
      expect(known).toEqual(full)
    }), { numRuns: 40 })
  })

  it("every earlier meeting folded in the one scan is the meeting as run on its own day", async () => {
    await fc.assert(fc.asyncProperty(ledgerArb.chain((ledger) => cutArb(ledger.year).map((cut) => ({ ledger, cut }))), async ({ ledger, cut }) => {
      const meetings = Meetings.schedule(ledger.year, cut.asOf, cut.knownBy)
      await runWithMemoryStore(Effect.gen(function*() {
        yield* importEvents(ledger.events)
        const now = yield* Warnings.warnings({ year: ledger.year, asOf: cut.asOf, knownBy: cut.knownBy, rules, by: "district" })
        for (const [k, m] of meetings.entries()) {
          const then = yield* Warnings.warnings({ year: ledger.year, asOf: m.asOf, knownBy: m.knownBy, rules, by: "district" })
          expect(then.meetings[then.meetings.length - 1]).toEqual(now.meetings[k])
          expect(then.meetings).toEqual(now.meetings.slice(0, k + 1))
        }
      }))
    }), { numRuns: 25 })
  })
})
