/**
 * The lifecycle rules of a key project, as a decider: `initialState`,
 * `check` (may this event happen now?) and `evolve`. Rules are checked per
 * project with the events in `occurredOn` order:
 *
 * - started and annual plans need signed;
 * - topped-out, commissioned, suspended and investment reports need started;
 * - resumed needs a suspension in force;
 * - nothing but investment reports and withdrawals from a year's plan after
 *   commissioned or cancelled (a withdrawal is about the list, not the site,
 *   and needs nothing before it);
 * - each lifecycle step (signed, started, topped-out, commissioned,
 *   cancelled) happens at most once; suspensions and resumptions alternate;
 * - amounts are ≥ 0 (enforced by the schema).
 *
 * Each type's rule is declared with the type, in `EventTypes`; this module
 * runs them.
 *
 * The same rules hold in knowledge order: every cut of the stream by
 * `knownAt` is itself a valid stream ({@link validateKnowledgeOrder}), so the
 * store as it was known at any moment could have been imported on its own.
 */
import * as Calendar from "./Calendar.ts"
import * as EventTypes from "./EventTypes.ts"
import type { EventType } from "./ProjectEvent.ts"

/** What the rules look at: an event's type and its valid date (an ISO date or an epoch day, never both in one stream). */
export interface Step {
  readonly type: EventType
  readonly occurredOn: string | number
}

export type LifecycleState = EventTypes.LifecycleState

export const initialState: LifecycleState = EventTypes.initialState

/** The reason `event` may not happen in `state`, or `undefined` when it may (each type's rule is in `EventTypes`). */
export const check = (state: LifecycleState, event: Step): string | undefined => {
  const definition = EventTypes.of(event.type)
  if (!definition.afterEnd) {
    if (state.commissioned) return `${event.type} after the project was commissioned (only investment reports may follow)`
    if (state.cancelled) return `${event.type} after the project was cancelled (only investment reports may follow)`
  }
  return definition.check(state)
}

export const evolve = (state: LifecycleState, event: Step): LifecycleState => EventTypes.of(event.type).evolve(state)

/**
 * Where an event of each type sits in a project's life (`EventTypes`, its
 * `stage`): events on the same date are taken in this order, so a project
 * signed and started on one day is valid whatever order the lines came in.
 */
const stageRank = Object.fromEntries(EventTypes.definitions.map((d) => [d.type, d.stage])) as Record<EventType, number>

/** Valid-time order: by `occurredOn`, then by lifecycle stage, then by arrival. */
export const byValidTime = <E extends { readonly event: Step; readonly order: number }>(a: E, b: E): number =>
  a.event.occurredOn < b.event.occurredOn ? -1
  : a.event.occurredOn > b.event.occurredOn ? 1
  : stageRank[a.event.type] - stageRank[b.event.type] || a.order - b.order

export interface Violation {
  /** Index of the offending event in the input. */
  readonly index: number
  readonly reason: string
}

/**
 * Checks one project's whole stream. Events are sorted into valid-time order
 * first (ties by arrival order, i.e. input index), and every violation is
 * reported, each against the state the valid events before it built.
 */
export const validateStream = (events: ReadonlyArray<Step>): Array<Violation> => inValidTime(events).violations

/** The violations of a stream in valid-time order, and its valid events in that order. */
const inValidTime = <S extends Step>(events: ReadonlyArray<S>) => {
  const ordered = events.map((event, order) => ({ event, order })).sort(byValidTime)
  const violations: Array<Violation> = []
  const valid: Array<{ readonly event: S; readonly order: number }> = []
  let state = initialState
  for (const entry of ordered) {
    const reason = check(state, entry.event)
    if (reason === undefined) {
      state = evolve(state, entry.event)
      valid.push(entry)
    } else violations.push({ index: entry.order, reason })
  }
  return { violations, valid }
}

/** A step with the moment it became known (epoch ms). */
export interface KnownStep extends Step {
  readonly knownAt: number
}

const stepName = (type: EventType): string => EventTypes.of(type).step

/** The steps some type needs to be known before it (signed, started). */
const isNeeded = new Set<EventType>(EventTypes.definitions.flatMap((d) => d.knownAfter === undefined ? [] : [d.knownAfter]))

