/**
 * The bitemporal replay of a whole store: every event known by the
 * knowledge cut, folded into the facts of each project. A command replays
 * the store once ({@link history}) and takes from that one read the facts as
 * known at any earlier cut too (a forecast's model-error backtests, a
 * backtest's origins), instead of reading the store again for each.
 */
import { Effect } from "effect"
import { type CompactEvent, KnowledgeCut, ProjectFacts } from "@groundbreak/domain"
import { EventStore } from "@groundbreak/event-store"

/** The portfolio as known at the cut. */
export const portfolioKnownAt = Effect.fn("Replay.portfolioKnownAt")(function*(cut: KnowledgeCut.KnowledgeCut) {
  const store = yield* EventStore
  const portfolio = new ProjectFacts.Portfolio()
  yield* store.scan(cut.at, (event) => portfolio.add(event))
  return portfolio
})

/** What one read of the store knows: the facts as known at its cut, and as known at any earlier cut. */
export interface History {
  readonly cut: KnowledgeCut.KnowledgeCut
  /** Every project's facts as known at `cut`, in the store's order. */
  readonly facts: ReadonlyArray<ProjectFacts.ProjectFacts>
  /**
   * The history as known at another cut, from the same read: the events known by then, in the same order, folded
   * again (the same facts as a replay of the store at that cut). A cut at or after this one's is this history.
   */
  readonly at: (cut: KnowledgeCut.KnowledgeCut) => History
}

/** A history from events in the store's order, all known by `cut`; earlier cuts are folded once each and kept. */
export const historyOf = (events: ReadonlyArray<CompactEvent.CompactEvent>, cut: KnowledgeCut.KnowledgeCut): History => {
  const folded = new Map<number, History>()
  const foldAt = (c: KnowledgeCut.KnowledgeCut, known: ReadonlyArray<CompactEvent.CompactEvent>): History => {
    const portfolio = new ProjectFacts.Portfolio()
    for (const event of known) portfolio.add(event)
    const history: History = {
      cut: c,
      facts: [...portfolio.projects.values()],
      at: (earlier) => {
        if (earlier.at >= c.at) return history
        const kept = folded.get(earlier.at)
        if (kept !== undefined) return kept
        const made = foldAt(earlier, known.filter((e) => KnowledgeCut.isKnownBy(e.knownAt, earlier.at)))
        folded.set(earlier.at, made)
        return made
      }
    }
    return history
  }
  return foldAt(cut, events)
}

/** Reads the store once, as known at the cut, keeping what it read for earlier cuts. */
export const history = Effect.fn("Replay.history")(function*(cut: KnowledgeCut.KnowledgeCut) {
  const store = yield* EventStore
  const events: Array<CompactEvent.CompactEvent> = []
  // The store reuses the visited object: keep a copy.
  yield* store.scan(cut.at, (event) => events.push({ ...event }))
  return historyOf(events, cut)
})
