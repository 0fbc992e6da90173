/**
 * The numeric form of an event that replays read: everything the official
 * indicators and the estimators need, as numbers, so stores can persist it in
 * typed columns and replay a million events a second without parsing JSON.
 */
import * as Calendar from "./Calendar.ts"
import * as EventTypes from "./EventTypes.ts"
import type { ProjectEvent } from "./ProjectEvent.ts"

/** The stored code of each event type (declared in `EventTypes`): `EventCode.ProjectSigned` is 0. */
export const EventCode: { readonly [T in EventTypes.EventType]: number } = Object.fromEntries(
  EventTypes.definitions.map((d) => [d.type, d.code])
) as { readonly [T in EventTypes.EventType]: number }

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

/** The compact fields of a decoded event: the columns its type fills (`EventTypes`), the others 0 or null. */
export const compactFields = (event: ProjectEvent): CompactFields => {
  const definition = EventTypes.of(event.type)
  const own = definition.compact(event.data)
  return {
    projectId: event.projectId,
    type: definition.code,
    occurredOn: Calendar.parseDate(event.occurredOn)!,
    knownAt: Calendar.parseInstant(event.knownAt)!,
    key: own.key ?? 0,
    amount: own.amount ?? 0,
    isNew: own.isNew ?? 0,
    plannedStart: own.plannedStart ?? 0,
    district: own.district ?? null,
    sector: own.sector ?? null
  }
}

/** The compact form of a decoded event recorded at `position`. */
export const compact = (event: ProjectEvent, position: number): CompactEvent => ({ ...compactFields(event), position })
