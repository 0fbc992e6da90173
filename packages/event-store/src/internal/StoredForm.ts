/**
 * How the stores keep an event, shared by SQLite and PostgreSQL (and the
 * memory store's reads): the stored payload, read back through the
 * upcasters when it was written in an older format, and the small integer
 * fields of the compact form packed into one column.
 */
import { Result, Schema } from "effect"
import { type CompactEvent, ProjectEvent } from "@groundbreak/domain"
import * as Upcasting from "../Upcasting.ts"
import { isNewOf, keyOf, packAttrsOf, plannedStartOf } from "./PackedAttrs.ts"

export { isNewOf, keyOf, packAttrsOf, plannedStartOf } from "./PackedAttrs.ts"
export const packAttrs = (c: CompactEvent.CompactFields): number => packAttrsOf(c.key, c.isNew, c.plannedStart)

const decodeStrict = Schema.decodeUnknownResult(ProjectEvent.ProjectEvent, { onExcessProperty: "error" })

/**
 * The event stored as the JSON line `payload` in format `schemaVersion`.
 * Payloads in the format's current version were validated on write and are
 * trusted; older ones are upcast and decoded. Throws {@link Upcasting.UpcastFailed}
 * when an old payload does not upcast.
 */
export const readPayload = (
  payload: string,
  schemaVersion: number,
  position: number,
  format: Upcasting.Format
): ProjectEvent.ProjectEvent => {
  const raw = JSON.parse(payload) as Record<string, unknown>
  if (schemaVersion === format.current) return raw as unknown as ProjectEvent.ProjectEvent
  const decoded = decodeStrict(Upcasting.upcast(format, schemaVersion, raw))
  if (Result.isFailure(decoded)) {
    throw new Upcasting.UpcastFailed({
      schemaVersion,
      reason: `event at position ${position} does not upcast to the current format: ${decoded.failure.message}`
    })
  }
  return decoded.success
}

/** A compact event whose fields a scan refills row after row. */
export type CompactView = { -readonly [K in keyof CompactEvent.CompactEvent]: CompactEvent.CompactEvent[K] }

export const newView = (): CompactView => ({
  projectId: "",
  type: 0,
  occurredOn: 0,
  knownAt: 0,
  position: 0,
  key: 0,
  amount: 0,
  isNew: 0,
  plannedStart: 0,
  district: null,
  sector: null
})

/** Refills `view` from stored columns. */
export const fillView = (
  view: CompactView,
  projectId: string,
  type: number,
  occurredOn: number,
  knownAt: number,
  position: number,
  attrs: number,
  amount: number,
  district: string | null,
  sector: string | null
): CompactView => {
  view.projectId = projectId
  view.type = type
  view.occurredOn = occurredOn
  view.knownAt = knownAt
  view.position = position
  view.key = keyOf(attrs)
  view.amount = amount
  view.isNew = isNewOf(attrs)
  view.plannedStart = plannedStartOf(attrs)
  view.district = district
  view.sector = sector
  return view
}
