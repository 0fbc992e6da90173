/**
 * The PostgreSQL store's tables: their names in the store's schema, the
 * migrations that create them, and bringing a schema up to date (or, for a
 * reading store, checking that it is).
 */
import type { PgClient } from "@effect/sql-pg"
import { Effect } from "effect"
import type { SqlError } from "effect/sql/SqlError"
import { StoreError } from "../EventStore.ts"

/** The events table's name and its load table's, unqualified (a table is renamed, and its indexes named, by these). */
export const eventsTable = "gb_events"
export const eventsLoadTable = "gb_events_load"

/** The store's tables, quoted and qualified by `schema`. */
export const tablesIn = (schema: string) => ({
  schema: `"${schema}"`,
  migrations: `"${schema}".gb_migrations`,
  streams: `"${schema}".gb_streams`,
  head: `"${schema}".gb_head`,
  events: `"${schema}".${eventsTable}`,
  /** Where a bulk write into an empty store puts its rows, without most indexes, until it takes the events table's place. */
  eventsLoad: `"${schema}".${eventsLoadTable}`
})

export type Tables = ReturnType<typeof tablesIn>

/** Migration `n` (1-based) is the list of statements at index `n - 1`. */
export const migrations = (t: Tables): ReadonlyArray<ReadonlyArray<string>> => [
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

/** Where the failure of a step is reported: a StoreError naming `what` and the redacted URL. */
export type Failure = (what: string) => (error: unknown) => StoreError

/**
 * `write`: creates the tables on first use, under an advisory lock so that
 * concurrent first users do not race. `read`: writes nothing, and refuses a
 * schema without the store's tables or at another version.
 */
export const prepare = (
  sql: PgClient.PgClient,
  t: Tables,
  mode: "read" | "write",
  where: { readonly schema: string; readonly redacted: string },
  failure: Failure
): Effect.Effect<void, StoreError> => {
  const steps = migrations(t)
  if (mode === "read") {
    return Effect.gen(function*() {
      const found = yield* sql.unsafe<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [t.migrations]).pipe(
        Effect.flatMap(([row]) =>
          row?.present ? sql.unsafe<{ v: number }>(`SELECT coalesce(max(version), 0) AS v FROM ${t.migrations}`) : Effect.succeed([{ v: 0 }])
        ),
        Effect.mapError(failure("cannot read the PostgreSQL store"))
      )
      const version = found[0]!.v
      if (version === 0) {
        return yield* new StoreError({
          reason: `the store is empty: import a ledger first (no Groundbreak tables in schema ${where.schema} of ${where.redacted})`
        })
      }
      if (version !== steps.length) {
        return yield* new StoreError({
          reason: `cannot use the PostgreSQL store ${where.redacted}: its tables are at version ${version}, this Groundbreak knows ${steps.length}`
        })
      }
    })
  }
  return sql.withTransaction(Effect.gen(function*() {
    yield* sql.unsafe("SELECT pg_advisory_xact_lock(7423001)")
    yield* sql.unsafe(`CREATE SCHEMA IF NOT EXISTS ${t.schema}`)
    yield* sql.unsafe(`CREATE TABLE IF NOT EXISTS ${t.migrations} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
    const applied = (yield* sql.unsafe<{ v: number }>(`SELECT coalesce(max(version), 0) AS v FROM ${t.migrations}`))[0]!.v
    for (let version = applied + 1; version <= steps.length; version++) {
      for (const statement of steps[version - 1]!) yield* sql.unsafe(statement)
      yield* sql.unsafe(`INSERT INTO ${t.migrations} (version) VALUES ($1)`, [version])
    }
  })).pipe(Effect.mapError((error: SqlError) => failure("cannot prepare the PostgreSQL store")(error)))
}
