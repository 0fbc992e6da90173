/**
 * The PostgreSQL store's bulk writer: one transaction holding the counter
 * row, rows inserted batch by batch as they arrive (each batch's ids looked
 * up first, so an id already held is reported, not written), the streams'
 * versions and the counter moved at the end. Into an empty store the rows
 * go into a load table that takes the events table's place at the end
 * (`PostgresShadowLoad`).
 */
import type { PgClient } from "@effect/sql-pg"
import { Effect } from "effect"
import { isSqlError } from "effect/sql/SqlError"
import * as EncodedBatch from "../EncodedBatch.ts"
import type { BulkWriter, IdTaken, StoreError } from "../EventStore.ts"
import * as BulkStreams from "./BulkStreams.ts"
import type { Failure, Tables } from "./PostgresMigrations.ts"
import * as PostgresRows from "./PostgresRows.ts"
import * as PostgresShadowLoad from "./PostgresShadowLoad.ts"

/** `EventStore.bulkAppend` on `sql`, through the statements `st`. */
export const bulkAppend = (sql: PgClient.PgClient, t: Tables, st: PostgresRows.Statements, failure: Failure) =>
<A, E, R>(use: (writer: BulkWriter) => Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
  sql.withTransaction(Effect.gen(function*() {
    const firstPosition = (yield* st.lockHead.pipe(Effect.mapError(failure("bulk append failed")))) + 1
    let next = firstPosition
    // Dense positions: the counter at 0 means no event is stored, so the rows can go into a table built for loading.
    const load = firstPosition === 1 ? yield* PostgresShadowLoad.begin(sql, t).pipe(Effect.mapError(failure("bulk append failed"))) : undefined
    const into = load === undefined ? t.events : t.eventsLoad
    const streams = new Map<string, BulkStreams.StreamState>()

    const resolveStreams = (projectIds: ReadonlyArray<string>) =>
      Effect.gen(function*() {
        const unknown = [...new Set(projectIds)].filter((p) => !streams.has(p))
        if (unknown.length === 0) return
        // Found and created in one round trip: on a loaded server each statement waits its turn for the CPU.
        for (const r of yield* st.streamsFor(unknown)) streams.set(r.project_id, { id: r.id, before: r.created ? 0 : r.version, version: r.version })
      })

    const write = (batch: EncodedBatch.EncodedBatch) =>
      Effect.gen(function*() {
        yield* resolveStreams(batch.projectId)
        const held = yield* st.holders(batch.eventId, into)
        const taken: Array<IdTaken> = []
        let rows = PostgresRows.newColumns()
        for (let i = 0; i < batch.length; i++) {
          const holder = held.get(batch.eventId[i]!)
          if (holder !== undefined) {
            taken.push({ index: i, holder, writtenEarlier: holder.position >= firstPosition })
            continue
          }
          const e = EncodedBatch.eventAt(batch, i)
          const stream = streams.get(e.projectId)!
          stream.version++
          PostgresRows.addRow(rows, e, next, stream.id, stream.version)
          held.set(e.eventId, { projectId: e.projectId, json: e.json, position: next, version: stream.version })
          next++
          if (rows.position.length === PostgresRows.insertBatch) {
            yield* st.insertRows(rows, into)
            rows = PostgresRows.newColumns()
          }
        }
        if (rows.position.length > 0) yield* st.insertRows(rows, into)
        return taken as ReadonlyArray<IdTaken>
      }).pipe(Effect.mapError(failure("bulk write failed")))

    const result = yield* use({ firstPosition, write, versionsBefore: () => BulkStreams.versionsBefore(streams) })
    yield* Effect.gen(function*() {
      const all = [...streams.values()]
      const changed = all.filter((s) => s.version !== s.before && s.version > 0)
      if (changed.length > 0) yield* st.setVersions(changed.map((s) => ({ id: s.id, version: s.version })))
      const unused = all.filter((s) => s.version === 0)
      if (unused.length > 0) yield* st.dropStreams(unused.map((s) => s.id))
      if (load !== undefined) yield* PostgresShadowLoad.finish(sql, t, load)
      yield* st.setHead(next - 1)
    }).pipe(Effect.mapError(failure("bulk append failed to commit")))
    return result
  })).pipe(Effect.mapError((error) => isSqlError(error) ? failure("bulk append failed")(error) : error as E | StoreError))
