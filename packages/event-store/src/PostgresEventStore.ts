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
import { PgClient, PgTypes } from "@effect/sql-pg"
import { Effect, Layer, Option, Redacted, Result, Stream } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { isSqlError, type SqlError } from "effect/sql/SqlError"
import { CompactEvent, type EncodedEvent, ProjectEvent } from "@groundbreak/domain"
import * as AppendDecision from "./AppendDecision.ts"
import * as EncodedBatch from "./EncodedBatch.ts"
import {
  type AppendResult,
  type BulkWriter,
  defaultBatchSize,
  type EncodedAppendRequest,
  EventIdConflict,
  EventStore,
  type IdTaken,
  pagesOf,
  type RecordedEvent,
  StoreError,
  type StoredRef
} from "./EventStore.ts"
import * as BulkStreams from "./internal/BulkStreams.ts"
import * as StoredForm from "./internal/StoredForm.ts"
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

const tablesIn = (schema: string) => ({
  schema: `"${schema}"`,
  migrations: `"${schema}".gb_migrations`,
  streams: `"${schema}".gb_streams`,
  head: `"${schema}".gb_head`,
  events: `"${schema}".gb_events`
})

type Tables = ReturnType<typeof tablesIn>

const migrations = (t: Tables): ReadonlyArray<ReadonlyArray<string>> => [
  [
    `CREATE TABLE ${t.streams} (
      stream_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      project_id text NOT NULL UNIQUE,
      version integer NOT NULL
    )`,
    `CREATE TABLE ${t.head} (id smallint PRIMARY KEY CHECK (id = 1), position bigint NOT NULL)`,
    `INSERT INTO ${t.head} VALUES (1, 0)`,
    `CREATE TABLE ${t.events} (
      position bigint PRIMARY KEY,
      stream_id bigint NOT NULL,
      version integer NOT NULL,
      event_id text NOT NULL UNIQUE,
      schema_version smallint NOT NULL,
      type smallint NOT NULL,
      occurred_on integer NOT NULL,
      known_at double precision NOT NULL,
      attrs double precision NOT NULL,
      amount double precision NOT NULL,
      district text,
      sector text,
      payload text NOT NULL,
      UNIQUE (stream_id, version)
    )`
  ]
]

/** Rows per INSERT: more than a parsed chunk holds, so a bulk write's batch goes in one statement. */
const insertBatch = 20_000

/**
 * A batch of event rows, column by column. Fractional numbers (and attrs,
 * beyond 32 bits) go as float8 arrays, in binary: the driver would otherwise
 * infer an element type from the values.
 */
const newColumns = () => ({
  position: [] as Array<number>,
  streamId: [] as Array<number>,
  version: [] as Array<number>,
  eventId: [] as Array<string>,
  type: [] as Array<number>,
  occurredOn: [] as Array<number>,
  knownAt: [] as Array<number>,
  attrs: [] as Array<number>,
  amount: [] as Array<number>,
  district: [] as Array<string>,
  sector: [] as Array<string>,
  payload: [] as Array<string>
})

const float8Array = (values: ReadonlyArray<number>): PgTypes.Parameter => Result.getOrThrow(PgTypes.array(values, PgTypes.OID.float8))

