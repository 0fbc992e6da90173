/**
 * A bulk write into an empty PostgreSQL store: its rows go into a table like
 * the events table holding only the index on the event id (which the writer
 * looks ids up in), the other indexes are built once at the end, in one pass
 * each, and the table then takes the empty events table's place, in the same
 * transaction. Building an index over loaded rows is cheaper than keeping it
 * up to date row by row (test/bench/pg-ceiling.sh, case g), and readers keep
 * reading the empty table meanwhile: only the swap at the end locks it.
 * Which indexes there are is read from the catalog, so the migrations stay
 * the one place that declares them.
 */
import type { PgClient } from "@effect/sql-pg"
import { Effect } from "effect"
import { eventsLoadTable, eventsTable, type Tables } from "./PostgresMigrations.ts"

/** An index of the load table: its name, and the constraint it backs (with its definition) or the statement that creates it. */
interface Index {
  readonly name: string
  readonly constraint: string | null
  readonly condef: string | null
  readonly indexdef: string
  readonly kept: boolean
}

/** The load table's indexes left to build at the end. */
export interface Load {
  readonly deferred: ReadonlyArray<Index>
}

/** The column an index is kept on while rows are loaded: the writer looks event ids up in it. */
const keptColumn = "event_id"

const indexesOf = (sql: PgClient.PgClient, table: string) =>
  sql.unsafe<Index>(
    `SELECT ic.relname AS name, c.conname AS constraint, pg_get_constraintdef(c.oid) AS condef, pg_get_indexdef(i.indexrelid) AS indexdef,
            array(SELECT a.attname::text FROM unnest(i.indkey) AS k JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k) = ARRAY[$2] AS kept
     FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
     LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
     WHERE i.indrelid = $1::regclass`,
    [table, keptColumn]
  )

const quoted = (name: string) => `"${name.replaceAll("\"", "\"\"")}"`

/** Creates the load table (inside the caller's transaction) with only the index on the event id. */
export const begin = (sql: PgClient.PgClient, t: Tables): Effect.Effect<Load, unknown> =>
  Effect.gen(function*() {
    yield* sql.unsafe(`CREATE TABLE ${t.eventsLoad} (LIKE ${t.events} INCLUDING ALL)`)
    const deferred = (yield* indexesOf(sql, t.eventsLoad)).filter((i) => !i.kept)
    for (const i of deferred) {
      yield* sql.unsafe(
        i.constraint !== null ? `ALTER TABLE ${t.eventsLoad} DROP CONSTRAINT ${quoted(i.constraint)}` : `DROP INDEX ${t.schema}.${quoted(i.name)}`
      )
    }
    return { deferred }
  })

/** Builds the deferred indexes and puts the load table in the events table's place, its indexes named as the events table's were. */
export const finish = (sql: PgClient.PgClient, t: Tables, load: Load): Effect.Effect<void, unknown> =>
  Effect.gen(function*() {
    const constraints = load.deferred.filter((i) => i.constraint !== null)
    if (constraints.length > 0) {
      yield* sql.unsafe(`ALTER TABLE ${t.eventsLoad} ${constraints.map((i) => `ADD CONSTRAINT ${quoted(i.constraint!)} ${i.condef}`).join(", ")}`)
    }
    for (const i of load.deferred) if (i.constraint === null) yield* sql.unsafe(i.indexdef)
    yield* sql.unsafe(`DROP TABLE ${t.events}`)
    yield* sql.unsafe(`ALTER TABLE ${t.eventsLoad} RENAME TO ${eventsTable}`)
    for (const i of yield* indexesOf(sql, t.events)) {
      if (i.name.startsWith(eventsLoadTable)) {
        yield* sql.unsafe(`ALTER INDEX ${t.schema}.${quoted(i.name)} RENAME TO ${quoted(i.name.replace(eventsLoadTable, eventsTable))}`)
      }
    }
  })
