import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { EventStore, PostgresEventStore } from "../src/index.ts"
import { eventStoreConformance } from "./conformance.ts"
import { freshPostgresLayer, postgresAvailable } from "./postgres.ts"

describe.skipIf(!postgresAvailable)("PostgreSQL", () => {
  eventStoreConformance("PostgreSQL", freshPostgresLayer)

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

  it("redacts passwords in URLs", () => {
    assert.strictEqual(PostgresEventStore.redactUrl("postgres://u:p%40ss@h:5432/db?schema=x"), "postgres://u:***@h:5432/db?schema=x")
    assert.strictEqual(PostgresEventStore.redactUrl("postgres://u@h/db"), "postgres://u@h/db")
  })
})
