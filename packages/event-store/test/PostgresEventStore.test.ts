import { chmodSync, mkdtempSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer } from "effect"
import { EventStore, PostgresEventStore, type PostgresUrl } from "../src/index.ts"
import { eventStoreConformance } from "./conformance.ts"
import { baseUrl, freshPostgresStorage, freshSchemaUrl, postgresAvailable } from "./postgres.ts"
import { urlSpecials } from "./urlSpecials.ts"

const noEnv: PostgresUrl.Environment = { env: {}, home: "/nonexistent" }

/** The message a store layer fails with (and the whole failure, to search for secrets). */
const failureOf = (options: PostgresEventStore.PostgresOptions) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(Effect.provide(EventStore.use((s) => s.head), Layer.fresh(PostgresEventStore.layer({ environment: noEnv, ...options }))))
    assert.isTrue(Exit.isFailure(exit), `${options.url} should fail`)
    const cause = Exit.isFailure(exit) ? exit.cause : Cause.empty
    return { message: Cause.squash(cause) instanceof Error ? (Cause.squash(cause) as Error).message : String(Cause.squash(cause)), all: JSON.stringify(exit) + Cause.pretty(cause) }
  })

describe.skipIf(!postgresAvailable)("PostgreSQL", () => {
  eventStoreConformance("PostgreSQL", freshPostgresStorage)

  it.effect("never shows the password of the store URL", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(Effect.provide(
        EventStore.use((s) => s.head),
        PostgresEventStore.layer({ url: "postgres://alice:s3cret-pw@127.0.0.1:1/nowhere" })
      ))
      assert.isTrue(Exit.isFailure(exit))
      const text = JSON.stringify(exit) + String(Exit.isFailure(exit) ? exit.cause : "")
      assert.notInclude(text, "s3cret-pw")
      assert.include(text, "postgres://alice:***@127.0.0.1:1/nowhere")
    }))

  it.effect("names the cause of a failed connection, with the redacted URL and a hint", () =>
    Effect.gen(function*() {
      const refused = yield* failureOf({ url: "postgres://postgres:pw@127.0.0.1:1/test" })
      assert.include(refused.message, "cannot connect to the PostgreSQL store postgres://postgres:***@127.0.0.1:1/test: connection refused at 127.0.0.1:1")
      const host = yield* failureOf({ url: "postgres://postgres@no-such-host.invalid/test" })
      assert.include(host.message, 'unknown host "no-such-host.invalid": check the host name')
      const database = yield* failureOf({ url: "postgres://postgres@127.0.0.1:5432/no_such_database_gb" })
      assert.include(database.message, 'database "no_such_database_gb" does not exist')
      const user = yield* failureOf({ url: "postgres://no_such_user_gb:pw@127.0.0.1:5432/test" })
      assert.include(user.message, "postgres://no_such_user_gb:***@127.0.0.1:5432/test")
      assert.include(user.message, 'user "no_such_user_gb" does not exist: check the user name')
      for (const f of [refused, host, database, user]) assert.notInclude(f.message, "PgConnection")
    }))

  it.effect("never prints a password holding any URL-special character, from an invalid URL or a failed connection", () =>
    Effect.gen(function*() {
      for (const c of urlSpecials) {
        const secret = `pw1${c}2Secret`
        for (const written of [secret, encodeURIComponent(secret)]) {
          const failure = yield* failureOf({ url: `postgres://postgres:${written}@127.0.0.1:1/test` })
          assert.notInclude(failure.all, "2Secret", written)
          assert.notInclude(failure.all, "pw1", written)
          assert.include(failure.message, "postgres://postgres:***@127.0.0.1:1/test", written)
        }
      }
    }), { timeout: 60_000 })

  it.effect("reads without creating: a schema without the store's tables is an empty store, and stays without them", () =>
    Effect.gen(function*() {
      const url = freshSchemaUrl()
      const failure = yield* failureOf({ url, mode: "read" })
      assert.include(failure.message, "the store is empty: import a ledger first")
      // Opening for writing creates the tables: the read-mode open had not.
      const created = yield* Effect.provide(EventStore.use((s) => s.head), Layer.fresh(PostgresEventStore.layer({ url })))
      assert.strictEqual(created, 0)
      const head = yield* Effect.provide(EventStore.use((s) => s.head), Layer.fresh(PostgresEventStore.layer({ url, mode: "read" })))
      assert.strictEqual(head, 0)
    }))

  it.effect("connects with nothing but libpq's variables, the password from PGPASSFILE", () =>
    Effect.gen(function*() {
      const home = mkdtempSync(join(tmpdir(), "gb-pgpass-"))
      const pgpass = join(home, "pgpass")
      writeFileSync(pgpass, "*:*:*:*:unused-with-trust\n")
      chmodSync(pgpass, 0o600)
      const base = new URL(baseUrl)
      const schema = new URL(freshSchemaUrl()).searchParams.get("schema")!
      const env = { PGHOST: base.hostname, PGPORT: base.port || "5432", PGDATABASE: base.pathname.slice(1), PGUSER: base.username, PGPASSFILE: pgpass }
      const head = yield* Effect.provide(EventStore.use((s) => s.head), Layer.fresh(PostgresEventStore.layer({ url: `postgres://?schema=${schema}`, environment: { env, home } })))
      assert.strictEqual(head, 0)
    }))

  it.effect("sends the password file's password to a server that asks for it, and names its source when refused", () =>
    Effect.gen(function*() {
      // A server that asks for a cleartext password, records it and refuses it.
      const received: Array<string> = []
      const server = createServer((socket) => {
        let startup = true
        socket.on("data", (data) => {
          if (startup) {
            startup = false
            socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3])) // AuthenticationCleartextPassword
            return
          }
          if (data[0] === 0x70) {
            received.push(data.subarray(5, data.length - 1).toString("utf8"))
            const fields = Buffer.from("SFATAL\0C28P01\0Mpassword authentication failed for user \"planner\"\0\0")
            const header = Buffer.alloc(5)
            header.write("E")
            header.writeInt32BE(fields.length + 4, 1)
            socket.end(Buffer.concat([header, fields]))
          }
        })
      })
      const port = yield* Effect.promise(() => new Promise<number>((r) => server.listen(0, "127.0.0.1", () => r((server.address() as { port: number }).port))))
      const home = mkdtempSync(join(tmpdir(), "gb-pgpass-"))
      writeFileSync(join(home, ".pgpass"), `127.0.0.1:${port}:ledger:planner:pa:ss/wörd\n`.replace("pa:ss", "pa\\:ss"))
      chmodSync(join(home, ".pgpass"), 0o600)
      const exit = yield* Effect.exit(Effect.provide(
        EventStore.use((s) => s.head),
        Layer.fresh(PostgresEventStore.layer({ url: `postgres://planner@127.0.0.1:${port}/ledger`, environment: { env: {}, home } }))
      ))
      server.close()
      assert.deepStrictEqual(received, ["pa:ss/wörd"])
      assert.isTrue(Exit.isFailure(exit))
      const message = Exit.isFailure(exit) ? (Cause.squash(exit.cause) as Error).message : ""
      assert.include(message, `password authentication failed for user "planner": check the password (it came from password file)`)
      assert.notInclude(message, "wörd")
    }))

  it("redacts passwords in URLs", () => {
    assert.strictEqual(PostgresEventStore.redactUrl("postgres://u:p%40ss@h:5432/db?schema=x"), "postgres://u:***@h:5432/db?schema=x")
    assert.strictEqual(PostgresEventStore.redactUrl("postgres://u@h/db"), "postgres://u@h/db")
  })
})
