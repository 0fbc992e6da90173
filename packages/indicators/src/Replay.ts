/**
 * The bitemporal replay of a whole store: every event known by the
 * knowledge cut, folded into the facts of each project.
 */
import { Effect } from "effect"
import { ProjectFacts } from "@groundbreak/domain"
import { EventStore } from "@groundbreak/event-store"

/** The portfolio as known at `knownBy` (epoch ms). */
export const portfolioKnownAt = Effect.fn("Replay.portfolioKnownAt")(function*(knownBy: number) {
  const store = yield* EventStore
  const portfolio = new ProjectFacts.Portfolio()
  yield* store.scan(knownBy, (event) => portfolio.add(event))
  return portfolio
})
