/**
 * The shared event store: PostgreSQL through `@effect/sql-pg`, for a city's
 * offices (or a province's cities) writing one ledger at once.
 *
 * Every append takes the single counter row `gb_head` with `FOR UPDATE` as
 * its first act and holds it to commit. Appends are therefore serialized:
 * positions are dense (the counter moves only with committed events) and in
 * commit order, so a reader tailing `readAll` can never miss an event that
 * commits later with a lower position. Replays stream rows over one query
 * (the connection is paused when the consumer is behind), never loading the
 * log into memory.
 *
 * The store URL is an ordinary `postgres://` URL, completed from libpq's
 * environment variables and password file; an extra query parameter
 * `schema=NAME` keeps the tables in that schema (default `public`). The
 * password never appears in errors: see {@link PostgresUrl}.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Option, Redacted, Stream } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import type { SqlError } from "effect/sql/SqlError"
import type { CompactEvent } from "@groundbreak/domain"
import * as AppendDecision from "./AppendDecision.ts"
import {
  defaultBatchSize,
  type EncodedAppendRequest,
  EventIdConflict,
  EventStore,
  pagesOf,
  StoreError,
  type StoredRef
} from "./EventStore.ts"
import * as PostgresBulkWriter from "./internal/PostgresBulkWriter.ts"
import * as PostgresMigrations from "./internal/PostgresMigrations.ts"
import * as PostgresRows from "./internal/PostgresRows.ts"
import * as StoredForm from "./internal/StoredForm.ts"
import * as KnowledgeCutRule from "./KnowledgeCutRule.ts"
import * as PostgresUrl from "./PostgresUrl.ts"
import * as Upcasting from "./Upcasting.ts"

export interface PostgresOptions extends Upcasting.Options {
  /** `postgres://user:password@host:port/database?schema=NAME` (missing parts from PGHOST, PGPASSWORD, ~/.pgpass…) */
  readonly url: string
  readonly maxConnections?: number
  /**
   * `write` (the default) creates the tables on first use. `read` runs no
   * migration and writes nothing: it refuses a schema without the store's
   * tables ("the store is empty").
   */
  readonly mode?: "read" | "write"
  /** Where libpq's variables and password file are read (default: this process's). */
  readonly environment?: PostgresUrl.Environment
}

/** The connection settings of `options`, or a StoreError naming the redacted URL. */
const settingsOf = (options: PostgresOptions) =>
  Effect.try({
    try: () => PostgresUrl.resolve(options.url, options.environment),
    catch: (error) =>
      new StoreError({
        reason: `invalid PostgreSQL store URL ${PostgresUrl.redact(options.url)}: ${
          error instanceof PostgresUrl.InvalidUrl ? error.reason : String(error)
        }`
      })
  })

/** Whether a store spec is a PostgreSQL URL. */
export const isPostgresUrl = PostgresUrl.isPostgresUrl

/** The URL with its password replaced by `***`, for anything a person or a log may see: see {@link PostgresUrl.redact}. */
export const redactUrl = PostgresUrl.redact

