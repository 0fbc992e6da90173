/**
 * An event ready to be written: its canonical JSON line (what is stored and
 * exported, and how two events are compared) with its compact fields (what
 * replays read). Encoding happens once, where the event is decoded.
 */
import { type CompactFields, compactFields } from "./CompactEvent.ts"
import { eventTypes, type EventType, type ProjectEvent, toJsonLine } from "./ProjectEvent.ts"

export interface EncodedEvent extends CompactFields {
  readonly eventId: string
  /** The canonical JSON line ({@link toJsonLine}). */
  readonly json: string
}

export const encode = (event: ProjectEvent): EncodedEvent => ({
  ...compactFields(event),
  eventId: event.eventId,
  json: toJsonLine(event)
})

/** The event of a canonical line that was validated when it was encoded. */
export const decodeTrusted = (encoded: { readonly json: string }): ProjectEvent => JSON.parse(encoded.json) as ProjectEvent

/** The type name of an encoded event. */
export const typeName = (encoded: { readonly type: number }): EventType => eventTypes[encoded.type]!
