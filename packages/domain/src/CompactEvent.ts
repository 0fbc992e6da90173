/**
 * The numeric form of an event that replays read: everything the official
 * indicators and the estimators need, as numbers, so stores can persist it in
 * typed columns and replay a million events a second without parsing JSON.
 */
import * as Calendar from "./Calendar.ts"
import { type ProjectEvent, typeCode } from "./ProjectEvent.ts"

export const EventCode = {
  ProjectSigned: 0,
  AnnualPlanSet: 1,
  ProjectStarted: 2,
  ProjectToppedOut: 3,
  ProjectCommissioned: 4,
  ProjectSuspended: 5,
  ProjectResumed: 6,
  ProjectCancelled: 7,
  InvestmentReported: 8,
  PlanWithdrawn: 9
} as const

/** The compact fields of an event, before it has a position. */
export interface CompactFields {
  readonly projectId: string
  /** {@link EventCode} */
  readonly type: number
  /** Valid time: epoch day. */
  readonly occurredOn: number
  /** Knowledge time: epoch milliseconds. */
  readonly knownAt: number
  /** AnnualPlanSet and PlanWithdrawn: the plan year; InvestmentReported: the period as `yyyymm`; otherwise 0. */
  readonly key: number
  /** AnnualPlanSet: planned investment; InvestmentReported: amount; ProjectSigned: total investment (万元). */
  readonly amount: number
  /** AnnualPlanSet: 1 for a new project, 0 for continuing; otherwise 0. */
  readonly isNew: number
  /** AnnualPlanSet: planned start month `yyyymm`, 0 when not given. */
  readonly plannedStart: number
  /** ProjectSigned: district; otherwise null. */
  readonly district: string | null
  /** ProjectSigned: sector; otherwise null. */
  readonly sector: string | null
}

export interface CompactEvent extends CompactFields {
  /** Global position in the store: breaks ties between equal `knownAt`. */
  readonly position: number
}

/** The compact fields of a decoded event. */
export const compactFields = (event: ProjectEvent): CompactFields => {
  const base = {
    projectId: event.projectId,
    type: typeCode(event.type),
    occurredOn: Calendar.parseDate(event.occurredOn)!,
    knownAt: Calendar.parseInstant(event.knownAt)!,
    key: 0,
    amount: 0,
    isNew: 0,
    plannedStart: 0,
    district: null,
    sector: null
  }
  switch (event.type) {
    case "ProjectSigned":
      return { ...base, amount: event.data.totalInvestment, district: event.data.district, sector: event.data.sector }
    case "AnnualPlanSet":
      return {
        ...base,
        key: event.data.year,
        amount: event.data.plannedInvestment,
        isNew: event.data.kind === "new" ? 1 : 0,
        plannedStart: event.data.plannedStart === undefined ? 0 : Calendar.parseMonth(event.data.plannedStart)!
      }
    case "InvestmentReported":
      return { ...base, key: Calendar.parseMonth(event.data.period)!, amount: event.data.amount }
    case "PlanWithdrawn":
      return { ...base, key: event.data.year }
    default:
      return base
  }
}

/** The compact form of a decoded event recorded at `position`. */
export const compact = (event: ProjectEvent, position: number): CompactEvent => ({ ...compactFields(event), position })
