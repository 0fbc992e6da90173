/**
 * The embedded event store: one SQLite file through Node's built-in
 * `node:sqlite`. Appends run in `BEGIN IMMEDIATE` transactions, so writers
 * (threads or processes) are serialized and positions are dense and in
 * commit order. Hot columns of each event are stored typed beside the JSON
 * line, so a replay reads numbers, not JSON.
 */
import { mkdirSync, statSync } from "node:fs"
import { dirname } from "node:path"
import { DatabaseSync, type StatementSync } from "node:sqlite"
import { Effect, Layer, Option, Stream } from "effect"
import { Calendar, CompactEvent, EventTypes, ProjectEvent } from "@groundbreak/domain"
import * as AppendDecision from "./AppendDecision.ts"
import {
  type AppendResult,
  type BulkWriter,
  type EncodedAppendRequest,
  defaultBatchSize,
  EventStore,
  type IdTaken,
  pagesOf,
  type RecordedEvent,
  StoreError
} from "./EventStore.ts"
import type { RawHolder } from "./internal/SqliteBulkProtocol.ts"
import * as SqliteBulkThread from "./internal/SqliteBulkThread.ts"
import * as SqliteBulkWriter from "./internal/SqliteBulkWriter.ts"
import { migrations, secondaryIndexes, signedCode } from "./internal/SqliteMigrations.ts"
import * as StoredForm from "./internal/StoredForm.ts"
import * as KnowledgeCutRule from "./KnowledgeCutRule.ts"
import * as Upcasting from "./Upcasting.ts"

export interface SqliteOptions extends Upcasting.Options {
  /**
   * The database file; in `write` mode created with its folder when missing.
   * `:memory:` for a private in-memory database.
   */
  readonly path: string
  /**
   * `write` (the default) opens a store that may be written, creating it when
   * missing. `read` opens an existing store for reading only: it refuses a
   * missing or empty path and never takes the write lock, so it never waits
   * for a writer, and it reads one snapshot. Either mode refuses a file that is
   * not a Groundbreak store without changing it.
   */
  readonly mode?: "read" | "write"
  /** Milliseconds a writer waits for another writer's transaction before failing. */
  readonly busyTimeoutMs?: number
}

const storeError = (reason: string) => (cause: unknown) =>
  new StoreError({ reason: `${reason}: ${cause instanceof Error ? cause.message : String(cause)}`, cause })

/** A refusal to open a file, with the reason as the whole message. */
class Refused {
  readonly reason: string
  constructor(reason: string) {
    this.reason = reason
  }
}

/** What a file holds, as far as the store is concerned: read without changing a byte of it. */
type Inspection =
  | { readonly kind: "missing" }
  /** No file content, or a SQLite database with no schema at all: a store may be created in it. */
  | { readonly kind: "blank" }
  | { readonly kind: "store"; readonly version: number }

/** Looks at `path` through a read-only connection and refuses anything that is not a Groundbreak store (or blank). */
const inspect = (path: string): Inspection => {
  let stat
  try {
    stat = statSync(path)
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return { kind: "missing" }
    throw new Refused(`cannot open the SQLite store ${path}: ${(error as Error).message}`)
  }
  if (!stat.isFile()) throw new Refused(`${path} is not a Groundbreak store: it is not a file`)
  if (stat.size === 0) return { kind: "blank" }
  let probe: DatabaseSync | undefined
  try {
    probe = new DatabaseSync(path, { readOnly: true })
    const version = (probe.prepare("PRAGMA user_version").get() as { user_version: number }).user_version
    const tables = new Set((probe.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name))
    if (tables.size === 0 && version === 0) return { kind: "blank" }
    if (!tables.has("streams") || !tables.has("events") || version === 0) {
      throw new Refused(`${path} is not a Groundbreak store (a SQLite database with other tables); it was left unchanged`)
    }
    if (version > migrations.length) {
      throw new Refused(
        `cannot use the SQLite store ${path} (was it written by an incompatible version of Groundbreak?): its schema version is ${version}, this version knows ${migrations.length}`
      )
    }
    return { kind: "store", version }
  } catch (error) {
    if (error instanceof Refused) throw error
    const message = (error as Error).message
    throw new Refused(/not a database/i.test(message)
      ? `${path} is not a Groundbreak store (not a SQLite database); it was left unchanged`
      : `cannot open the SQLite store ${path}: ${message}`)
  } finally {
    probe?.close()
  }
}

