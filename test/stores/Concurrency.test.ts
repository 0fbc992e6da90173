/**
 * Eight writer processes append to overlapping projects with expected
 * versions while a reader tails the log: every acknowledged append is there
 * exactly once, every rejected one was a version conflict, positions run
 * 1..N with no gap, and the tailing reader sees every event once, in order.
 * Run against PostgreSQL and against one SQLite file.
 */
import { spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore, PostgresEventStore, SqliteEventStore } from "@groundbreak/event-store"
import { freshSchemaUrl, postgresAvailable } from "../../packages/event-store/test/postgres.ts"

const writers = 8
const appendsEach = 40

const runWriter = (store: string, writer: number) =>
  new Promise<{ acknowledged: Array<string>; conflicts: number }>((resolve, reject) => {
    const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", join(import.meta.dirname, "writer.ts"), store, String(writer), String(appendsEach)], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = "", err = ""
    child.stdout.on("data", (d) => (out += d))
    child.stderr.on("data", (d) => (err += d))
    child.on("exit", (code) => code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`writer ${writer} failed: ${err}`)))
  })

const layerFor = (store: string) =>
  Layer.fresh(PostgresEventStore.isPostgresUrl(store) ? PostgresEventStore.layer({ url: store }) : SqliteEventStore.layer({ path: store }))

const scenario = async (store: string) => {
  // Create the store before the writers race to.
  await Effect.runPromise(Effect.provide(EventStore.use((s) => s.head), layerFor(store)))
  let writersDone = false
  const tail = Effect.runPromise(Effect.provide(Effect.gen(function*() {
    const s = yield* EventStore
    const seen: Array<{ position: number; eventId: string }> = []
    let after = 0
    for (;;) {
      const done = writersDone
      const page = yield* s.readAll(after, 7)
      for (const r of page) seen.push({ position: r.position, eventId: r.event.eventId })
      if (page.length > 0) after = page[page.length - 1]!.position
      else if (done) return seen
      else yield* Effect.sleep("5 millis")
    }
  }), layerFor(store)))
  const results = await Promise.all(Array.from({ length: writers }, (_, w) => runWriter(store, w)))
  writersDone = true
  const tailed = await tail
  const all = await Effect.runPromise(Effect.provide(EventStore.use((s) => s.readAll(0, 1_000_000)), layerFor(store)))

  const acknowledged = results.flatMap((r) => r.acknowledged)
  const conflicts = results.reduce((n, r) => n + r.conflicts, 0)
  expect(acknowledged.length / 2 + conflicts).toBe(writers * appendsEach)
  // All writers claim one new stream first (one wins); the other projects overlap too, so more may lose.
  expect(conflicts).toBeGreaterThanOrEqual(writers - 1)
  expect(all.filter((r) => r.event.projectId === "P-race")).toHaveLength(2)
  expect(all.map((r) => r.position)).toEqual(Array.from({ length: all.length }, (_, i) => i + 1))
  expect([...all.map((r) => r.event.eventId)].sort()).toEqual([...acknowledged].sort())
  expect(tailed.map((r) => r.position)).toEqual(all.map((r) => r.position))
  expect(tailed.map((r) => r.eventId)).toEqual(all.map((r) => r.event.eventId))
  // Each stream's versions are 1..n in position order.
  const versions = new Map<string, Array<number>>()
  for (const r of all) versions.set(r.event.projectId, [...(versions.get(r.event.projectId) ?? []), r.version])
  for (const [, vs] of versions) expect(vs).toEqual(vs.map((_, i) => i + 1))
}

describe("concurrent writers", () => {
  it.skipIf(!postgresAvailable)("PostgreSQL: 8 writer processes and a tailing reader", () => scenario(freshSchemaUrl()), 120_000)
  it("SQLite: 8 writer processes and a tailing reader on one file", () =>
    scenario(join(mkdtempSync(join(tmpdir(), "gb-concurrency-")), "store.sqlite")), 120_000)
})
