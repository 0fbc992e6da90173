/**
 * An event ready to be written: its canonical JSON line (what is stored and
 * exported, and how two events are compared) with its compact fields (what
 * replays read). Encoding happens once, where the event is decoded.
 */
import * as Calendar from "./Calendar.ts"
import type { CompactFields } from "./CompactEvent.ts"
import * as EventTypes from "./EventTypes.ts"
import { eventTypes, type EventType, jsonLineOf, type ProjectEvent } from "./ProjectEvent.ts"

export interface EncodedEvent extends CompactFields {
  readonly eventId: string
  /** `knownAt` as written (its offset is kept; the compact field is epoch ms). */
  readonly knownAtText: string
  /** The event's data as JSON. */
  readonly data: string
  /** The canonical JSON line (`ProjectEvent.toJsonLine`). */
  readonly json: string
}

/** An encoded event without its canonical line, which the rest determines: what bulk writes carry. */
export type EncodedParts = Omit<EncodedEvent, "json">

export const encodeParts = (event: ProjectEvent): EncodedParts =>
  encodePartsTimed(event, Calendar.parseDate(event.occurredOn)!, Calendar.parseInstant(event.knownAt)!)

/**
 * {@link encodeParts} of an event whose times were parsed already (`occurredOn` as the epoch day `day`, `knownAt` as
 * the epoch milliseconds `known`): the import's hot path, one object per event.
 */
export const encodePartsTimed = (event: ProjectEvent, day: number, known: number): EncodedParts => {
  const definition = EventTypes.of(event.type)
  const own = definition.compact(event.data)
  return {
    projectId: event.projectId,
    type: definition.code,
    occurredOn: day,
    knownAt: known,
    key: own.key ?? 0,
    amount: own.amount ?? 0,
    isNew: own.isNew ?? 0,
    plannedStart: own.plannedStart ?? 0,
    district: own.district ?? null,
    sector: own.sector ?? null,
    eventId: event.eventId,
    knownAtText: event.knownAt,
    data: JSON.stringify(event.data)
  }
}

export const encode = (event: ProjectEvent): EncodedEvent => {
  const parts = encodeParts(event)
  return { ...parts, json: jsonLineOf(event.eventId, event.projectId, event.type, event.occurredOn, event.knownAt, parts.data) }
}

/** The event of a canonical line that was validated when it was encoded. */
export const decodeTrusted = (encoded: { readonly json: string }): ProjectEvent => JSON.parse(encoded.json) as ProjectEvent

/** The type name of an encoded event. */
export const typeName = (encoded: { readonly type: number }): EventType => eventTypes[encoded.type]!
