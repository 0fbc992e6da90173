/** SQLite specifics: the file survives reopening, rows in older forms and formats are read, old formats through upcasting. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { DatabaseSync } from "node:sqlite"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Stream } from "effect"
import { EncodedEvent, ProjectEvent } from "@groundbreak/domain"
import { EncodedBatch, EventStore, SqliteEventStore } from "../src/index.ts"

const freshPath = () => join(mkdtempSync(join(tmpdir(), "gb-sqlite-")), "store.sqlite")
const withStore = <A, E>(path: string, body: Effect.Effect<A, E, EventStore>, options: Partial<SqliteEventStore.SqliteOptions> = {}) =>
  Effect.provide(body, Layer.fresh(SqliteEventStore.layer({ path, ...options })))

const signed = {
  eventId: "e-1", projectId: "P", type: "ProjectSigned" as const, occurredOn: "2020-01-02",
  knownAt: "2020-01-03T09:00:00+08:00", data: { name: "n", district: "海州区", sector: "industrial", totalInvestment: 1 }
}

/** The store's indexes as `name: definition`, read from the file. */
const indexesOf = (path: string) => {
  const db = new DatabaseSync(path, { readOnly: true })
  try {
    return Object.fromEntries((db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as Array<{ name: string; sql: string }>)
      .map((r) => [r.name, r.sql]))
  } finally {
    db.close()
  }
}

