/**
 * SQLite readers never wait for a writer. An import holds the write lock for
 * its whole run (one transaction); here its input is fed slowly through
 * standard input, so it runs for about thirty seconds whatever the machine's
 * speed, and the test checks that it holds the lock throughout. Meanwhile,
 * again and again, as separate processes:
 * - a reader opens the store for reading, replays it into KPIs and exports
 *   it; it must see the store as it was before the import, exactly (one
 *   consistent snapshot), and the import must still hold the write lock
 *   when it has answered: a reader that waited for the writer could only
 *   answer after the import's commit. How long it took, from opening the
 *   store to the answer, is reported, not asserted (a loaded machine is
 *   slow for reasons that are not the store's);
 * - `groundbreak kpis` and `groundbreak export` must answer, with exit 0,
 *   the same pre-import figures (a blocked reader would wait for the
 *   import's commit and then see its events, or fail with "database is
 *   locked"). Their wall time, start-up included, is reported.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { ProjectEvent } from "@groundbreak/domain"
import { EventStore, SqliteEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { LedgerGenerator } from "@groundbreak/synth"
import { writeLocked } from "./SqliteLock.ts"

const bin = resolve(import.meta.dirname, "../../packages/cli/src/bin.ts")
const readerScript = join(import.meta.dirname, "reader.ts")
const feedSeconds = 30

const run = (args: ReadonlyArray<string>) =>
  new Promise<{ code: number | null; out: string; err: string; ms: number }>((done) => {
    const started = Date.now()
    const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", ...args], { stdio: ["ignore", "pipe", "pipe"] })
    let out = "", err = ""
    child.stdout.on("data", (d) => (out += d))
    child.stderr.on("data", (d) => (err += d))
    child.on("exit", (code) => done({ code, out, err, ms: Date.now() - started }))
  })

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe("SQLite readers during an import", () => {
  it("answer from one snapshot while the importer holds the write lock", { timeout: 240_000 }, async () => {
    const store = join(mkdtempSync(join(tmpdir(), "gb-readers-")), "s.sqlite")
    const before = [...LedgerGenerator.generateLedger({ seed: 3, prefix: "A", firstYear: 2020, lastYear: 2021, newPerYear: 60, until: "2021-12-31" })]
    await Effect.runPromise(Effect.provide(
      LedgerImport.importLedger("before.jsonl", before.map(ProjectEvent.toJsonLine)),
      SqliteEventStore.layer({ path: store })
    ))
    const later = [...LedgerGenerator.generateLedger({ seed: 4, prefix: "B", firstYear: 2020, lastYear: 2021, newPerYear: 400, until: "2021-12-31" })]
      .map((e) => ProjectEvent.toJsonLine(e) + "\n")

    const kpisArgs = [bin, "kpis", "--store", store, "--year", "2021", "--as-of", "2021-12-31", "--known-at", "2030-01-01", "--format", "json"]
    const expected = JSON.parse((await run(kpisArgs)).out) as { projects: number }

    const importer: ChildProcess = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", bin, "import", "-", "--store", store], {
      stdio: ["pipe", "pipe", "pipe"]
    })
    let importOut = "", importErr = ""
    importer.stdout!.on("data", (d) => (importOut += d))
    importer.stderr!.on("data", (d) => (importErr += d))
    const imported = new Promise<number | null>((r) => importer.on("exit", r))

    // Feed the ledger in slices over feedSeconds, keeping the import (and its transaction) open that long.
    const slices = feedSeconds * 4
    let fed = false
    const feeding = (async () => {
      for (let i = 0; i < slices; i++) {
        importer.stdin!.write(later.slice(Math.floor((i * later.length) / slices), Math.floor(((i + 1) * later.length) / slices)).join(""))
        await sleep(250)
      }
      fed = true
    })()

    for (let i = 0; i < 200 && !writeLocked(store); i++) await sleep(100)
    expect(writeLocked(store), "the import holds the write lock").toBe(true)

    const readers: Array<{ ms: number; head: number; projects: number; lines: number }> = []
    const commands: Array<{ command: string; ms: number }> = []
    // Two loops side by side until the feed ends: the store-API reader, and the command line.
    const readerLoop = (async () => {
      while (!fed) {
        const reader = await run([readerScript, store])
        expect(reader.err).toBe("")
        readers.push(JSON.parse(reader.out))
        // Standard input stays open until both loops end, so the import cannot have committed yet.
        expect(writeLocked(store), "the import still holds the write lock after the reader answered").toBe(true)
      }
    })()
    const commandLoop = (async () => {
      while (!fed) {
        const kpis = await run(kpisArgs)
        expect(kpis.code, kpis.err).toBe(0)
        expect(JSON.parse(kpis.out)).toEqual(expected)
        commands.push({ command: "kpis", ms: kpis.ms })
        const exported = await run([bin, "export", "--store", store])
        expect(exported.code, exported.err).toBe(0)
        expect(exported.out.trim().split("\n")).toHaveLength(before.length)
        commands.push({ command: "export", ms: exported.ms })
        expect(writeLocked(store), "the import still holds the write lock after the commands answered").toBe(true)
      }
    })()
    await Promise.all([readerLoop, commandLoop])
    await feeding
    importer.stdin!.end()
    expect(await imported, importErr).toBe(0)
    expect(importOut).toContain(`imported ${later.length} new event(s)`)

    console.log(`readers during a ${feedSeconds} s import: store open to answer ${readers.map((r) => `${r.ms.toFixed(0)} ms`).join(", ")}; ` +
      `CLI wall time (start-up included) ${commands.map((c) => `${c.command} ${c.ms} ms`).join(", ")}`)
    expect(readers.length).toBeGreaterThanOrEqual(2)
    expect(commands.length).toBeGreaterThanOrEqual(2)
    for (const r of readers) {
      expect(r).toMatchObject({ head: before.length, lines: before.length, projects: expected.projects })
    }
    const after = await Effect.runPromise(Effect.provide(EventStore.use((s) => s.head), SqliteEventStore.layer({ path: store, mode: "read" })))
    expect(after).toBe(before.length + later.length)
  })
})