const showDate = (occurredOn: string | number): string => typeof occurredOn === "string" ? occurredOn : Calendar.formatDate(occurredOn)

const showInstant = Calendar.formatInstantChina

/** Index of `value` in the sorted `sorted`, or where it would go. */
const sortedIndex = (sorted: ReadonlyArray<number>, value: number): number => {
  let low = 0, high = sorted.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (sorted[mid]! < value) low = mid + 1
    else high = mid
  }
  return low
}

/**
 * The events of a stream that is valid in valid-time order (see
 * {@link validateStream}) that break the rules in some cut by knowledge time:
 * the stream as known at any moment K (the events with `knownAt` ≤ K) must be
 * valid too. That holds exactly when a start or an annual plan is known no
 * earlier than the signing, a topping out, commissioning, suspension or
 * investment report no earlier than the start, and the suspensions and
 * resumptions known at every moment alternate, beginning with a suspension.
 */
export const validateKnowledgeOrder = (events: ReadonlyArray<KnownStep>): Array<Violation> =>
  inKnowledgeOrder(events.map((event, order) => ({ event, order })).sort(byValidTime))

/** {@link validateKnowledgeOrder} of a valid stream already in valid-time order. */
const inKnowledgeOrder = (ordered: ReadonlyArray<{ readonly event: KnownStep; readonly order: number }>): Array<Violation> => {
  const violations: Array<Violation> = []
  const firstOf = new Map<EventType, { readonly event: KnownStep; readonly order: number }>()
  for (const e of ordered) if (isNeeded.has(e.event.type) && !firstOf.has(e.event.type)) firstOf.set(e.event.type, e)
  for (const { event, order } of ordered) {
    const needed = EventTypes.of(event.type).knownAfter
    const needs = needed === undefined ? undefined : firstOf.get(needed)
    if (needs !== undefined && event.knownAt < needs.event.knownAt) {
      violations.push({
        index: order,
        reason: `known at ${showInstant(event.knownAt)}, before the ${stepName(needs.event.type)} on ${showDate(needs.event.occurredOn)} ` +
          `it needs was known (${showInstant(needs.event.knownAt)})`
      })
    }
  }
  // Suspensions and resumptions alternate in valid-time order (even: suspension, odd: resumption). Add them in knowledge
  // order, a moment's worth at a time: a moment's cut is valid when the ones present still alternate, beginning with a suspension.
  const switches = ordered.filter((e) => EventTypes.of(e.event.type).alternates)
  const byKnowledge = switches.map((_, i) => i).sort((a, b) => switches[a]!.event.knownAt - switches[b]!.event.knownAt || a - b)
  const present: Array<number> = []
  const blamed = new Set<number>()
  const blame = (i: number) => {
    if (blamed.has(i)) return
    blamed.add(i)
    const { event, order } = switches[i]!, before = switches[i - 1]!.event
    violations.push({
      index: order,
      reason: `known at ${showInstant(event.knownAt)}, before the ${stepName(before.type)} on ${showDate(before.occurredOn)} ` +
        `that comes before it was known (${showInstant(before.knownAt)})`
    })
  }
  for (let g = 0; g < byKnowledge.length;) {
    let h = g
    const moment = switches[byKnowledge[g]!]!.event.knownAt
    while (h < byKnowledge.length && switches[byKnowledge[h]!]!.event.knownAt === moment) h++
    const added = byKnowledge.slice(g, h)
    for (const i of added) present.splice(sortedIndex(present, i), 0, i)
    for (const i of added) {
      const at = sortedIndex(present, i)
      const previous = present[at - 1], next = present[at + 1]
      if (previous === undefined ? i % 2 === 1 : previous % 2 === i % 2) blame(i)
      if (next !== undefined && next % 2 === i % 2) blame(next)
    }
    g = h
  }
  return violations.sort((a, b) => a.index - b.index)
}

/**
 * Every violation of one project's stream: the rules in valid-time order,
 * then, among the events that pass them, in knowledge order.
 */
export const validateKnownStream = (events: ReadonlyArray<KnownStep>): Array<Violation> => {
  const { violations, valid } = inValidTime(events)
  const inKnowledge = inKnowledgeOrder(valid)
  return inKnowledge.length === 0 ? violations : [...violations, ...inKnowledge].sort((a, b) => a.index - b.index)
}
