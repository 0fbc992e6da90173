/**
 * The event store: one service, several implementations (in-memory, SQLite,
 * PostgreSQL), all held to one conformance suite.
 *
 * - `append` and `appendMany` are atomic per call, enforce the expected
 *   version of every stream, and are idempotent by `eventId`: re-sending
 *   events that are already stored returns the original result, while a
 *   different event under a used id is an {@link EventIdConflict}.
 * - Global positions are dense (1, 2, 3, … with no gap) and in commit order.
 * - `replay` streams the compact form of every event known by a knowledge
 *   cut, in position order, in batches.
 */
import { Context, Effect, Option, Schema, Stream } from "effect"
import type { CompactEvent, EncodedEvent, ProjectEvent } from "@groundbreak/domain"
import type { EncodedBatch } from "./EncodedBatch.ts"

/** What the writer believes about the stream it appends to. */
export type ExpectedVersion =
  | "any"
  | "noStream"
  | "streamExists"
  /** The exact current version: the number of events in the stream (0 means no stream). */
  | number

export const describeExpected = (expected: ExpectedVersion): string =>
  typeof expected === "number" ? `version ${expected}` : expected

export interface RecordedEvent {
  readonly event: ProjectEvent.ProjectEvent
  /** Global position, 1-based, dense, in commit order. */
  readonly position: number
  /** Version within the project's stream, 1-based. */
  readonly version: number
  /** The interchange-format version the event was written in (before upcasting). */
  readonly schemaVersion: number
}

export interface AppendRequest {
  readonly projectId: string
  readonly events: ReadonlyArray<ProjectEvent.ProjectEvent>
  readonly expected: ExpectedVersion
}

/** An append of events already encoded (decoded and checked where they were read, e.g. in import workers). */
export interface EncodedAppendRequest {
  readonly projectId: string
  readonly events: ReadonlyArray<EncodedEvent.EncodedEvent>
  readonly expected: ExpectedVersion
}

export interface AppendResult {
  readonly projectId: string
  /** Position of the first event of this append (0 when nothing was appended and the stream is empty). */
  readonly firstPosition: number
  /** Position of the last event of this append. */
  readonly lastPosition: number
  /** The stream's version after this append (for an idempotent re-send, the version the original append left). */
  readonly version: number
  /** False when every event was already stored: the original result is returned and nothing is written. */
  readonly written: boolean
}

export class VersionConflict extends Schema.TaggedError<VersionConflict>()("VersionConflict", {
  projectId: Schema.String,
  expected: Schema.String,
  actual: Schema.Number
}) {
  override get message(): string {
    return `version conflict on project ${this.projectId}: expected ${this.expected}, but the stream is at version ${this.actual}`
  }
}

export class EventIdConflict extends Schema.TaggedError<EventIdConflict>()("EventIdConflict", {
  eventId: Schema.String,
  projectId: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `event id ${this.eventId} (project ${this.projectId}): ${this.reason}`
  }
}

export class InvalidAppend extends Schema.TaggedError<InvalidAppend>()("InvalidAppend", {
  projectId: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `invalid append to project ${this.projectId}: ${this.reason}`
  }
}

export class StoreError extends Schema.TaggedError<StoreError>()("StoreError", {
  reason: Schema.String,
  cause: Schema.optional(Schema.Defect())
}) {
  override get message(): string {
    return this.reason
  }
}

export type AppendError = VersionConflict | EventIdConflict | InvalidAppend | StoreError

/** What a store knows of an event it holds, to judge a re-send. */
export interface StoredRef {
  readonly projectId: string
  /** The canonical JSON line. */
  readonly json: string
  readonly position: number
  readonly version: number
}

/** An event a bulk write did not write, because the store already holds an event under its id. */
export interface IdTaken {
  /** Its index in the batch. */
  readonly index: number
  /** The event that holds the id. */
  readonly holder: StoredRef
  /** True when the holder was written earlier in this bulk append (its position is then `firstPosition` + its offset in what was written). */
  readonly writtenEarlier: boolean
}