describe("SQLite event store", () => {
  it.effect("a bulk load into an empty store builds the secondary indexes after the rows, the same indexes; a failed one leaves them as they were", () => Effect.gen(function*() {
    const path = freshPath()
    yield* withStore(path, EventStore.use((s) => s.head))
    const created = indexesOf(path)
    assert.deepStrictEqual(Object.keys(created), ["events_signed", "events_stream_version"])
    const batch = EncodedBatch.fromEvents([signed, { ...signed, eventId: "e-2", projectId: "Q" }].map(EncodedEvent.encode))
    // A failed load into the empty store: rolled back, indexes included.
    const failed = yield* withStore(path, Effect.exit(EventStore.use((s) => s.bulkAppend((w) => Effect.flatMap(w.write(batch), () => Effect.fail("stop"))))))
    assert.isTrue(Exit.isFailure(failed))
    assert.deepStrictEqual(indexesOf(path), created)
    yield* withStore(path, EventStore.use((s) => s.bulkAppend((w) => w.write(batch))))
    assert.deepStrictEqual(indexesOf(path), created)
    // The rebuilt unique index holds: a second event at a taken (stream, version) is refused.
    const db = new DatabaseSync(path)
    try {
      assert.throws(() => db.prepare("INSERT INTO events (position, stream_id, version, event_id, schema_version, type, occurred_on, known_at, attrs, amount, payload) VALUES (3, 1, 1, 'x', 1, 0, 0, 0, 0, 0, '{}')").run(), /UNIQUE constraint failed: events.stream_id, events.version/)
    } finally {
      db.close()
    }
    assert.deepStrictEqual((yield* withStore(path, EventStore.use((s) => s.readAll(0, 10)))).map((r) => [r.position, r.event.eventId]), [[1, "e-1"], [2, "e-2"]])
  }))

  it.effect("a bulk write runs on a thread of its own: a database error there is a StoreError naming it, the write is rolled back, and the next one goes through", () => Effect.gen(function*() {
    const path = freshPath()
    yield* withStore(path, EventStore.use((s) => s.append("P", [signed], "noStream")))
    const good = EncodedBatch.fromEvents([{ ...signed, eventId: "e-2", projectId: "Q" }].map(EncodedEvent.encode))
    // A row the table refuses (its data NOT NULL): the thread's insert fails, not a check of ours.
    const bad: EncodedBatch.EncodedBatch = { ...good, eventId: ["e-3"], data: [null as unknown as string] }
    const failed = yield* withStore(path, Effect.exit(EventStore.use((s) => s.bulkAppend((w) => Effect.flatMap(w.write(good), () => w.write(bad))))))
    assert.isTrue(Exit.isFailure(failed))
    const error = Exit.isFailure(failed) ? Cause.squash(failed.cause) : undefined
    assert.strictEqual((error as { _tag?: string })._tag, "StoreError")
    assert.match((error as Error).message, /bulk write failed: NOT NULL constraint failed: events\.payload/)
    assert.deepStrictEqual((yield* withStore(path, EventStore.use((s) => s.readAll(0, 10)))).map((r) => r.event.eventId), ["e-1"])
    const taken = yield* withStore(path, EventStore.use((s) => s.bulkAppend((w) => w.write(EncodedBatch.fromEvents([signed, { ...signed, eventId: "e-2", projectId: "Q" }].map(EncodedEvent.encode))))))
    assert.deepStrictEqual(taken.map((t) => [t.index, t.holder.position, t.writtenEarlier]), [[0, 1, false]])
    assert.deepStrictEqual((yield* withStore(path, EventStore.use((s) => s.readAll(0, 10)))).map((r) => [r.position, r.event.eventId]), [[1, "e-1"], [2, "e-2"]])
  }))

  it.effect("a bulk load told it is finishing builds its indexes then, and commits the same store; a batch after it is refused", () => Effect.gen(function*() {
    const path = freshPath()
    yield* withStore(path, EventStore.use((s) => s.head))
    const created = indexesOf(path)
    const batch = EncodedBatch.fromEvents([signed, { ...signed, eventId: "e-2", projectId: "Q" }].map(EncodedEvent.encode))
    const late = yield* withStore(path, Effect.exit(EventStore.use((s) => s.bulkAppend((w) => Effect.gen(function*() {
      yield* w.write(batch)
      w.finishing?.()
      return yield* w.write(EncodedBatch.fromEvents([{ ...signed, eventId: "e-3", projectId: "R" }].map(EncodedEvent.encode)))
    })))))
    assert.isTrue(Exit.isFailure(late))
    assert.match((Exit.isFailure(late) ? Cause.squash(late.cause) as Error : new Error()).message, /no batch after it has been finished/)
    assert.strictEqual(yield* withStore(path, EventStore.use((s) => s.head)), 0)
    yield* withStore(path, EventStore.use((s) => s.bulkAppend((w) => Effect.gen(function*() {
      yield* w.write(batch)
      w.finishing?.()
    }))))
    assert.deepStrictEqual(indexesOf(path), created)
    // The streams' versions were recorded: appends at the next version go through.
    yield* withStore(path, EventStore.use((s) => s.append("Q", [{ ...signed, eventId: "e-4", projectId: "Q", type: "ProjectStarted" as const, data: {} }], 1)))
    assert.deepStrictEqual((yield* withStore(path, EventStore.use((s) => s.readStream("Q")))).map((r) => [r.version, r.event.eventId]), [[1, "e-2"], [2, "e-4"]])
  }))

  it.effect("a replay takes positions from their density, and refuses a store whose positions have a gap instead of misplacing events", () => Effect.gen(function*() {
    const path = freshPath()
    const events = [signed, { ...signed, eventId: "e-2", projectId: "Q" }, { ...signed, eventId: "e-3", projectId: "R", data: { ...signed.data, district: "赣榆区" } }]
    yield* withStore(path, EventStore.use((s) => s.bulkAppend((w) => w.write(EncodedBatch.fromEvents(events.map(EncodedEvent.encode))))))
    const scanned = (batchSize: number) =>
      withStore(path, EventStore.use((s) => Effect.gen(function*() {
        type Seen = [number, string, string | null]
        const seen: Array<Seen> = []
        yield* s.scan(Number.MAX_SAFE_INTEGER, (e) => seen.push([e.position, e.projectId, e.district]))
        const paged = yield* Stream.runCollect(s.replay(Number.MAX_SAFE_INTEGER, { batchSize }))
        return { seen, paged: paged.flat().map((e): Seen => [e.position, e.projectId, e.district]) }
      })))
    const whole: Array<[number, string, string | null]> = [[1, "P", "海州区"], [2, "Q", "海州区"], [3, "R", "赣榆区"]]
    assert.deepStrictEqual(yield* scanned(2), { seen: whole, paged: whole })
    // A gap (no writer of this store makes one: a file damaged from outside) is an error naming the positions.
    const db = new DatabaseSync(path)
    db.prepare("DELETE FROM events WHERE position = 2").run()
    db.close()
    const failed = yield* Effect.exit(scanned(10))
    assert.isTrue(Exit.isFailure(failed))
    const error = Exit.isFailure(failed) ? Cause.squash(failed.cause) : undefined
    assert.strictEqual((error as { _tag?: string })._tag, "StoreError")
    assert.match((error as Error).message, /positions are not dense: the event read at 2 is stored at 3/)
  }))

  it.effect("keeps events and positions across reopening the file", () => Effect.gen(function*() {
    const path = freshPath()
    yield* withStore(path, EventStore.use((s) => s.append("P", [signed], "noStream")))
    const stream = yield* withStore(path, EventStore.use((s) => s.readStream("P")))
    assert.deepStrictEqual(stream.map((r) => [r.position, r.version, r.event.eventId]), [[1, 1, "e-1"]])
  }))

  it.effect("reads events stored in an older format through the upcasting hook", () => Effect.gen(function*() {
    const path = freshPath()
    yield* withStore(path, EventStore.use((s) => s.append("P", [signed], "noStream")))
    // An event written by an imagined version 0, whose investment reports named the month `month`.
    const db = new DatabaseSync(path)
    const old = { eventId: "e-0", projectId: "P", type: "InvestmentReported", occurredOn: "2020-03-31", knownAt: "2020-04-08T10:00:00+08:00", data: { month: "2020-03", amount: 7 } }
    db.prepare(`INSERT INTO events (position, stream_id, version, event_id, schema_version, type, occurred_on, known_at, attrs, amount, payload)
      VALUES (2, 1, 2, 'e-0', 0, 8, 0, 0, 423630995456, 7, ?)`).run(JSON.stringify(old))
    db.prepare("UPDATE streams SET version = 2").run()
    db.close()
    const upcasters = new Map([[0, (raw: Record<string, unknown>) => {
      const { month, ...data } = raw["data"] as Record<string, unknown>
      return { ...raw, data: { ...data, period: month } }
    }]])
    const stream = yield* withStore(path, EventStore.use((s) => s.readStream("P")), { upcasters })
    assert.deepStrictEqual(stream[1]!.event.data, { amount: 7, period: "2020-03" })
    assert.strictEqual(stream[1]!.schemaVersion, 0)
    const withoutHook = yield* Effect.exit(withStore(path, EventStore.use((s) => s.readStream("P"))))
    assert.isTrue(withoutHook._tag === "Failure")
  }))

  it.effect("reads rows an earlier version stored as whole lines, and recognizes them when they are sent again", () => Effect.gen(function*() {
    const path = freshPath()
    yield* withStore(path, EventStore.use((s) => s.head))
    // Before rows kept the data apart, a current-format row held the canonical line as its payload.
    const db = new DatabaseSync(path)
    db.prepare("INSERT INTO streams (project_id, version) VALUES ('P', 1)").run()
    db.prepare(`INSERT INTO events (position, stream_id, version, event_id, schema_version, type, occurred_on, known_at, attrs, amount, payload)
      VALUES (1, 1, 1, 'e-1', 1, 0, 18263, 0, 0, 1, ?)`).run(ProjectEvent.toJsonLine(signed))
    db.close()
    const { stream, again } = yield* withStore(path, Effect.gen(function*() {
      const s = yield* EventStore
      return { stream: yield* s.readStream("P"), again: yield* s.append("P", [signed], "any") }
    }))
    assert.deepStrictEqual(stream.map((r) => r.event), [signed])
    assert.deepStrictEqual(again, { projectId: "P", firstPosition: 1, lastPosition: 1, version: 1, written: false })
  }))

  it.effect("stores the data apart from the columns and gives back the event exactly, offset included", () => Effect.gen(function*() {
    const path = freshPath()
    const event = { ...signed, knownAt: "2020-01-03T01:00:00.250Z", data: { ...signed.data, name: "\"引号\" \u2028 \\ end" } }
    yield* withStore(path, EventStore.use((s) => s.append("P", [event], "noStream")))
    const db = new DatabaseSync(path)
    const row = db.prepare("SELECT known_at_text, payload FROM events").get() as { known_at_text: string; payload: string }
    db.close()
    assert.deepStrictEqual(row, { known_at_text: event.knownAt, payload: JSON.stringify(event.data) })
    const read = yield* withStore(path, EventStore.use((s) => s.readAll(0, 10)))
    assert.strictEqual(ProjectEvent.toJsonLine(read[0]!.event), ProjectEvent.toJsonLine(event))
  }))

  const failureOf = <A, E>(exit: Exit.Exit<A, E>): string => {
    assert.isTrue(Exit.isFailure(exit))
    return Exit.isFailure(exit) ? (Cause.squash(exit.cause) as Error).message : ""
  }

  it.effect("for reading, refuses a missing store and creates neither the file nor its folder", () => Effect.gen(function*() {
    const path = join(mkdtempSync(join(tmpdir(), "gb-sqlite-")), "typo-dir", "x.sqlite")
    const exit = yield* Effect.exit(withStore(path, EventStore.use((s) => s.head), { mode: "read" }))
    assert.strictEqual(failureOf(exit), `no store at ${path}: import a ledger first, or check --store`)
    assert.isFalse(existsSync(join(path, "..")))
  }))

  it.effect("for reading, calls an empty file an empty store", () => Effect.gen(function*() {
    const path = freshPath()
    writeFileSync(path, "")
    const exit = yield* Effect.exit(withStore(path, EventStore.use((s) => s.head), { mode: "read" }))
    assert.include(failureOf(exit), "the store is empty: import a ledger first")
    assert.strictEqual(readFileSync(path).length, 0)
  }))

  it.effect("refuses a SQLite file of another application, for reading or writing, without changing a byte of it", () => Effect.gen(function*() {
    const dir = mkdtempSync(join(tmpdir(), "gb-sqlite-"))
    const path = join(dir, "app.db")
    const foreign = new DatabaseSync(path)
    foreign.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')")
    foreign.close()
    const before = readFileSync(path)
    for (const mode of ["read", "write"] as const) {
      const exit = yield* Effect.exit(withStore(path, EventStore.use((s) => s.head), { mode }))
      assert.strictEqual(failureOf(exit), `${path} is not a Groundbreak store (a SQLite database with other tables); it was left unchanged`)
    }
    assert.isTrue(readFileSync(path).equals(before))
    assert.deepStrictEqual(readdirSync(dir), ["app.db"]) // no -wal, no -shm: the journal mode was not switched
    const text = join(dir, "notes.txt")
    writeFileSync(text, "not a database at all\n")
    const exit = yield* Effect.exit(withStore(text, EventStore.use((s) => s.head), { mode: "read" }))
    assert.strictEqual(failureOf(exit), `${text} is not a Groundbreak store (not a SQLite database); it was left unchanged`)
    assert.strictEqual(readFileSync(text, "utf8"), "not a database at all\n")
  }))

  it.effect("opens for reading without the write lock, while a writer holds it, and reads one snapshot", () => Effect.gen(function*() {
    const path = freshPath()
    yield* withStore(path, EventStore.use((s) => s.append("P", [signed], "noStream")))
    const writer = new DatabaseSync(path)
    writer.exec("BEGIN IMMEDIATE")
    writer.exec("UPDATE streams SET version = version")
    try {
      // A busy timeout of 0: waiting for the lock at all would fail at once with "database is locked".
      const seen = yield* withStore(path, Effect.gen(function*() {
        const s = yield* EventStore
        const first = yield* s.head
        writer.exec("COMMIT")
        yield* withStore(path, EventStore.use((w) => w.append("Q", [{ ...signed, eventId: "e-2", projectId: "Q" }], "noStream")))
        return { first, second: yield* s.head, all: (yield* s.readAll(0, 10)).length }
      }), { mode: "read", busyTimeoutMs: 0 })
      assert.deepStrictEqual(seen, { first: 1, second: 1, all: 1 })
    } finally {
      if (writer.isTransaction) writer.exec("ROLLBACK")
      writer.close()
    }
    const after = yield* withStore(path, EventStore.use((s) => s.head), { mode: "read" })
    assert.strictEqual(after, 2)
  }))

  it.effect("refuses to write through a store opened for reading", () => Effect.gen(function*() {
    const path = freshPath()
    yield* withStore(path, EventStore.use((s) => s.head))
    const exit = yield* Effect.exit(withStore(path, EventStore.use((s) => s.append("P", [signed], "noStream")), { mode: "read" }))
    assert.include(failureOf(exit), "opened for reading only")
  }))
})