const openScanner = (path: string): DatabaseSync => {
  const scanner = new DatabaseSync(path, { readOnly: true })
  scanner.exec("PRAGMA mmap_size = 1073741824")
  scanner.exec("PRAGMA cache_size = -8192")
  return scanner
}

/** Room for the stored type codes (0, 1, 2, … one per event type) beside a stream id in one number (below 2^53). */
const typesPerStream = 1024
if (EventTypes.names.length > typesPerStream) throw new Error(`the SQLite store's replay packs at most ${typesPerStream} event types`)

const missingStore = (path: string) => new Refused(`no store at ${path}: import a ledger first, or check --store`)

/** Brings the schema up to date, taking the write lock only when there is something to do. */
const migrate = (db: DatabaseSync) => {
  const versionOf = () => (db.prepare("PRAGMA user_version").get() as { user_version: number }).user_version
  if (versionOf() === migrations.length) return
  db.exec("BEGIN IMMEDIATE")
  try {
    // Another process may have migrated while this one waited for the lock.
    migrations.slice(versionOf()).forEach((sql) => db.exec(sql))
    db.exec(`PRAGMA user_version = ${migrations.length}`)
    db.exec("COMMIT")
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK")
    throw error
  }
}

/**
 * The settings of a connection that may write, after the page size. The bulk-write thread's connection (to a store
 * already open) takes them too.
 */
const writerPragmas = (options: SqliteOptions): Array<string> => [
  `PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 30_000}`,
  "PRAGMA journal_mode = WAL",
  "PRAGMA synchronous = NORMAL",
  "PRAGMA cache_size = -65536", // 64 MiB of page cache: enough for the indexes' hot pages during bulk imports
  "PRAGMA temp_store = MEMORY"
]