export const make = (sql: PgClient.PgClient, options: PostgresOptions) =>
  Effect.gen(function*() {
    const settings = yield* settingsOf(options)
    const t = tablesIn(settings.schema)
    const format = Upcasting.formatOf(options)
    const storeError = (what: string) => (error: unknown) => {
      const connection = PostgresUrl.describeFailure(error, settings)
      if (connection !== undefined) return new StoreError({ reason: connection })
      const text = error instanceof Error ? error.message : String(error)
      return new StoreError({ reason: `${what} (${settings.redacted}): ${PostgresUrl.scrub(text, settings)}` })
    }

    if (options.mode === "read") {
      // Reading writes nothing: the tables must be there, at this version.
      const found = yield* sql.unsafe<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [t.migrations]).pipe(
        Effect.flatMap(([row]) =>
          row?.present ? sql.unsafe<{ v: number }>(`SELECT coalesce(max(version), 0) AS v FROM ${t.migrations}`) : Effect.succeed([{ v: 0 }])
        ),
        Effect.mapError(storeError("cannot read the PostgreSQL store"))
      )
      const version = found[0]!.v
      if (version === 0) {
        return yield* new StoreError({
          reason: `the store is empty: import a ledger first (no Groundbreak tables in schema ${settings.schema} of ${settings.redacted})`
        })
      }
      if (version !== migrations(t).length) {
        return yield* new StoreError({
          reason: `cannot use the PostgreSQL store ${settings.redacted}: its tables are at version ${version}, this Groundbreak knows ${migrations(t).length}`
        })
      }
    } else {
      // Migrations on first use; an advisory lock keeps concurrent first users from racing.
      yield* sql.withTransaction(Effect.gen(function*() {
        yield* sql.unsafe("SELECT pg_advisory_xact_lock(7423001)")
        yield* sql.unsafe(`CREATE SCHEMA IF NOT EXISTS ${t.schema}`)
        yield* sql.unsafe(`CREATE TABLE IF NOT EXISTS ${t.migrations} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
        const applied = (yield* sql.unsafe<{ v: number }>(`SELECT coalesce(max(version), 0) AS v FROM ${t.migrations}`))[0]!.v
        const steps = migrations(t)
        for (let version = applied + 1; version <= steps.length; version++) {
          for (const statement of steps[version - 1]!) yield* sql.unsafe(statement)
          yield* sql.unsafe(`INSERT INTO ${t.migrations} (version) VALUES ($1)`, [version])
        }
      })).pipe(Effect.mapError(storeError("cannot prepare the PostgreSQL store")))
    }

    type Row = { position: number; version: number; schema_version: number; payload: string }
    const toRecorded = (row: Row): RecordedEvent => ({
      event: StoredForm.readPayload(row.payload, row.schema_version, row.position, format),
      position: row.position,
      version: row.version,
      schemaVersion: row.schema_version
    })
    const recordedColumns = "e.position::float8 AS position, e.version, e.schema_version, e.payload"
    type HolderRow = Row & { event_id: string; project_id: string }
    /** The events stored under `eventIds`, as the append rules compare them. */
    const holders = (eventIds: ReadonlyArray<string>) =>
      Effect.map(
        sql.unsafe<HolderRow>(
          `SELECT e.event_id, s.project_id, ${recordedColumns} FROM ${t.events} e JOIN ${t.streams} s ON s.stream_id = e.stream_id
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
      )

    const query = <A>(what: string, effect: Effect.Effect<A, SqlError>) =>
      effect.pipe(Effect.mapError(storeError(what)))

    type Columns = ReturnType<typeof newColumns>
    /** Inserts rows given column by column: PostgreSQL unpacks the arrays with unnest, in C. */
    const insertRows = (c: Columns) =>
      sql.unsafe(
        `INSERT INTO ${t.events}
         SELECT p, s, v, e, ${format.current}, ty, o, k, a, m, NULLIF(d, ''), NULLIF(c, ''), pl
         FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::int[], $6::int[], $7::float8[], $8::float8[], $9::float8[],
                     $10::text[], $11::text[], $12::text[])
              AS u(p, s, v, e, ty, o, k, a, m, d, c, pl)`,
        [
          c.position, c.streamId, c.version, c.eventId, c.type, c.occurredOn, float8Array(c.knownAt), float8Array(c.attrs), float8Array(c.amount),
          c.district, c.sector, c.payload
        ]
      )
    /** Adds the row of `e` at `position` in stream `streamId` at `version`. */
    const addRow = (c: Columns, e: EncodedEvent.EncodedEvent, position: number, streamId: number, version: number) => {
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
    const createStreams = (projectIds: ReadonlyArray<string>) =>
      sql.unsafe<{ project_id: string; id: number }>(
        `INSERT INTO ${t.streams} (project_id, version) SELECT value, 0 FROM json_array_elements_text($1::json)
         RETURNING project_id, stream_id::float8 AS id`,
        [JSON.stringify(projectIds)]
      )
    const setVersions = (versions: ReadonlyArray<{ readonly id: number; readonly version: number }>) =>
      sql.unsafe(
        `UPDATE ${t.streams} s SET version = v.version FROM json_to_recordset($1::json) AS v(id bigint, version integer)
         WHERE s.stream_id = v.id`,
        [JSON.stringify(versions)]
      )
    const lockHead = sql.unsafe<{ p: number }>(`SELECT position::float8 AS p FROM ${t.head} WHERE id = 1 FOR UPDATE`).pipe(
      Effect.map((rows) => rows[0]!.p)
    )
    const setHead = (position: number) => sql.unsafe(`UPDATE ${t.head} SET position = $1 WHERE id = 1`, [position])

    /** Reads what the decision needs, decides every request (no writes), then writes streams, events, versions and the counter. */
    const appendInTransaction = (requests: ReadonlyArray<EncodedAppendRequest>) =>
      Effect.gen(function*() {
        const head = yield* lockHead
        const projectIds = [...new Set(requests.map((r) => r.projectId))]
        const streamRows = yield* sql.unsafe<{ project_id: string; id: number; version: number }>(
          `SELECT project_id, stream_id::float8 AS id, version FROM ${t.streams}
           WHERE project_id IN (SELECT json_array_elements_text($1::json))`,
          [JSON.stringify(projectIds)]
        )
        const streams = new Map(streamRows.map((s) => [s.project_id, { id: s.id, version: s.version }]))
        // Ids that may be re-sends: those of streams that exist (an id reused across streams is caught by the unique index).
        const candidateIds = requests.filter((r) => streams.has(r.projectId)).flatMap((r) => r.events.map((e) => e.eventId))
        const stored = candidateIds.length === 0 ? new Map<string, StoredRef>() : yield* holders(candidateIds)
        const decision = AppendDecision.decide(requests, {
          head,
          versionOf: (projectId) => streams.get(projectId)?.version ?? 0,
          holderOf: (eventId) => stored.get(eventId)
        })
        if (AppendDecision.isRejection(decision)) return yield* Effect.fail(decision)
        if (decision.writes.length === 0) return decision.results

        const newProjects = [...decision.versions.keys()].filter((p) => !streams.has(p))
        if (newProjects.length > 0) {
          for (const s of yield* createStreams(newProjects)) streams.set(s.project_id, { id: s.id, version: 0 })
        }
        let batch = newColumns()
        for (const { firstPosition, request, versionBefore } of decision.writes) {
          const streamId = streams.get(request.projectId)!.id
          for (let i = 0; i < request.events.length; i++) {
            addRow(batch, request.events[i]!, firstPosition + i, streamId, versionBefore + i + 1)
            if (batch.position.length === insertBatch) {
              yield* insertRows(batch)
              batch = newColumns()
            }
          }
        }
        if (batch.position.length > 0) yield* insertRows(batch)
        yield* setVersions([...decision.versions].map(([p, version]) => ({ id: streams.get(p)!.id, version })))
        yield* setHead(decision.head)
        return decision.results
      })

    /** A unique violation on the event id that the re-send check could not see: an id used by another project. */
    const eventIdTaken = (error: SqlError, requests: ReadonlyArray<EncodedAppendRequest>): EventIdConflict | undefined => {
      const reason = error.reason as { readonly _tag: string; readonly constraint?: string; readonly cause?: { readonly detail?: string } }
      if (reason._tag !== "UniqueViolation" || reason.constraint !== "gb_events_event_id_key") return undefined
      const id = /\(event_id\)=\((.*)\) already exists/.exec(reason.cause?.detail ?? "")?.[1]
      const request = requests.find((r) => r.events.some((e) => e.eventId === id)) ?? requests[0]!
      return new EventIdConflict({ eventId: id ?? "?", projectId: request.projectId, reason: "already used by an event of another project" })
    }

    const appendEncoded = (requests: ReadonlyArray<EncodedAppendRequest>) =>
      sql.withTransaction(appendInTransaction(requests)).pipe(
        Effect.catchTag("SqlError", (error) => Effect.fail(eventIdTaken(error, requests) ?? storeError("append failed")(error)))
      )

    /**
     * A bulk append: one transaction holding the counter row, rows inserted
     * batch by batch as they arrive, the streams' versions and the counter
     * moved at the end.
     */
    const bulkAppend = <A, E, R>(use: (writer: BulkWriter) => Effect.Effect<A, E, R>) =>
      sql.withTransaction(Effect.gen(function*() {
        const firstPosition = (yield* query("bulk append failed", lockHead)) + 1
        let next = firstPosition
        const streams = new Map<string, BulkStreams.StreamState>()

        const resolveStreams = (projectIds: ReadonlyArray<string>) =>
          Effect.gen(function*() {
            const unknown = [...new Set(projectIds)].filter((p) => !streams.has(p))
            if (unknown.length === 0) return
            const found = yield* sql.unsafe<{ project_id: string; id: number; version: number }>(
              `SELECT project_id, stream_id::float8 AS id, version FROM ${t.streams} WHERE project_id IN (SELECT json_array_elements_text($1::json))`,
              [JSON.stringify(unknown)]
            )
            for (const r of found) streams.set(r.project_id, { id: r.id, before: r.version, version: r.version })
            const missing = unknown.filter((p) => !streams.has(p))
            if (missing.length > 0) for (const r of yield* createStreams(missing)) streams.set(r.project_id, { id: r.id, before: 0, version: 0 })
          })

        const write = (batch: EncodedBatch.EncodedBatch) =>
          Effect.gen(function*() {
            yield* resolveStreams(batch.projectId)
            const held = yield* holders(batch.eventId)
            const taken: Array<IdTaken> = []
            let rows = newColumns()
            for (let i = 0; i < batch.length; i++) {
              const holder = held.get(batch.eventId[i]!)
              if (holder !== undefined) {
                taken.push({ index: i, holder, writtenEarlier: holder.position >= firstPosition })
                continue
              }
              const e = EncodedBatch.eventAt(batch, i)
              const stream = streams.get(e.projectId)!
              stream.version++
              addRow(rows, e, next, stream.id, stream.version)
              held.set(e.eventId, { projectId: e.projectId, json: e.json, position: next, version: stream.version })
              next++
              if (rows.position.length === insertBatch) {
                yield* insertRows(rows)
                rows = newColumns()
              }
            }
            if (rows.position.length > 0) yield* insertRows(rows)
            return taken as ReadonlyArray<IdTaken>
          }).pipe(Effect.mapError(storeError("bulk write failed")))

        const result = yield* use({ firstPosition, write, versionsBefore: () => BulkStreams.versionsBefore(streams) })
        yield* Effect.gen(function*() {
          const all = [...streams.values()]
          const changed = all.filter((s) => s.version !== s.before && s.version > 0)
          if (changed.length > 0) yield* setVersions(changed.map((s) => ({ id: s.id, version: s.version })))
          const unused = all.filter((s) => s.version === 0)
          if (unused.length > 0) {
            yield* sql.unsafe(`DELETE FROM ${t.streams} WHERE stream_id IN (SELECT json_array_elements_text($1::json)::bigint)`, [
              JSON.stringify(unused.map((s) => s.id))
            ])
          }
          yield* setHead(next - 1)
        }).pipe(Effect.mapError(storeError("bulk append failed to commit")))
        return result
      })).pipe(Effect.mapError((error) => isSqlError(error) ? storeError("bulk append failed")(error) : error as E | StoreError))

    const readAll = (after: number, limit: number) =>
      query("readAll failed", sql.unsafe<Row>(
        `SELECT ${recordedColumns} FROM ${t.events} e WHERE e.position > $1 ORDER BY e.position LIMIT $2`,
        [after, limit]
      )).pipe(Effect.flatMap((rows) => Effect.try({ try: () => rows.map(toRecorded), catch: storeError("readAll failed") })))

    type ScanRow = { s: number; t: number; o: number; k: number; p: number; a: number; m: number; d: string | null; c: string | null }

    /** Streams the compact rows known by the cut, in position order, into `visit`. */
    const scanRows = (knownBy: number, visit: (view: CompactEvent.CompactEvent) => void) =>
      Effect.gen(function*() {
        const names = new Map<number, string>()
        const loadNames = sql.unsafe<{ id: number; project_id: string }>(`SELECT stream_id::float8 AS id, project_id FROM ${t.streams}`).pipe(
          Effect.map((rows) => rows.forEach((r) => names.set(r.id, r.project_id)))
        )
        yield* loadNames
        const view = StoredForm.newView()
        const rows = sql.unsafe<ScanRow>(
          `SELECT stream_id::float8 AS s, type AS t, occurred_on AS o, known_at AS k, position::float8 AS p, attrs AS a, amount AS m,
                  district AS d, sector AS c
           FROM ${t.events} WHERE known_at <= $1 ORDER BY position`,
          [knownBy]
        ).stream
        yield* Stream.runForEachArray(rows, (batch) =>
          Effect.gen(function*() {
            if (batch.some((r) => !names.has(r.s))) yield* loadNames
            for (const r of batch) visit(StoredForm.fillView(view, names.get(r.s)!, r.t, r.o, r.k, r.p, r.a, r.m, r.d, r.c))
          }))
      }).pipe(Effect.mapError(storeError("replay failed")))

    return EventStore.of({
      bulkAppend,
      append: (projectId, events, expected) =>
        Effect.map(appendEncoded(AppendDecision.encodeRequests([{ projectId, events, expected }])), (results) => results[0]!),
      appendMany: (requests) => Effect.suspend(() => appendEncoded(AppendDecision.encodeRequests(requests))),
      appendEncoded,
      readStream: (projectId) =>
        query("readStream failed", sql.unsafe<Row>(
          `SELECT ${recordedColumns} FROM ${t.events} e JOIN ${t.streams} s ON s.stream_id = e.stream_id
           WHERE s.project_id = $1 ORDER BY e.version`,
          [projectId]
        )).pipe(Effect.flatMap((rows) => Effect.try({ try: () => rows.map(toRecorded), catch: storeError("readStream failed") }))),
      readAll,
      streamAll: (opts) => pagesOf(readAll, opts),
      replay: (knownBy, opts) =>
        Stream.unwrap(Effect.sync(() => {
          // Pages by position, each page a scan of a bounded range, so the stream's consumer sets the pace.
          const size = opts?.batchSize ?? defaultBatchSize
          return Stream.paginate(0, (after: number) =>
            Effect.gen(function*() {
              const page: Array<CompactEvent.CompactEvent> = []
              const rows = yield* query("replay failed", sql.unsafe<ScanRow & { project_id: string }>(
                `SELECT e.stream_id::float8 AS s, s.project_id, e.type AS t, e.occurred_on AS o, e.known_at AS k, e.position::float8 AS p,
                        e.attrs AS a, e.amount AS m, e.district AS d, e.sector AS c
                 FROM ${t.events} e JOIN ${t.streams} s ON s.stream_id = e.stream_id
                 WHERE e.position > $1 ORDER BY e.position LIMIT $2`,
                [after, size]
              ))
              for (const r of rows) {
                if (r.k <= knownBy) page.push({ ...StoredForm.fillView(StoredForm.newView(), r.project_id, r.t, r.o, r.k, r.p, r.a, r.m, r.d, r.c) })
              }
              const last = rows[rows.length - 1]
              return [page, last === undefined ? Option.none() : Option.some(last.p)] as const
            }))
        })),
      scan: scanRows,
      versions: (projectIds) =>
        query("reading stream versions failed", sql.unsafe<{ project_id: string; version: number }>(
          `SELECT project_id, version FROM ${t.streams} WHERE project_id IN (SELECT json_array_elements_text($1::json))`,
          [JSON.stringify(projectIds)]
        )).pipe(Effect.map((rows) => {
          const known = new Map(rows.map((r) => [r.project_id, r.version]))
          return new Map(projectIds.map((id) => [id, known.get(id) ?? 0]))
        })),
      findEvents: (eventIds) =>
        query("finding events failed", sql.unsafe<Row & { event_id: string }>(
          `SELECT e.event_id, ${recordedColumns} FROM ${t.events} e WHERE e.event_id IN (SELECT json_array_elements_text($1::json))`,
          [JSON.stringify(eventIds)]
        )).pipe(Effect.flatMap((rows) => Effect.try({
          try: () => new Map(rows.map((r) => [r.event_id, toRecorded(r)])),
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
