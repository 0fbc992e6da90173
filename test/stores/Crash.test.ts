/**
 * A writer killed with SIGKILL in the middle of a large import leaves no
 * partial batch, and the next import completes: on PostgreSQL and on the
 * SQLite file. "In the middle" is observed, not guessed: PostgreSQL shows
 * the import's INSERT in pg_stat_activity. The SQLite import reads the
 * ledger from standard input, which is left open after all but its last
 * line: it holds the write lock and cannot have committed when it is killed
 * (a kill timed on the write-ahead log's size could land after the commit
 * on a loaded machine).
 */
import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Redacted } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import { describe, expect, it } from "vitest"
import { ProjectEvent } from "@groundbreak/domain"
import { EventStore, PostgresEventStore, SqliteEventStore } from "@groundbreak/event-store"
import { LedgerGenerator } from "@groundbreak/synth"
import { baseUrl, freshSchemaUrl, postgresAvailable } from "../../packages/event-store/test/postgres.ts"
import { waitFor } from "../support.ts"
import { writeLocked } from "./SqliteLock.ts"

const bin = resolve(import.meta.dirname, "../../packages/cli/src/bin.ts")
const dir = mkdtempSync(join(tmpdir(), "gb-crash-"))
const ledger = join(dir, "ledger.jsonl")
const events = [...LedgerGenerator.generateLedger({ seed: 7, prefix: "K", firstYear: 2020, lastYear: 2023, newPerYear: 4000, until: "2023-12-31" })]
writeFileSync(ledger, events.map((e) => ProjectEvent.toJsonLine(e) + "\n").join(""))

const layerFor = (store: string) =>
  Layer.fresh(PostgresEventStore.isPostgresUrl(store) ? PostgresEventStore.layer({ url: store }) : SqliteEventStore.layer({ path: store }))
const headOf = (store: string) => Effect.runPromise(Effect.provide(EventStore.use((s) => s.head), layerFor(store)))

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Starts an import, waits until `midway()` says it is writing, kills it with SIGKILL. */
const killMidImport = async (store: string, midway: () => Promise<boolean>) => {
  const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", bin, "import", ledger, "--store", store], { stdio: "ignore" })
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)))
  let seen = false
  for (let i = 0; i < 6000 && child.exitCode === null; i++) {
    if (await midway()) {
      seen = true
      break
    }
    await sleep(5)
  }
  child.kill("SIGKILL")
  await exited
  return seen
}

const completes = (store: string) => {
  const r = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", bin, "import", ledger, "--store", store], { encoding: "utf8" })
  expect(r.stderr).toBe("")
  expect(r.status).toBe(0)
}

const exported = (store: string) =>
  spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", bin, "export", "--store", store], { encoding: "utf8", maxBuffer: 1 << 30 }).stdout

describe("a writer killed mid-import", () => {
  it.skipIf(!postgresAvailable)("PostgreSQL keeps nothing of the killed import, and the next import completes", async () => {
    const store = freshSchemaUrl()
    const schema = new URL(store).searchParams.get("schema")!
    expect(await headOf(store)).toBe(0)
    const probe = await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
      const sql = yield* PgClient.make({ url: Redacted.make(baseUrl), maxConnections: 1 })
      return yield* Effect.promise(() =>
        killMidImport(store, () =>
          Effect.runPromise(sql.unsafe<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'groundbreak' AND query LIKE $1`,
            [`INSERT INTO "${schema}".gb_events%`]
          )).then((rows) => rows[0]!.n > 0)))
    })).pipe(Effect.provide(Reactivity.layer)))
    expect(probe).toBe(true)
    expect(await headOf(store)).toBe(0)
    completes(store)
    expect(await headOf(store)).toBe(events.length)
    expect(exported(store).trim().split("\n").sort()).toEqual(readFileSync(ledger, "utf8").trim().split("\n").sort())
  }, 180_000)

  it("the SQLite file keeps nothing of the killed import, and the next import completes", async () => {
    const store = join(dir, "store.sqlite")
    expect(await headOf(store)).toBe(0)
    const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", bin, "import", "-", "--store", store], { stdio: ["pipe", "ignore", "ignore"] })
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)))
    const lines = readFileSync(ledger, "utf8").trimEnd().split("\n")
    // Every line but the last, written through the pipe (the callback: the child has read all but a pipe's buffer of it).
    await new Promise<void>((done, fail) => child.stdin!.write(lines.slice(0, -1).join("\n") + "\n", (error) => (error ? fail(error) : done())))
    expect(await waitFor(() => existsSync(store) && writeLocked(store), 60_000), "the import holds the write lock").toBe(true)
    expect(child.exitCode, "the import is still waiting for its last line").toBe(null)
    child.kill("SIGKILL")
    await exited
    expect(await headOf(store)).toBe(0)
    completes(store)
    expect(await headOf(store)).toBe(events.length)
    expect(exported(store).trim().split("\n").sort()).toEqual(readFileSync(ledger, "utf8").trim().split("\n").sort())
  }, 180_000)
})