export const make = (sql: PgClient.PgClient, options: PostgresOptions) =>
  Effect.gen(function*() {
    const settings = yield* settingsOf(options)
    const t = PostgresMigrations.tablesIn(settings.schema)
    const format = Upcasting.formatOf(options)
    const storeError = (what: string) => (error: unknown) => {
      const connection = PostgresUrl.describeFailure(error, settings)
      if (connection !== undefined) return new StoreError({ reason: connection })
      const text = error instanceof Error ? error.message : String(error)
      return new StoreError({ reason: `${what} (${settings.redacted}): ${PostgresUrl.scrub(text, settings)}` })
    }
    yield* PostgresMigrations.prepare(sql, t, options.mode ?? "write", settings, storeError)

    const st = PostgresRows.statements(sql, t, format)
    const query = <A>(what: string, effect: Effect.Effect<A, SqlError>) =>
      effect.pipe(Effect.mapError(storeError(what)))
    const recordedRows = (what: string, rows: Effect.Effect<ReadonlyArray<PostgresRows.RecordedRow>, SqlError>) =>
      query(what, rows).pipe(Effect.flatMap((rows) => Effect.try({ try: () => rows.map(st.toRecorded), catch: storeError(what) })))

    /** Reads what the decision needs, decides every request (no writes), then writes streams, events, versions and the counter. */
    const appendInTransaction = (requests: ReadonlyArray<EncodedAppendRequest>) =>
      Effect.gen(function*() {
        const head = yield* st.lockHead
        const streamRows = yield* st.streamsOf([...new Set(requests.map((r) => r.projectId))])
        const streams = new Map(streamRows.map((s) => [s.project_id, { id: s.id, version: s.version }]))
        // Ids that may be re-sends: those of streams that exist (an id reused across streams is caught by the unique index).
        const candidateIds = requests.filter((r) => streams.has(r.projectId)).flatMap((r) => r.events.map((e) => e.eventId))
        const stored = candidateIds.length === 0 ? new Map<string, StoredRef>() : yield* st.holders(candidateIds)
        const decision = AppendDecision.decide(requests, {
          head,
          versionOf: (projectId) => streams.get(projectId)?.version ?? 0,
          holderOf: (eventId) => stored.get(eventId)
        })
        if (AppendDecision.isRejection(decision)) return yield* Effect.fail(decision)
        if (decision.writes.length === 0) return decision.results

        const newProjects = [...decision.versions.keys()].filter((p) => !streams.has(p))
        if (newProjects.length > 0) {
          for (const s of yield* st.createStreams(newProjects)) streams.set(s.project_id, { id: s.id, version: 0 })
        }
        let batch = PostgresRows.newColumns()
        for (const { firstPosition, request, versionBefore } of decision.writes) {
          const streamId = streams.get(request.projectId)!.id
          for (let i = 0; i < request.events.length; i++) {
            PostgresRows.addRow(batch, request.events[i]!, firstPosition + i, streamId, versionBefore + i + 1)
            if (batch.position.length === PostgresRows.insertBatch) {
              yield* st.insertRows(batch)
              batch = PostgresRows.newColumns()
            }
          }
        }
        if (batch.position.length > 0) yield* st.insertRows(batch)
        yield* st.setVersions([...decision.versions].map(([p, version]) => ({ id: streams.get(p)!.id, version })))
        yield* st.setHead(decision.head)
        return decision.results
      })

    /** A unique violation on the event id that the re-send check could not see: an id used by another project. */
    const eventIdTaken = (error: SqlError, requests: ReadonlyArray<EncodedAppendRequest>): EventIdConflict | undefined => {
      const reason = error.reason as { readonly _tag: string; readonly constraint?: string; readonly cause?: { readonly detail?: string } }
      if (reason._tag !== "UniqueViolation" || reason.constraint !== `${PostgresMigrations.eventsTable}_event_id_key`) return undefined
      const id = /\(event_id\)=\((.*)\) already exists/.exec(reason.cause?.detail ?? "")?.[1]
      const request = requests.find((r) => r.events.some((e) => e.eventId === id)) ?? requests[0]!
      return new EventIdConflict({ eventId: id ?? "?", projectId: request.projectId, reason: "already used by an event of another project" })
    }

    const appendEncoded = (requests: ReadonlyArray<EncodedAppendRequest>) =>
      sql.withTransaction(appendInTransaction(requests)).pipe(
        Effect.catchTag("SqlError", (error) => Effect.fail(eventIdTaken(error, requests) ?? storeError("append failed")(error)))
      )

    const readAll = (after: number, limit: number) =>
      recordedRows("readAll failed", sql.unsafe<PostgresRows.RecordedRow>(
        `SELECT ${PostgresRows.recordedColumns} FROM ${t.events} e WHERE e.position > $1 ORDER BY e.position LIMIT $2`,
        [after, limit]
      ))

    /** Streams the compact rows known by the cut, in position order, into `visit`. */
    const scanRows = (knownBy: number, visit: (view: CompactEvent.CompactEvent) => void) =>
      Effect.gen(function*() {
        const names = new Map<number, string>()
        const loadNames = sql.unsafe<{ id: number; project_id: string }>(`SELECT stream_id::float8 AS id, project_id FROM ${t.streams}`).pipe(
          Effect.map((rows) => rows.forEach((r) => names.set(r.id, r.project_id)))
        )
        yield* loadNames
        const view = StoredForm.newView()
        const rows = sql.unsafe<PostgresRows.ScanRow>(
          `SELECT ${PostgresRows.scanColumns} FROM ${t.events} e WHERE ${KnowledgeCutRule.knownBySql("e.known_at", "$1")} ORDER BY e.position`,
          [knownBy]
        ).stream
        yield* Stream.runForEachArray(rows, (batch) =>
          Effect.gen(function*() {
            if (batch.some((r) => !names.has(r.s))) yield* loadNames
            for (const r of batch) visit(StoredForm.fillView(view, names.get(r.s)!, r.t, r.o, r.k, r.p, r.a, r.m, r.d, r.c))
          }))
      }).pipe(Effect.mapError(storeError("replay failed")))

    return EventStore.of({
      bulkAppend: PostgresBulkWriter.bulkAppend(sql, t, st, storeError),
      append: (projectId, events, expected) =>
        Effect.map(appendEncoded(AppendDecision.encodeRequests([{ projectId, events, expected }])), (results) => results[0]!),
      appendMany: (requests) => Effect.suspend(() => appendEncoded(AppendDecision.encodeRequests(requests))),
      appendEncoded,
      readStream: (projectId) =>
        recordedRows("readStream failed", sql.unsafe<PostgresRows.RecordedRow>(
          `SELECT ${PostgresRows.recordedColumns} FROM ${t.events} e JOIN ${t.streams} s ON s.stream_id = e.stream_id
           WHERE s.project_id = $1 ORDER BY e.version`,
          [projectId]
        )),
      readAll,
      streamAll: (opts) => pagesOf(readAll, opts),
      replay: (knownBy, opts) =>
        Stream.unwrap(Effect.sync(() => {
          // Pages by position, each page a scan of a bounded range, so the stream's consumer sets the pace.
          const size = opts?.batchSize ?? defaultBatchSize
          return Stream.paginate(0, (after: number) =>
            Effect.gen(function*() {
              const rows = yield* query("replay failed", sql.unsafe<PostgresRows.ScanRow & { project_id: string }>(
                `SELECT ${PostgresRows.scanColumns}, s.project_id
                 FROM ${t.events} e JOIN ${t.streams} s ON s.stream_id = e.stream_id
                 WHERE e.position > $1 AND ${KnowledgeCutRule.knownBySql("e.known_at", "$2")} ORDER BY e.position LIMIT $3`,
                [after, knownBy, size]
              ))
              const page = rows.map((r) => ({ ...StoredForm.fillView(StoredForm.newView(), r.project_id, r.t, r.o, r.k, r.p, r.a, r.m, r.d, r.c) }))
              const last = rows[rows.length - 1]
              return [page, last === undefined ? Option.none() : Option.some(last.p)] as const
            }))
        })),
      scan: scanRows,
      versions: (projectIds) =>
        query("reading stream versions failed", st.streamsOf(projectIds)).pipe(Effect.map((rows) => {
          const known = new Map(rows.map((r) => [r.project_id, r.version]))
          return new Map(projectIds.map((id) => [id, known.get(id) ?? 0]))
        })),
      findEvents: (eventIds) =>
        query("finding events failed", sql.unsafe<PostgresRows.RecordedRow & { event_id: string }>(
          `SELECT e.event_id, ${PostgresRows.recordedColumns} FROM ${t.events} e WHERE e.event_id IN (SELECT json_array_elements_text($1::json))`,
          [JSON.stringify(eventIds)]
        )).pipe(Effect.flatMap((rows) => Effect.try({
          try: () => new Map(rows.map((r) => [r.event_id, st.toRecorded(r)])),
          catch: storeError("finding events failed")
        }))),
      head: query("reading the head failed", sql.unsafe<{ p: number }>(`SELECT position::float8 AS p FROM ${t.head} WHERE id = 1`)).pipe(
        Effect.map((rows) => rows[0]?.p ?? 0)
      )
    })
  })

/** Connects to the server (the pool lives as long as the scope). Failures name the cause and the URL with its password redacted. */
const connect = (options: PostgresOptions) =>
  Effect.gen(function*() {
    const settings = yield* settingsOf(options)
    return yield* PgClient.make({
      url: Redacted.make(settings.driverUrl),
      host: settings.host,
      port: settings.port,
      database: settings.database,
      username: settings.username,
      ...(settings.password === undefined ? {} : { password: Redacted.make(settings.password) }),
      maxConnections: options.maxConnections ?? 4,
      applicationName: "groundbreak"
    }).pipe(Effect.mapError((error) =>
      new StoreError({
        reason: PostgresUrl.describeFailure(error, settings) ??
          `cannot connect to ${settings.redacted}: ${PostgresUrl.scrub(error.message, settings)}`
      })
    ))
  })

/** The PostgreSQL store. */
export const layer = (options: PostgresOptions): Layer.Layer<EventStore, StoreError> =>
  Layer.effect(EventStore, Effect.flatMap(connect(options), (sql) => make(sql, options))).pipe(Layer.provide(Reactivity.layer))
