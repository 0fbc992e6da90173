/**
 * PostgreSQL for tests: the server named by GROUNDBREAK_TEST_PG (default the
 * machine's 127.0.0.1:5432, database test), a fresh schema per store, and
 * every schema dropped when the file's tests end. In CI the server is
 * mandatory; elsewhere its absence skips the tests with a visible notice.
 */
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { afterAll } from "vitest"
import { PostgresEventStore } from "../src/index.ts"

export const baseUrl = process.env["GROUNDBREAK_TEST_PG"] ?? "postgres://postgres@127.0.0.1:5432/test"

export const withClient = <A>(f: (sql: PgClient.PgClient) => Effect.Effect<A, unknown>) =>
  Effect.runPromise(Effect.scoped(
    Effect.flatMap(PgClient.make({ url: Redacted.make(baseUrl), maxConnections: 1, connectTimeout: "3 seconds" }), f)
  ).pipe(Effect.provide(Reactivity.layer)))

export const postgresAvailable: boolean = await withClient((sql) => sql.unsafe("SELECT 1")).then(() => true, () => false)

if (!postgresAvailable) {
  if (process.env["CI"]) throw new Error(`PostgreSQL is required in CI but ${PostgresEventStore.redactUrl(baseUrl)} does not answer`)
  console.warn(`\n⚠ PostgreSQL tests skipped: no server at ${PostgresEventStore.redactUrl(baseUrl)} (set GROUNDBREAK_TEST_PG)\n`)
}

const created: Array<string> = []
let counter = 0

/** A store URL whose tables live in a schema of their own. */
export const freshSchemaUrl = (): string => {
  const schema = `gb_test_${process.pid}_${Date.now().toString(36)}_${counter++}`
  created.push(schema)
  const url = new URL(baseUrl)
  url.searchParams.set("schema", schema)
  return url.toString()
}

export const freshPostgresLayer = () => Layer.fresh(PostgresEventStore.layer({ url: freshSchemaUrl() }))

/** Stores on one fresh schema, each opened with its own options; `schema` is the schema's name. */
export const freshPostgresStorage = () => {
  const url = freshSchemaUrl()
  const open = (options: Omit<PostgresEventStore.PostgresOptions, "url">) => Layer.fresh(PostgresEventStore.layer({ ...options, url }))
  return Object.assign(open, { schema: new URL(url).searchParams.get("schema")! })
}

afterAll(async () => {
  if (!postgresAvailable || created.length === 0) return
  await withClient((sql) => Effect.forEach(created, (schema) => sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)))
})
