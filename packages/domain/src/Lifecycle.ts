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
 * The same rules hold in knowledge order: every cut of the stream by
 * `knownAt` is itself a valid stream ({@link validateKnowledgeOrder}), so the
 * store as it was known at any moment could have been imported on its own.
 */
import * as Calendar from "./Calendar.ts"
import type { EventType } from "./ProjectEvent.ts"

/** What the rules look at: an event's type and its valid date (an ISO date or an epoch day, never both in one stream). */
export interface Step {
  readonly type: EventType
  readonly occurredOn: string | number
}

export interface LifecycleState {
  readonly signed: boolean
  readonly started: boolean
  readonly toppedOut: boolean
  readonly commissioned: boolean
  readonly cancelled: boolean
  readonly suspended: boolean
}

export const initialState: LifecycleState = {
  signed: false,
  started: false,
  toppedOut: false,
  commissioned: false,
  cancelled: false,
  suspended: false
}

/** The reason `event` may not happen in `state`, or `undefined` when it may. */
export const check = (state: LifecycleState, event: Step): string | undefined => {
  if (event.type === "InvestmentReported") {
    return state.started ? undefined : "an investment report needs the project to be started first"
  }
  if (event.type === "PlanWithdrawn") return state.signed ? undefined : "a project must be signed (and on a plan) before it is withdrawn from one"
  if (state.commissioned) return `${event.type} after the project was commissioned (only investment reports may follow)`
  if (state.cancelled) return `${event.type} after the project was cancelled (only investment reports may follow)`
  switch (event.type) {
    case "ProjectSigned":
      return state.signed ? "the project is already signed" : undefined
    case "AnnualPlanSet":
      return state.signed ? undefined : "a project must be signed before it is put on an annual plan"
    case "ProjectStarted":
      if (!state.signed) return "a project must be signed before it starts"
      return state.started ? "the project has already started" : undefined
    case "ProjectToppedOut":
      if (!state.started) return "a project must be started before it is topped out"
      return state.toppedOut ? "the project is already topped out" : undefined
    case "ProjectCommissioned":
      return state.started ? undefined : "a project must be started before it is commissioned"
    case "ProjectSuspended":
      if (!state.started) return "a project must be started before it is suspended"
      return state.suspended ? "the project is already suspended" : undefined
    case "ProjectResumed":
      return state.suspended ? undefined : "only a suspended project can be resumed"
    case "ProjectCancelled":
      return undefined
  }
}

export const evolve = (state: LifecycleState, event: Step): LifecycleState => {
  switch (event.type) {
    case "ProjectSigned":
      return { ...state, signed: true }
    case "ProjectStarted":
      return { ...state, started: true }
    case "ProjectToppedOut":
      return { ...state, toppedOut: true }
    case "ProjectCommissioned":
      return { ...state, commissioned: true, suspended: false }
    case "ProjectSuspended":
      return { ...state, suspended: true }
    case "ProjectResumed":
      return { ...state, suspended: false }
    case "ProjectCancelled":
      return { ...state, cancelled: true }
    case "AnnualPlanSet":
    case "InvestmentReported":
    case "PlanWithdrawn":
      return state
  }
}

/**
 * Where an event of each type sits in a project's life: events on the same
 * date are taken in this order, so a project signed and started on one day
 * is valid whatever order the lines came in.
 */
const stageRank: Record<EventType, number> = {
  ProjectSigned: 0,
  AnnualPlanSet: 1,
  ProjectStarted: 2,
  InvestmentReported: 3,
  ProjectToppedOut: 4,
  ProjectSuspended: 5,
  ProjectResumed: 5,
  ProjectCommissioned: 6,
  ProjectCancelled: 7,
  PlanWithdrawn: 8
}

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

const needsSigned = new Set<EventType>(["ProjectStarted", "AnnualPlanSet", "PlanWithdrawn"])
const needsStarted = new Set<EventType>(["ProjectToppedOut", "ProjectCommissioned", "ProjectSuspended", "InvestmentReported"])

const stepName: Record<EventType, string> = {
  ProjectSigned: "signing",
  AnnualPlanSet: "annual plan",
  ProjectStarted: "start",
  ProjectToppedOut: "topping out",
  ProjectCommissioned: "commissioning",
  ProjectSuspended: "suspension",
  ProjectResumed: "resumption",
  ProjectCancelled: "cancellation",
  InvestmentReported: "investment report",
  PlanWithdrawn: "withdrawal from the plan"
}

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
  const signed = ordered.find((e) => e.event.type === "ProjectSigned")
  const started = ordered.find((e) => e.event.type === "ProjectStarted")
  for (const { event, order } of ordered) {
    const needs = needsSigned.has(event.type) ? signed : needsStarted.has(event.type) ? started : undefined
    if (needs !== undefined && event.knownAt < needs.event.knownAt) {
      violations.push({
        index: order,
        reason: `known at ${showInstant(event.knownAt)}, before the ${stepName[needs.event.type]} on ${showDate(needs.event.occurredOn)} ` +
          `it needs was known (${showInstant(needs.event.knownAt)})`
      })
    }
  }
  // Suspensions and resumptions alternate in valid-time order (even: suspension, odd: resumption). Add them in knowledge
  // order, a moment's worth at a time: a moment's cut is valid when the ones present still alternate, beginning with a suspension.
  const switches = ordered.filter((e) => e.event.type === "ProjectSuspended" || e.event.type === "ProjectResumed")
  const byKnowledge = switches.map((_, i) => i).sort((a, b) => switches[a]!.event.knownAt - switches[b]!.event.knownAt || a - b)
  const present: Array<number> = []
  const blamed = new Set<number>()
  const blame = (i: number) => {
    if (blamed.has(i)) return
    blamed.add(i)
    const { event, order } = switches[i]!, before = switches[i - 1]!.event
    violations.push({
      index: order,
      reason: `known at ${showInstant(event.knownAt)}, before the ${stepName[before.type]} on ${showDate(before.occurredOn)} ` +
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
