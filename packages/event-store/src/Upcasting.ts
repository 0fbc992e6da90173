/**
 * Upcasting: how events stored in an older version of the interchange
 * format are read as the current one. A store writes each event with the
 * version of its {@link Format} (`ProjectEvent.currentSchemaVersion` unless
 * told otherwise) and keeps it; on read, the raw JSON of an older event
 * passes through the upcasters from its version up to the current one, and
 * is then decoded as usual.
 */
import { Schema } from "effect"
import { ProjectEvent } from "@groundbreak/domain"

/** A stored event that cannot be read in the current format: no upcaster for its version, or what it upcasts to is not an event. */
export class UpcastFailed extends Schema.TaggedError<UpcastFailed>()("UpcastFailed", {
  schemaVersion: Schema.Number,
  reason: Schema.String
}) {
  override get message(): string {
    return this.reason
  }
}

/** Turns the raw JSON of an event of `fromVersion` into the raw JSON of `fromVersion + 1`. */
export type Upcaster = (raw: Record<string, unknown>) => Record<string, unknown>

/** Upcasters by the version they read. Version 1 is the first published format, so there are none yet. */
export type Upcasters = ReadonlyMap<number, Upcaster>

export const none: Upcasters = new Map()

/** The format options every store takes. */
export interface Options {
  /** How to read events stored in older versions of the interchange format. */
  readonly upcasters?: Upcasters
  /**
   * The version the store writes and reads as current. Leave it out: it is
   * `ProjectEvent.currentSchemaVersion`. (Tests set it to play a format change.)
   */
  readonly schemaVersion?: number
}

/** The version a store writes, and how it reads older ones. */
export interface Format {
  readonly current: number
  readonly upcasters: Upcasters
}

export const formatOf = (options: Options): Format => ({
  current: options.schemaVersion ?? ProjectEvent.currentSchemaVersion,
  upcasters: options.upcasters ?? none
})

/** The format of a store opened with no options: the current version, no upcasters. */
export const currentFormat: Format = formatOf({})

/** Brings raw event JSON written at `schemaVersion` up to the format's current version. */
export const upcast = (format: Format, schemaVersion: number, raw: Record<string, unknown>): Record<string, unknown> => {
  let current = raw
  for (let version = schemaVersion; version < format.current; version++) {
    const step = format.upcasters.get(version)
    if (step === undefined) throw new UpcastFailed({ schemaVersion, reason: `no upcaster from event schema version ${version}` })
    current = step(current)
  }
  return current
}
