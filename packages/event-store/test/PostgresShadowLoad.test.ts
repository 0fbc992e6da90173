/**
 * A bulk append into an empty PostgreSQL store loads its rows into a table
 * without most indexes and swaps it in at commit (internal/PostgresShadowLoad):
 * the store must come out as the migrations made it, ids repeated within the
 * load still be reported, readers not wait on the load, and a failed load
 * leave the empty store as it was.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { EncodedEvent, type ProjectEvent } from "@groundbreak/domain"
import { EncodedBatch, EventStore } from "../src/index.ts"
import { freshPostgresStorage, postgresAvailable, withClient } from "./postgres.ts"

let counter = 0
const signed = (projectId: string, eventId = `s${++counter}`): ProjectEvent.ProjectEvent => ({
  eventId,
  projectId,
  type: "ProjectSigned",
  occurredOn: "2020-01-05",
  knownAt: "2020-01-06T10:00:00+08:00",
  data: { name: "风电叶片", district: "海州区", sector: "industrial", totalInvestment: 30000 }
})
const started = (projectId: string): ProjectEvent.ProjectEvent => ({
  eventId: `s${++counter}`,
  projectId,
  type: "ProjectStarted",
  occurredOn: "2020-03-01",
  knownAt: "2020-03-02T10:00:00+08:00",
  data: {}
})
const batchOf = (events: ReadonlyArray<ProjectEvent.ProjectEvent>) => EncodedBatch.fromEvents(events.map(EncodedEvent.encode))

/** The events table's indexes (definitions with the schema's name left out) and whether a load table is left over. */
const catalog = (schema: string) =>
  Effect.promise(() =>
    withClient((sql) =>
      Effect.all({
        indexes: sql.unsafe<{ name: string; def: string }>(
          `SELECT indexname AS name, replace(indexdef, $1, 'S') AS def FROM pg_indexes WHERE schemaname = $2 AND tablename = 'gb_events' ORDER BY indexname`,
          [`"${schema}"`, schema]
        ).pipe(Effect.map((rows) => rows.map((r) => ({ name: r.name, def: r.def.replaceAll(`${schema}.`, "S.") })))),
        leftOver: sql.unsafe<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${schema}".gb_events_load`]).pipe(
          Effect.map((rows) => rows[0]!.present)
        )
      })
    )
  )

describe.skipIf(!postgresAvailable)("PostgreSQL bulk append into an empty store", () => {
  it.effect("leaves the indexes the migrations made, reports ids repeated within the load, and does not hold readers up", () =>
    Effect.gen(function*() {
      const reference = freshPostgresStorage()
      yield* Effect.provide(EventStore.use((s) => s.append("R", [signed("R")], "noStream")), reference({}))
      const made = yield* catalog(reference.schema)
      assert.deepStrictEqual(made.indexes.map((i) => i.name), ["gb_events_event_id_key", "gb_events_pkey", "gb_events_stream_id_version_key"])

      const storage = freshPostgresStorage()
      const a1 = signed("A", "a1"), b1 = signed("B", "b1"), a2 = started("A")
      const result = yield* Effect.provide(
        EventStore.use((store) =>
          store.bulkAppend((writer) =>
            Effect.gen(function*() {
              assert.strictEqual(writer.firstPosition, 1)
              const first = yield* writer.write(batchOf([a1, b1, { ...a1 }]))
              // Another connection reads the store while the load is under way: it sees the empty store, without waiting.
              const seen = yield* Effect.provide(EventStore.use((s) => Effect.all([s.head, s.readAll(0, 10)])), storage({ mode: "read" }))
              const second = yield* writer.write(batchOf([a2, { ...b1, projectId: "C" }]))
              return { first, second, seen }
            })
          )
        ),
        storage({})
      )
      assert.deepStrictEqual(result.seen, [0, []])
      assert.deepStrictEqual(result.first.map((t) => [t.index, t.writtenEarlier, t.holder.position]), [[2, true, 1]])
      assert.deepStrictEqual(result.second.map((t) => [t.index, t.writtenEarlier, t.holder.position, t.holder.projectId]), [[1, true, 2, "B"]])

      assert.deepStrictEqual(yield* catalog(storage.schema), { ...made, leftOver: false })
      const all = yield* Effect.provide(EventStore.use((s) => s.readAll(0, 10)), storage({}))
      assert.deepStrictEqual(all.map((r) => [r.position, r.event.eventId, r.version]), [[1, "a1", 1], [2, "b1", 1], [3, a2.eventId, 2]])
      // The rebuilt indexes hold: the same ids again are all reported, nothing written.
      const again = yield* Effect.provide(EventStore.use((s) => s.bulkAppend((w) => w.write(batchOf([a1, b1, a2])))), storage({}))
      assert.deepStrictEqual(again.map((t) => t.holder.position), [1, 2, 3])
      assert.strictEqual(yield* Effect.provide(EventStore.use((s) => s.head), storage({})), 3)
    }))

  it.effect("that fails leaves the empty store as the migrations made it, and the next load completes", () =>
    Effect.gen(function*() {
      const reference = freshPostgresStorage()
      yield* Effect.provide(EventStore.use((s) => s.head), reference({}))
      const made = yield* catalog(reference.schema)
      const storage = freshPostgresStorage()
      const failed = yield* Effect.exit(Effect.provide(
        EventStore.use((s) => s.bulkAppend((w) => Effect.flatMap(w.write(batchOf([signed("A"), started("A")])), () => Effect.fail("stop")))),
        storage({})
      ))
      assert.isTrue(Exit.isFailure(failed))
      assert.deepStrictEqual(yield* catalog(storage.schema), made)
      assert.strictEqual(yield* Effect.provide(EventStore.use((s) => s.head), storage({})), 0)
      const taken = yield* Effect.provide(EventStore.use((s) => s.bulkAppend((w) => w.write(batchOf([signed("A"), started("A")])))), storage({}))
      assert.deepStrictEqual(taken, [])
      assert.strictEqual(yield* Effect.provide(EventStore.use((s) => s.head), storage({})), 2)
    }))
})
