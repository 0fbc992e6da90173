/**
 * The PostgreSQL store's row layout and the statements on rows that appends
 * and bulk writes share: events inserted column by column (unpacked by
 * `unnest`, in C), stored events read back as recorded events or as what
 * the append rules compare, streams created and moved, and the counter row.
 */
import { type PgClient, PgTypes } from "@effect/sql-pg"
import { Effect, Result } from "effect"
import { type EncodedEvent, ProjectEvent } from "@groundbreak/domain"
import type { RecordedEvent, StoredRef } from "../EventStore.ts"
import type * as Upcasting from "../Upcasting.ts"
import type { Tables } from "./PostgresMigrations.ts"
import * as StoredForm from "./StoredForm.ts"

/** Rows per INSERT: more than a parsed chunk holds, so a bulk write's batch goes in one statement. */
export const insertBatch = 20_000

/** A batch of event rows, column by column. */
export interface Columns {
  readonly position: Array<number>
  readonly streamId: Array<number>
  readonly version: Array<number>
  readonly eventId: Array<string>
  readonly type: Array<number>
  readonly occurredOn: Array<number>
  readonly knownAt: Array<number>
  readonly attrs: Array<number>
  readonly amount: Array<number>
  readonly district: Array<string>
  readonly sector: Array<string>
  readonly payload: Array<string>
}

export const newColumns = (): Columns => ({
  position: [],
  streamId: [],
  version: [],
  eventId: [],
  type: [],
  occurredOn: [],
  knownAt: [],
  attrs: [],
  amount: [],
  district: [],
  sector: [],
  payload: []
})

/** Adds the row of `e` at `position` in stream `streamId` at `version`. */
export const addRow = (c: Columns, e: EncodedEvent.EncodedEvent, position: number, streamId: number, version: number): void => {
  c.position.push(position)
  c.streamId.push(streamId)
  c.version.push(version)
  c.eventId.push(e.eventId)
  c.type.push(e.type)
  c.occurredOn.push(e.occurredOn)
  c.knownAt.push(e.knownAt)
  c.attrs.push(StoredForm.packAttrs(e))
  c.amount.push(e.amount)
  c.district.push(e.district ?? "")
  c.sector.push(e.sector ?? "")
  c.payload.push(e.json)
}

/**
 * Fractional numbers (and attrs, beyond 32 bits) go as float8 arrays, in
 * binary: the driver would otherwise infer an element type from the values.
 */
const float8Array = (values: ReadonlyArray<number>): PgTypes.Parameter => Result.getOrThrow(PgTypes.array(values, PgTypes.OID.float8))

/** A stored event as reads select it ({@link recordedColumns}). */
export type RecordedRow = { position: number; version: number; schema_version: number; payload: string }
export const recordedColumns = "e.position::float8 AS position, e.version, e.schema_version, e.payload"

/** The compact columns of an event as replays select them ({@link scanColumns}). */
export type ScanRow = { s: number; t: number; o: number; k: number; p: number; a: number; m: number; d: string | null; c: string | null }
export const scanColumns =
  "e.stream_id::float8 AS s, e.type AS t, e.occurred_on AS o, e.known_at AS k, e.position::float8 AS p, e.attrs AS a, e.amount AS m, e.district AS d, e.sector AS c"

