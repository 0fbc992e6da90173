/**
 * The SQLite store's bulk writer: one `BEGIN IMMEDIATE` transaction on a
 * connection of its own, rows inserted as batches arrive (so writing overlaps
 * parsing), 64 rows per statement. A statement that hits a taken event id
 * fails as a whole and is retried row by row, so the common case pays no
 * lookups: the unique index does the checking.
 *
 * It imports nothing but plain modules (no domain, no Effect), so the thread
 * that runs it for a file store (`sqliteBulkWorker.ts`) starts in a few
 * milliseconds; what it needs of the domain comes in {@link Options}.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite"
import type { EncodedBatch } from "../EncodedBatch.ts"
import type { BulkWriter } from "../EventStore.ts"
import * as BulkStreams from "./BulkStreams.ts"
import { packAttrsOf } from "./PackedAttrs.ts"

const rowsPerStatement = 64
/** Bound per row: every column but the schema version, which is written into the statement. */
const columns = 13
const placeholdersOf = (schemaVersion: number) => `(?, ?, ?, ?, ${schemaVersion}, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
const insertInto =
  "INSERT INTO events (position, stream_id, version, event_id, schema_version, type, occurred_on, known_at, attrs, amount, district, sector, known_at_text, payload) VALUES "

/** SQLITE_CONSTRAINT, whatever its extended code. */
const isConstraintViolation = (error: unknown): boolean =>
  typeof error === "object" && error !== null && ((error as { errcode?: number }).errcode ?? 0) % 256 === 19

/** An event whose id is already held: its index in the batch, and the holder as `holderOf` read it. */
export interface Taken<H> {
  readonly index: number
  readonly holder: H
  /** True when the holder was written earlier in this bulk write. */
  readonly writtenEarlier: boolean
}

export interface Options<H> {
  /** Reads what holds an event id (a row at a position), or undefined when nothing does. */
  readonly holderOf: (eventId: string) => (H & { readonly position: number }) | undefined
  /** The format rows are written in. */
  readonly schemaVersion: number
  /** The secondary indexes of the events table by name (`SqliteMigrations.secondaryIndexes`), built after a load into an empty store. */
  readonly secondaryIndexes: Readonly<Record<string, string>>
}

export interface Session<H> {
  readonly firstPosition: number
  /** `BulkWriter.write`, synchronously: throws on a database error. */
  readonly write: (batch: EncodedBatch) => Array<Taken<H>>
  readonly versionsBefore: BulkWriter["versionsBefore"]
  /** The state of a project's stream met in this bulk write. */
  readonly stream: (projectId: string) => BulkStreams.StreamState | undefined
  /** Whether any stream met so far existed before this bulk write. */
  readonly metOldStreams: () => boolean
  /**
   * Gets the commit ready, once no more batches follow: records the streams' versions and builds the indexes left
   * for after the load. Writing after it is an error.
   */
  readonly finish: () => void
  /** {@link finish} (unless done) and commits. */
  readonly commit: () => void
  /** Rolls back if the transaction is still open. */
  readonly rollback: () => void
}

/** Starts a bulk write on `conn`, which no one else may use until it ends. */
export const begin = <H>(conn: DatabaseSync, options: Options<H>): Session<H> => {
  const { holderOf, schemaVersion, secondaryIndexes } = options
  const placeholders = placeholdersOf(schemaVersion)
  conn.exec("BEGIN IMMEDIATE")
  try {
    const stmt = {
      streams: conn.prepare("SELECT project_id, stream_id, version FROM streams WHERE project_id IN (SELECT value FROM json_each(?))"),
      newStreams: conn.prepare("INSERT INTO streams (project_id, version) SELECT value, 0 FROM json_each(?) RETURNING project_id, stream_id"),
      setVersion: conn.prepare("UPDATE streams SET version = ? WHERE stream_id = ?"),
      dropStream: conn.prepare("DELETE FROM streams WHERE stream_id = ?"),
      one: conn.prepare(insertInto + placeholders),
      many: conn.prepare(insertInto + Array(rowsPerStatement).fill(placeholders).join(", "))
    }
    const firstPosition = (conn.prepare("SELECT coalesce(max(position), 0) + 1 AS next FROM events").get() as { next: number }).next
    // Into an empty store, the secondary indexes are built once after the load (inside the transaction, so a rollback
    // or a crash leaves them as they were): sorting once costs a fraction of updating them row by row.
    const deferIndexes = firstPosition === 1
    if (deferIndexes) for (const name of Object.keys(secondaryIndexes)) conn.exec(`DROP INDEX IF EXISTS ${name}`)
    let next = firstPosition
    const streams = new Map<string, BulkStreams.StreamState>()
    let oldStreams = false
    /** Whether the store had streams when the bulk write began: when it had none, there are none to look up. */
    const hadStreams = conn.prepare("SELECT EXISTS (SELECT 1 FROM streams) AS any").get()!["any"] === 1

    /** Reads or creates the streams of a batch's projects not met before, a statement for all of them. */
    const resolveStreams = (b: EncodedBatch) => {
      const unknown = new Set<string>()
      for (const projectId of b.projectId) if (!streams.has(projectId)) unknown.add(projectId)
      if (unknown.size === 0) return
      if (hadStreams) {
        for (const row of stmt.streams.all(JSON.stringify([...unknown])) as Array<{ project_id: string; stream_id: number; version: number }>) {
          streams.set(row.project_id, { id: row.stream_id, before: row.version, version: row.version })
          oldStreams = true
          unknown.delete(row.project_id)
        }
        if (unknown.size === 0) return
      }
      for (const row of stmt.newStreams.all(JSON.stringify([...unknown])) as Array<{ project_id: string; stream_id: number }>) {
        streams.set(row.project_id, { id: row.stream_id, before: 0, version: 0 })
      }
    }
    const streamOf = (projectId: string): BulkStreams.StreamState => streams.get(projectId)!

    /** Fills `args` from `offset` with the row of event `i`, at `position` and `version`. */
    const fill = (args: Array<unknown>, offset: number, b: EncodedBatch, i: number, position: number, streamId: number, version: number) => {
      args[offset] = position
      args[offset + 1] = streamId
      args[offset + 2] = version
      args[offset + 3] = b.eventId[i]
      args[offset + 4] = b.type[i]
      args[offset + 5] = b.occurredOn[i]
      args[offset + 6] = b.knownAt[i]
      args[offset + 7] = packAttrsOf(b.key[i]!, b.isNew[i]!, b.plannedStart[i]!)
      args[offset + 8] = b.amount[i]
      args[offset + 9] = b.district[i]
      args[offset + 10] = b.sector[i]
      args[offset + 11] = b.knownAtText[i]
      args[offset + 12] = b.data[i]
    }

    const manyArgs = new Array<unknown>(rowsPerStatement * columns)
    const oneArgs = new Array<unknown>(columns)

    /** Inserts events `from` … `from + 63` in one statement; false (and nothing written) when an id among them is taken. */
    const insertMany = (b: EncodedBatch, from: number): boolean => {
      for (let k = 0; k < rowsPerStatement; k++) {
        const s = streamOf(b.projectId[from + k]!)
        fill(manyArgs, k * columns, b, from + k, next + k, s.id, ++s.version)
      }
      try {
        stmt.many.run(...(manyArgs as Array<never>))
        next += rowsPerStatement
        return true
      } catch (error) {
        for (let k = 0; k < rowsPerStatement; k++) streams.get(b.projectId[from + k]!)!.version--
        if (isConstraintViolation(error)) return false
        throw error
      }
    }

    /** Inserts event `i`, or returns who holds its id. */
    const insertOne = (b: EncodedBatch, i: number): Taken<H> | undefined => {
      const s = streamOf(b.projectId[i]!)
      fill(oneArgs, 0, b, i, next, s.id, s.version + 1)
      try {
        stmt.one.run(...(oneArgs as Array<never>))
      } catch (error) {
        const holder = isConstraintViolation(error) ? holderOf(b.eventId[i]!) : undefined
        if (holder === undefined) throw error
        return { index: i, holder, writtenEarlier: holder.position >= firstPosition }
      }
      s.version++
      next++
      return undefined
    }

    let finished = false
    const finish = () => {
      if (finished) return
      finished = true
      for (const s of streams.values()) {
        if (s.version === 0) stmt.dropStream.run(s.id)
        else if (s.version !== s.before) stmt.setVersion.run(s.version, s.id)
      }
      if (deferIndexes) for (const create of Object.values(secondaryIndexes)) conn.exec(create)
    }

    const write = (b: EncodedBatch): Array<Taken<H>> => {
      if (finished) throw new Error("a bulk write takes no batch after it has been finished")
      resolveStreams(b)
      const taken: Array<Taken<H>> = []
      for (let i = 0; i < b.length;) {
        if (b.length - i >= rowsPerStatement && insertMany(b, i)) {
          i += rowsPerStatement
          continue
        }
        const end = Math.min(b.length, i + rowsPerStatement)
        for (; i < end; i++) {
          const t = insertOne(b, i)
          if (t !== undefined) taken.push(t)
        }
      }
      return taken
    }

    return {
      firstPosition,
      write,
      versionsBefore: () => BulkStreams.versionsBefore(streams),
      stream: (projectId) => streams.get(projectId),
      metOldStreams: () => oldStreams,
      finish,
      commit: () => {
        finish()
        conn.exec("COMMIT")
      },
      rollback: () => {
        if (conn.isTransaction) conn.exec("ROLLBACK")
      }
    }
  } catch (error) {
    conn.exec("ROLLBACK")
    throw error
  }
}