/** A connection that may write: the file and its folder are created when missing (never over a file that is not a store). */
const openDatabase = (options: SqliteOptions): DatabaseSync => {
  if (options.path !== ":memory:" && inspect(options.path).kind === "missing") mkdirSync(dirname(options.path), { recursive: true })
  const db = new DatabaseSync(options.path)
  try {
    // Pages of 16 KiB for a new file (an existing one keeps its own; WAL mode fixes the size, so this comes first): a bulk
    // import spends about a fifth less time inserting and committing than with 4 KiB pages, and replays read fewer pages.
    const [busy, ...rest] = writerPragmas(options)
    db.exec(busy!)
    db.exec("PRAGMA page_size = 16384")
    rest.forEach((pragma) => db.exec(pragma))
    migrate(db)
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

/**
 * A connection for reading only, which never takes the write lock and never
 * changes the file: the store must exist and be a Groundbreak store. (A store
 * written by an older version is first upgraded through a writing connection.)
 * It holds one read transaction for its whole life, so every read sees the
 * snapshot of the moment it opened, whatever writers commit meanwhile.
 */
const openReader = (options: SqliteOptions): DatabaseSync => {
  const found = inspect(options.path)
  if (found.kind === "missing") throw missingStore(options.path)
  if (found.kind === "blank") throw new Refused(`the store is empty: import a ledger first (${options.path} holds no events)`)
  if (found.version < migrations.length) openDatabase(options).close()
  const reader = new DatabaseSync(options.path, { readOnly: true })
  try {
    reader.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? 30_000}`)
    reader.exec("PRAGMA mmap_size = 1073741824")
    reader.exec("PRAGMA cache_size = -8192")
    reader.exec("BEGIN")
    reader.prepare("SELECT count(*) FROM streams").get() // the snapshot starts with the first read
  } catch (error) {
    reader.close()
    throw error
  }
  return reader
}

/**
 * A stored event, in one of two forms. Rows written by this version keep
 * `known_at_text` and, as `payload`, the data as JSON: the rest of the event
 * is in the other columns. Older rows have no `known_at_text` and keep the
 * whole line as `payload`, in the format of their `schema_version`.
 */
type Row = {
  position: number
  version: number
  schema_version: number
  event_id: string
  project_id: string
  type: number
  occurred_on: number
  known_at_text: string | null
  payload: string
}
const rowColumns = `e.position, e.version, e.schema_version, e.event_id, s.project_id, e.type, e.occurred_on, e.known_at_text, e.payload
  FROM events e JOIN streams s ON s.stream_id = e.stream_id`
const storedRefQuery = `SELECT ${rowColumns} WHERE e.event_id = ?`

/** The canonical line of a row written in the current form. */
const jsonLineOfRow = (row: Row & { known_at_text: string }): string =>
  ProjectEvent.jsonLineOf(row.event_id, row.project_id, ProjectEvent.eventTypes[row.type]!, Calendar.formatDate(row.occurred_on), row.known_at_text, row.payload)


export const make = (options: SqliteOptions) =>
  Effect.gen(function*() {
    const reading = options.mode === "read" && options.path !== ":memory:"
    const opened = (what: string) => (error: unknown) =>
      error instanceof Refused ? new StoreError({ reason: error.reason }) : storeError(what)(error)
    const db = yield* Effect.acquireRelease(
      Effect.try({
        try: () => (reading ? openReader : openDatabase)(options),
        catch: opened(`cannot open the SQLite store ${options.path}`)
      }),
      (db) => Effect.sync(() => {
        if (db.isTransaction) db.exec("ROLLBACK")
        db.close()
      })
    )
    // Replays scan the whole file: a read-only connection of their own maps it into memory rather than copying pages.
    // (A reading store's one connection is read-only and mapped already.)
    const scanner = options.path === ":memory:" || reading ? db : yield* Effect.acquireRelease(
      Effect.try({ try: () => openScanner(options.path), catch: storeError(`cannot open the SQLite store ${options.path}`) }),
      (scanner) => Effect.sync(() => scanner.close())
    )
    const format = Upcasting.formatOf(options)

    const prepareStatements = () => ({
      streamByProject: db.prepare("SELECT stream_id, version FROM streams WHERE project_id = ?"),
      insertStream: db.prepare("INSERT INTO streams (project_id, version) VALUES (?, 0) RETURNING stream_id"),
      updateStream: db.prepare("UPDATE streams SET version = ? WHERE stream_id = ?"),
      head: db.prepare("SELECT coalesce(max(position), 0) AS head FROM events"),
      insertEvent: db.prepare(
        `INSERT INTO events (position, stream_id, version, event_id, schema_version, type, occurred_on, known_at,
          attrs, amount, district, sector, known_at_text, payload)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
      ),
      storedRef: db.prepare(storedRefQuery),
      readStream: db.prepare(`SELECT ${rowColumns} WHERE s.project_id = ? ORDER BY e.version`),
      readAll: db.prepare(`SELECT ${rowColumns} WHERE e.position > ? ORDER BY e.position LIMIT ?`),
      // The stream and the type in one value (a replay's cost is mostly making a JavaScript value of each column).
      // No position: positions are dense, so the row at index i of a page read after `after` is at after + 1 + i
      // (checked page by page with `positionAt`); a column fewer is a JavaScript value fewer per row.
      replay: scanner.prepare(
        `SELECT stream_id * ${typesPerStream} + type, occurred_on, known_at, attrs, amount
         FROM events WHERE position > ? ORDER BY position LIMIT ?`
      ),
      positionAt: scanner.prepare("SELECT position FROM events WHERE position > ? ORDER BY position LIMIT 1 OFFSET ?"),
      signedLabels: scanner.prepare(
        `SELECT position, district, sector FROM events WHERE type = ${signedCode} AND position > ? AND position <= ?`
      ),
      projectIds: scanner.prepare("SELECT stream_id, project_id FROM streams WHERE stream_id > ? ORDER BY stream_id")
    })
    const stmt = yield* Effect.try({
      try: prepareStatements,
      catch: storeError(`cannot use the SQLite store ${options.path} (was it written by an incompatible version of Groundbreak?)`)
    })
    stmt.replay.setReturnArrays(true)
    stmt.signedLabels.setReturnArrays(true)
    stmt.projectIds.setReturnArrays(true)

    const toRecorded = (row: Row): RecordedEvent => ({
      event: row.known_at_text === null
        ? StoredForm.readPayload(row.payload, row.schema_version, row.position, format)
        : row.schema_version !== format.current
        ? StoredForm.readPayload(jsonLineOfRow({ ...row, known_at_text: row.known_at_text }), row.schema_version, row.position, format)
        : {
          eventId: row.event_id,
          projectId: row.project_id,
          type: ProjectEvent.eventTypes[row.type]!,
          occurredOn: Calendar.formatDate(row.occurred_on),
          knownAt: row.known_at_text,
          data: JSON.parse(row.payload)
        } as ProjectEvent.ProjectEvent,
      position: row.position,
      version: row.version,
      schemaVersion: row.schema_version
    })

    const readOnly = () => new Error(`the store ${options.path} was opened for reading only`)
    const transaction = <A>(body: () => A): A => {
      if (reading) throw readOnly()
      db.exec("BEGIN IMMEDIATE")
      try {
        const result = body()
        db.exec("COMMIT")
        return result
      } catch (error) {
        if (db.isTransaction) db.exec("ROLLBACK")
        throw error
      }
    }

    /** Thrown inside a transaction to roll it back with a domain error. */
    class Abort {
      readonly error: AppendDecision.Rejection
      constructor(error: AppendDecision.Rejection) {
        this.error = error
      }
    }

    /** A stored row as the append rules compare it. */
    const storedRefOf = (row: Row): AppendDecision.StoredRef => {
      const json = row.schema_version !== format.current
        ? ProjectEvent.toJsonLine(toRecorded(row).event)
        : row.known_at_text !== null
        ? jsonLineOfRow({ ...row, known_at_text: row.known_at_text })
        : row.payload
      return { projectId: row.project_id, json, position: row.position, version: row.version }
    }
    /** What the store holds under an event id, read through `statement` (a {@link storedRefQuery}). */
    const holderReader = (statement: StatementSync) => (eventId: string): AppendDecision.StoredRef | undefined => {
      const row = statement.get(eventId) as Row | undefined
      return row === undefined ? undefined : storedRefOf(row)
    }
    const storedRef = holderReader(stmt.storedRef)
    const idTaken = (t: SqliteBulkWriter.Taken<Row | RawHolder>): IdTaken => ({ index: t.index, holder: storedRefOf(t.holder as Row), writtenEarlier: t.writtenEarlier })

    /** Decides the append on what the store holds (read inside the transaction), then writes what the decision says. */
    const appendInTransaction = (requests: ReadonlyArray<EncodedAppendRequest>): ReadonlyArray<AppendResult> => {
      const streamOf = (projectId: string) => stmt.streamByProject.get(projectId) as { stream_id: number; version: number } | undefined
      const decision = AppendDecision.decide(requests, {
        head: (stmt.head.get() as { head: number }).head,
        versionOf: (projectId) => streamOf(projectId)?.version ?? 0,
        holderOf: storedRef
      })
      if (AppendDecision.isRejection(decision)) throw new Abort(decision)
      for (const { firstPosition, request, versionBefore } of decision.writes) {
        const streamId = streamOf(request.projectId)?.stream_id ??
          (stmt.insertStream.get(request.projectId) as { stream_id: number }).stream_id
        request.events.forEach((e, i) => {
          stmt.insertEvent.run(
            firstPosition + i, streamId, versionBefore + i + 1, e.eventId, format.current, e.type, e.occurredOn, e.knownAt,
            StoredForm.packAttrs(e), e.amount, e.district, e.sector, e.knownAtText, e.data
          )
        })
        stmt.updateStream.run(versionBefore + request.events.length, streamId)
      }
      return decision.results
    }

    const appendEncoded = (requests: ReadonlyArray<EncodedAppendRequest>) =>
      Effect.suspend((): Effect.Effect<ReadonlyArray<AppendResult>, AppendDecision.Rejection | StoreError> => {
        try {
          return Effect.succeed(transaction(() => appendInTransaction(requests)))
        } catch (error) {
          if (error instanceof Abort) return Effect.fail(error.error)
          return Effect.fail(storeError("append failed")(error))
        }
      })

    const query = <A>(what: string, run: () => A) => Effect.try({ try: run, catch: storeError(what) })

    const readAll = (after: number, limit: number) =>
      query("readAll failed", () => (stmt.readAll.all(after, limit) as Array<Row>).map(toRecorded))

    /** Stream and type (`stream_id * typesPerStream + type`), occurred on, known at, attrs, amount. */
    type ScanRow = [number, number, number, number, number]

    /**
     * Reads the page of events after `after` and hands each one known by
     * `knownBy` to `visit` as `view`, a compact event refilled row by row.
     * Returns the last position read, or undefined past the end.
     */
    const scanPage = (
      after: number,
      size: number,
      knownBy: number,
      names: Array<string>,
      view: StoredForm.CompactView,
      visit: (event: CompactEvent.CompactEvent) => void
    ): number | undefined => {
      const rows = stmt.replay.all(after, size) as unknown as Array<ScanRow>
      if (rows.length === 0) return undefined
      const last = after + rows.length
      const lastStored = (stmt.positionAt.get(after, rows.length - 1) as { position: number } | undefined)?.position
      if (lastStored !== last) {
        throw new Error(`the store's positions are not dense: the event read at ${last} is stored at ${lastStored}`)
      }
      const labels = new Map<number, [string | null, string | null]>()
      for (const [position, district, sector] of stmt.signedLabels.all(after, last) as unknown as Array<[number, string | null, string | null]>) {
        labels.set(position, [district, sector])
      }
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]!
        if (!KnowledgeCutRule.isKnownBy(r[2], knownBy)) continue
        const type = r[0] % typesPerStream
        const streamId = (r[0] - type) / typesPerStream
        let projectId = names[streamId]
        if (projectId === undefined) {
          for (const [id, name] of stmt.projectIds.all(names.length - 1) as unknown as Array<[number, string]>) names[id] = name
          projectId = names[streamId]!
        }
        const position = after + 1 + i
        const label = type === signedCode ? labels.get(position) : undefined
        StoredForm.fillView(view, projectId, type, r[1], r[2], position, r[3], r[4], label === undefined ? null : label[0], label === undefined ? null : label[1])
        visit(view)
      }
      return last
    }

    /** A private in-memory database writes in bulk on its one connection, on this thread. */
    const bulkInMemory = <A, E, R>(use: (writer: BulkWriter) => Effect.Effect<A, E, R>) =>
      Effect.acquireUseRelease(
        query("cannot start a bulk write", () =>
          SqliteBulkWriter.begin<Row>(db, {
            holderOf: (eventId) => stmt.storedRef.get(eventId) as Row | undefined,
            schemaVersion: format.current,
            secondaryIndexes
          })),
        (session) =>
          use({
            firstPosition: session.firstPosition,
            write: (batch) => query("bulk write failed", () => session.write(batch).map(idTaken)),
            versionsBefore: session.versionsBefore
          }).pipe(Effect.flatMap((result) => query("bulk write failed to commit", () => {
            session.commit()
            return result
          }))),
        (session) => Effect.sync(() => session.rollback())
      )

    /**
     * A file store writes in bulk on a thread of its own, with a connection of its own (so the store's readers keep
     * seeing what was committed before it): inserting a batch there overlaps decoding the next one here.
     */
    const bulkOnThread = <A, E, R>(use: (writer: BulkWriter) => Effect.Effect<A, E, R>) =>
      Effect.acquireUseRelease(
        Effect.tryPromise({
          try: () =>
            SqliteBulkThread.start({
              path: options.path,
              pragmas: writerPragmas(options),
              holderQuery: storedRefQuery,
              schemaVersion: format.current,
              secondaryIndexes
            }),
          catch: storeError("cannot start a bulk write")
        }),
        (thread) => {
          const before = new Map<string, number>()
          return use({
            firstPosition: thread.firstPosition,
            write: (batch) =>
              Effect.tryPromise({
                try: () =>
                  thread.write(batch).then(({ taken, extended }) => {
                    for (const [projectId, version] of extended) before.set(projectId, version)
                    return taken.map(idTaken)
                  }),
                catch: storeError("bulk write failed")
              }),
            versionsBefore: () => before,
            finishing: thread.finish,
            writesAhead: 2
          }).pipe(Effect.flatMap((result) =>
            Effect.tryPromise({ try: () => thread.commit().then(() => result), catch: storeError("bulk write failed to commit") })
          ))
        },
        (thread) => Effect.promise(() => thread.close())
      )

    return EventStore.of({
      bulkAppend: (use) =>
        Effect.suspend(() => {
          if (reading) return Effect.fail(storeError("cannot start a bulk write")(readOnly()))
          return options.path === ":memory:" ? bulkInMemory(use) : bulkOnThread(use)
        }),
      append: (projectId, events, expected) =>
        Effect.map(appendEncoded(AppendDecision.encodeRequests([{ projectId, events, expected }])), (results) => results[0]!),
      appendMany: (requests) => Effect.suspend(() => appendEncoded(AppendDecision.encodeRequests(requests))),
      appendEncoded,
      readStream: (projectId) =>
        query("readStream failed", () => (stmt.readStream.all(projectId) as Array<Row>).map(toRecorded)),
      readAll,
      streamAll: (options) => pagesOf(readAll, options),
      replay: (knownBy, opts) =>
        Stream.paginate({ after: 0, names: [] as Array<string> }, (state) =>
          query("replay failed", () => {
            const batch: Array<CompactEvent.CompactEvent> = []
            const after = scanPage(state.after, opts?.batchSize ?? defaultBatchSize, knownBy, state.names, StoredForm.newView(), (e) => batch.push({ ...e }))
            return [batch, after === undefined ? Option.none() : Option.some({ after, names: state.names })] as const
          })),
      scan: (knownBy, visit) =>
        query("replay failed", () => {
          const names: Array<string> = []
          const view = StoredForm.newView()
          for (let after: number | undefined = 0; after !== undefined;) {
            after = scanPage(after, defaultBatchSize, knownBy, names, view, visit)
          }
        }),
      versions: (projectIds) =>
        query("reading stream versions failed", () => {
          const versions = new Map<string, number>()
          for (const id of projectIds) {
            versions.set(id, (stmt.streamByProject.get(id) as { version: number } | undefined)?.version ?? 0)
          }
          return versions
        }),
      findEvents: (eventIds) =>
        query("finding events failed", () => {
          const found = new Map<string, RecordedEvent>()
          for (const id of eventIds) {
            const row = stmt.storedRef.get(id) as Row | undefined
            if (row) found.set(id, toRecorded(row))
          }
          return found
        }),
      head: query("reading the head failed", () => (stmt.head.get() as { head: number }).head)
    })
  })

export const layer = (options: SqliteOptions): Layer.Layer<EventStore, StoreError> =>
  Layer.effect(EventStore, make(options))