/** The statements on the tables `t`, with rows written in `format`'s current version. */
export const statements = (sql: PgClient.PgClient, t: Tables, format: Upcasting.Format) => {
  const toRecorded = (row: RecordedRow): RecordedEvent => ({
    event: StoredForm.readPayload(row.payload, row.schema_version, row.position, format),
    position: row.position,
    version: row.version,
    schemaVersion: row.schema_version
  })
  return {
    toRecorded,
    /** Inserts rows given column by column, into the events table or (a bulk write's) `into`, a table like it. */
    insertRows: (c: Columns, into: string = t.events) =>
      sql.unsafe(
        `INSERT INTO ${into}
         SELECT p, s, v, e, ${format.current}, ty, o, k, a, m, NULLIF(d, ''), NULLIF(c, ''), pl
         FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::int[], $6::int[], $7::float8[], $8::float8[], $9::float8[],
                     $10::text[], $11::text[], $12::text[])
              AS u(p, s, v, e, ty, o, k, a, m, d, c, pl)`,
        [
          c.position, c.streamId, c.version, c.eventId, c.type, c.occurredOn, float8Array(c.knownAt), float8Array(c.attrs), float8Array(c.amount),
          c.district, c.sector, c.payload
        ]
      ),
    /** The events stored under `eventIds` (in the events table or `from`, a table like it), as the append rules compare them. */
    holders: (eventIds: ReadonlyArray<string>, from: string = t.events) =>
      Effect.map(
        sql.unsafe<RecordedRow & { event_id: string; project_id: string }>(
          `SELECT e.event_id, s.project_id, ${recordedColumns} FROM ${from} e JOIN ${t.streams} s ON s.stream_id = e.stream_id
           WHERE e.event_id IN (SELECT json_array_elements_text($1::json))`,
          [JSON.stringify(eventIds)]
        ),
        (rows) =>
          new Map<string, StoredRef>(rows.map((r) => [r.event_id, {
            projectId: r.project_id,
            json: r.schema_version === format.current ? r.payload : ProjectEvent.toJsonLine(toRecorded(r).event),
            position: r.position,
            version: r.version
          }]))
      ),
    /** The existing streams among `projectIds`. */
    streamsOf: (projectIds: ReadonlyArray<string>) =>
      sql.unsafe<{ project_id: string; id: number; version: number }>(
        `SELECT project_id, stream_id::float8 AS id, version FROM ${t.streams} WHERE project_id IN (SELECT json_array_elements_text($1::json))`,
        [JSON.stringify(projectIds)]
      ),
    /**
     * The streams of `projectIds`, those missing created at version 0, in one
     * round trip (`created` says which). Only for a writer holding the
     * counter row, which keeps any other from creating them meanwhile.
     */
    streamsFor: (projectIds: ReadonlyArray<string>) =>
      sql.unsafe<{ project_id: string; id: number; version: number; created: boolean }>(
        `WITH wanted AS (SELECT DISTINCT value AS project_id FROM json_array_elements_text($1::json)),
              found AS (SELECT s.project_id, s.stream_id, s.version FROM ${t.streams} s JOIN wanted w ON w.project_id = s.project_id),
              made AS (
                INSERT INTO ${t.streams} (project_id, version)
                SELECT w.project_id, 0 FROM wanted w WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.project_id = w.project_id)
                RETURNING project_id, stream_id, version
              )
         SELECT project_id, stream_id::float8 AS id, version, false AS created FROM found
         UNION ALL SELECT project_id, stream_id::float8 AS id, version, true AS created FROM made`,
        [JSON.stringify(projectIds)]
      ),
    createStreams: (projectIds: ReadonlyArray<string>) =>
      sql.unsafe<{ project_id: string; id: number }>(
        `INSERT INTO ${t.streams} (project_id, version) SELECT value, 0 FROM json_array_elements_text($1::json)
         RETURNING project_id, stream_id::float8 AS id`,
        [JSON.stringify(projectIds)]
      ),
    setVersions: (versions: ReadonlyArray<{ readonly id: number; readonly version: number }>) =>
      sql.unsafe(
        `UPDATE ${t.streams} s SET version = v.version FROM json_to_recordset($1::json) AS v(id bigint, version integer)
         WHERE s.stream_id = v.id`,
        [JSON.stringify(versions)]
      ),
    dropStreams: (ids: ReadonlyArray<number>) =>
      sql.unsafe(`DELETE FROM ${t.streams} WHERE stream_id IN (SELECT json_array_elements_text($1::json)::bigint)`, [JSON.stringify(ids)]),
    /** Takes the counter row until commit: the first act of every write, which serializes writers. */
    lockHead: sql.unsafe<{ p: number }>(`SELECT position::float8 AS p FROM ${t.head} WHERE id = 1 FOR UPDATE`).pipe(
      Effect.map((rows) => rows[0]!.p)
    ),
    setHead: (position: number) => sql.unsafe(`UPDATE ${t.head} SET position = $1 WHERE id = 1`, [position])
  }
}

export type Statements = ReturnType<typeof statements>
