/**
 * The lifecycle rules of a key project, as a decider: `initialState`,
 * `check` (may this event happen now?) and `evolve`. Rules are checked per
 * project with the events in `occurredOn` order:
 *
 * - started needs signed;
 * - topped-out, commissioned, suspended and investment reports need started;
 * - resumed needs a suspension in force;
 * - nothing but investment reports and withdrawals from a year's plan after
 *   commissioned or cancelled (a withdrawal is about the list, not the site,
 *   and needs nothing before it);
 * - each lifecycle step (signed, started, topped-out, commissioned,
 *   cancelled) happens at most once; suspensions and resumptions alternate;
 * - amounts are ≥ 0 (enforced by the schema).
 */
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
  if (event.type === "PlanWithdrawn") return undefined
  if (state.commissioned) return `${event.type} after the project was commissioned (only investment reports may follow)`
  if (state.cancelled) return `${event.type} after the project was cancelled (only investment reports may follow)`
  switch (event.type) {
    case "ProjectSigned":
      return state.signed ? "the project is already signed" : undefined
    case "AnnualPlanSet":
      return undefined
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
export const validateStream = (events: ReadonlyArray<Step>): Array<Violation> => {
  const ordered = events.map((event, order) => ({ event, order })).sort(byValidTime)
  const violations: Array<Violation> = []
  let state = initialState
  for (const { event, order } of ordered) {
    const reason = check(state, event)
    if (reason === undefined) state = evolve(state, event)
    else violations.push({ index: order, reason })
  }
  return violations
}

/**
 * The lifecycle state of a project on valid date `validOn` as known at
 * `knownBy` (epoch ms): only events known by the cut count, applied in
 * valid-time order. Invalid steps are skipped, never thrown.
 */
export const stateAsOf = (
  events: ReadonlyArray<{ readonly event: Step & { readonly occurredOn: string }; readonly knownAtMs: number; readonly order: number }>,
  validOn: string,
  knownBy: number
): LifecycleState =>
  events
    .filter((e) => e.knownAtMs <= knownBy && e.event.occurredOn <= validOn)
    .sort(byValidTime)
    .reduce((state, { event }) => check(state, event) === undefined ? evolve(state, event) : state, initialState)
