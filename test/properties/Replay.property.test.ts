/**
 * One read of the store serves every earlier cut: the facts a history gives
 * as known at any cut up to its own are those of a replay of the store at
 * that cut, in the same order.
 */
import fc from "fast-check"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { KnowledgeCut, ProjectEvent } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Replay } from "@groundbreak/indicators"
import { LedgerGenerator } from "@groundbreak/synth"

const from = Date.parse("2019-01-01T00:00:00+08:00"), to = Date.parse("2021-06-30T00:00:00+08:00")

describe("Replay.history", () => {
  it("as known at any earlier cut, in any order of asking, equals a replay of the store at that cut", async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer(),
      fc.integer({ min: from, max: to }),
      fc.array(fc.integer({ min: from - 86_400_000 * 400, max: to + 86_400_000 }), { minLength: 1, maxLength: 6 }),
      async (seed, root, cuts) => {
        const lines = [...LedgerGenerator.generateLedger({ seed, prefix: "R", firstYear: 2019, lastYear: 2021, newPerYear: 8, until: "2021-06-30" })]
          .map(ProjectEvent.toJsonLine)
        await Effect.runPromise(Effect.gen(function*() {
          yield* LedgerImport.importLedger("ledger", lines)
          const history = yield* Replay.history(KnowledgeCut.ofInstant(root))
          for (const at of cuts) {
            const cut = KnowledgeCut.ofInstant(Math.min(at, root))
            const replayed = [...(yield* Replay.portfolioKnownAt(cut)).projects.values()]
            expect(history.at(cut).facts).toEqual(replayed)
            // From a history at an earlier cut, too (a backtest origin's model-error years).
            expect(history.at(KnowledgeCut.ofInstant(at + 86_400_000)).at(cut).facts).toEqual(replayed)
          }
        }).pipe(Effect.provide(MemoryEventStore.layer)))
      }
    ), { numRuns: 30 })
  })
})