/** Writes inside a bulk append: see `EventStore.bulkAppend`. */
export interface BulkWriter {
  /** The position of the bulk append's first event: events stored before it have lower positions. */
  readonly firstPosition: number
  /**
   * Writes the batch's events in order, each at the end of its project's
   * stream (no expected version: nobody else writes while the bulk append
   * runs). An event whose id is already held is not written; those are
   * returned.
   */
  readonly write: (batch: EncodedBatch) => Effect.Effect<ReadonlyArray<IdTaken>, StoreError>
  /** For each stream written to that existed before the bulk append, its version then. */
  readonly versionsBefore: () => ReadonlyMap<string, number>
  /**
   * Says that no more batches follow, so a store may get its commit ready (a SQLite file store builds the indexes
   * it left for after the load, on its writing thread) while the caller checks what was written. Optional; a
   * failure shows when the bulk append commits.
   */
  readonly finishing?: () => void
  /**
   * How many writes may wait for their answer at once (default 1). A store that answers in order from a thread of
   * its own takes more, so that a slow answer to one batch does not leave it idle while the caller decodes the next.
   */
  readonly writesAhead?: number
}

export class EventStore extends Context.Service<EventStore, {
  /** Appends events to one project's stream, atomically. */
  readonly append: (
    projectId: string,
    events: ReadonlyArray<ProjectEvent.ProjectEvent>,
    expected: ExpectedVersion
  ) => Effect.Effect<AppendResult, AppendError>
  /** Appends to many streams in one transaction: all of them, or none. */
  readonly appendMany: (requests: ReadonlyArray<AppendRequest>) => Effect.Effect<ReadonlyArray<AppendResult>, AppendError>
  /** `appendMany` for encoded events: the bulk path, with no re-encoding. */
  readonly appendEncoded: (
    requests: ReadonlyArray<EncodedAppendRequest>
  ) => Effect.Effect<ReadonlyArray<AppendResult>, AppendError>
  /**
   * Runs `use` with a writer, in one transaction: what it wrote is committed
   * when `use` succeeds and rolled back, all of it, when `use` fails. Other
   * writers wait (or, where a store cannot make them wait, the commit fails
   * if one got in between). Whether reads through the store during `use`
   * see what it has written so far depends on the store; what was there
   * before is what lies below `firstPosition` and within `versionsBefore`.
   */
  readonly bulkAppend: <A, E, R>(use: (writer: BulkWriter) => Effect.Effect<A, E, R>) => Effect.Effect<A, E | StoreError, R>
  /** One project's events in stream order. */
  readonly readStream: (projectId: string) => Effect.Effect<ReadonlyArray<RecordedEvent>, StoreError>
  /** Up to `limit` events with a position after `after`, in position order. */
  readonly readAll: (after: number, limit: number) => Effect.Effect<ReadonlyArray<RecordedEvent>, StoreError>
  /** Every event after `after`, in position order, read in batches. */
  readonly streamAll: (options?: { readonly after?: number; readonly batchSize?: number }) => Stream.Stream<RecordedEvent, StoreError>
  /** The compact form of every event known by `knownBy` (epoch ms), in position order, in batches. */
  readonly replay: (knownBy: number, options?: { readonly batchSize?: number }) => Stream.Stream<CompactEvent.CompactEvent, StoreError>
  /**
   * Visits the compact form of every event known by `knownBy`, in position
   * order: the fastest replay. The visited object is reused from one call to
   * the next; read it, do not keep it.
   */
  readonly scan: (knownBy: number, visit: (event: CompactEvent.CompactEvent) => void) => Effect.Effect<void, StoreError>
  /** The current version of each named stream (0 for a stream that does not exist). */
  readonly versions: (projectIds: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, number>, StoreError>
  /** The stored events among `eventIds`, by id. */
  readonly findEvents: (eventIds: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, RecordedEvent>, StoreError>
  /** The last position written (0 for an empty store). */
  readonly head: Effect.Effect<number, StoreError>
}>()("groundbreak/EventStore") {}

export const defaultBatchSize = 10_000

/** `streamAll` for any store that can read a page: pages of `readAll` until one comes back empty. */
export const pagesOf = (
  readAll: (after: number, limit: number) => Effect.Effect<ReadonlyArray<RecordedEvent>, StoreError>,
  options?: { readonly after?: number; readonly batchSize?: number }
): Stream.Stream<RecordedEvent, StoreError> =>
  Stream.paginate(options?.after ?? 0, (after) =>
    Effect.map(readAll(after, options?.batchSize ?? defaultBatchSize), (batch) =>
      [batch, batch.length === 0 ? Option.none() : Option.some(batch[batch.length - 1]!.position)] as const))
