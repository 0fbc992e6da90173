/**
 * Upcasting: how events stored in an older version of the interchange
 * format are read as the current one. A store keeps each event's
 * `schemaVersion`; on read, the raw JSON passes through the upcasters from
 * its version up to the current one, and is then decoded as usual.
 */
import { ProjectEvent } from "@groundbreak/domain"

/** Turns the raw JSON of an event of `fromVersion` into the raw JSON of `fromVersion + 1`. */
export type Upcaster = (raw: Record<string, unknown>) => Record<string, unknown>

/** Upcasters by the version they read. Version 1 is the first published format, so there are none yet. */
export type Upcasters = ReadonlyMap<number, Upcaster>

export const none: Upcasters = new Map()

/** Brings raw event JSON written at `schemaVersion` up to the current version. */
export const upcast = (upcasters: Upcasters, schemaVersion: number, raw: Record<string, unknown>): Record<string, unknown> => {
  let current = raw
  for (let version = schemaVersion; version < ProjectEvent.currentSchemaVersion; version++) {
    const step = upcasters.get(version)
    if (step === undefined) throw new Error(`no upcaster from event schema version ${version}`)
    current = step(current)
  }
  return current
}
