/**
 * What import promises (README, "Guarantees"), through the whole import on
 * the byte-stream path (worker threads) and on every store: UTF-8 only, valid
 * Unicode without NUL, one line at most 1 MiB, the lifecycle valid in
 * knowledge order too, and every lifecycle error naming its project.
 */
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Readable } from "node:stream"
import { describe, expect, it } from "vitest"
import { Effect, Exit, Layer, Stream } from "effect"
import { Interchange, ProjectEvent } from "@groundbreak/domain"
import { EventStore, LedgerExport, MemoryEventStore, SqliteEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { freshPostgresLayer, postgresAvailable } from "../../packages/event-store/test/postgres.ts"

const line = (o: object) => JSON.stringify(o)
const signed = { eventId: "s", projectId: "P1", type: "ProjectSigned", occurredOn: "2020-01-02", knownAt: "2020-01-03T10:00:00+08:00", data: { name: "n", district: "海州区", sector: "industrial", totalInvestment: 100 } }
const started = { eventId: "st", projectId: "P1", type: "ProjectStarted", occurredOn: "2020-03-01", knownAt: "2020-03-05T10:00:00+08:00", data: {} }
const encoder = new TextEncoder()

/** Bytes as a stream of small parts, as a file or a pipe delivers them. */
const streamOf = (bytes: Uint8Array, part = 64 * 1024) =>
  Readable.from(Array.from({ length: Math.ceil(bytes.length / part) }, (_, i) => bytes.subarray(i * part, (i + 1) * part)))

const concat = (...parts: Array<Uint8Array>) => {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    all.set(p, at)
    at += p.length
  }
  return all
}

const failureOf = (exit: Exit.Exit<unknown, unknown>): string =>
  Exit.isFailure(exit) ? String((exit.cause.reasons[0] as { error?: Error }).error?.message) : "(succeeded)"

const importBytes = (bytes: Uint8Array, skipInvalid = false) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(LedgerImport.importLedger("ledger.jsonl", streamOf(bytes), { skipInvalid }))
    return { exit, head: yield* (yield* EventStore).head }
  })

const run = <A, E>(program: Effect.Effect<A, E, EventStore>) => Effect.runPromise(Effect.provide(program, MemoryEventStore.layer))

describe("encodings (issue 9 item 2)", { timeout: 60_000 }, () => {
  it("refuses bytes that are not UTF-8, naming the line, and imports nothing", async () => {
    const bad = encoder.encode(line({ ...signed, data: { ...signed.data, name: "AB" } }))
    const at = bad.indexOf(0x41) // "A" of the name
    bad[at] = 0xff
    bad[at + 1] = 0xfe
    const bytes = concat(encoder.encode(line(signed) + "\n"), bad, encoder.encode("\n" + line(started) + "\n"))
    const { exit, head } = await run(importBytes(bytes))
    expect(head).toBe(0)
    expect(failureOf(exit)).toContain(`ledger.jsonl:2: not valid UTF-8 (byte 0xFF at byte ${at + 1} of the line); the interchange format is UTF-8 only`)
  })

  it("skips a byte order mark at the start of the file, and only there", async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf])
    const ok = await run(importBytes(concat(bom, encoder.encode(line(signed) + "\n" + line(started) + "\n"))))
    expect(ok.head).toBe(2)
    const { exit } = await run(importBytes(concat(encoder.encode(line(signed) + "\n"), bom, encoder.encode(line(started) + "\n"))))
    expect(failureOf(exit)).toContain("ledger.jsonl:2: not valid JSON")
  })
})

describe("line length (issue 9 item 8)", { timeout: 60_000 }, () => {
  it("refuses a line just over 1 MiB as it streams past, naming it, and reads on", async () => {
    const long = line({ ...signed, eventId: "long", data: { ...signed.data, name: "x".repeat(Interchange.maxLineBytes) } })
    const bytes = encoder.encode([line(signed), long, line(started)].join("\n") + "\n")
    const { exit, head } = await run(importBytes(bytes))
    expect(head).toBe(0)
    expect(failureOf(exit)).toContain(
      `ledger.jsonl:2: line is ${encoder.encode(long).length.toLocaleString("en")} bytes long; lines of the interchange format are limited to 1,048,576 bytes (1 MiB)`
    )
    const skipped = await run(Effect.gen(function*() {
      const summary = yield* LedgerImport.importLedger("ledger.jsonl", streamOf(bytes), { skipInvalid: true })
      return { summary, head: yield* (yield* EventStore).head }
    }))
    expect(skipped.head).toBe(2)
    expect(skipped.summary.rejected.map((r) => r.line)).toEqual([2])
  })

  it("takes a line just under the limit", async () => {
    const name = "x".repeat(Interchange.maxLineBytes - 300)
    const { head } = await run(importBytes(encoder.encode(line({ ...signed, data: { ...signed.data, name } }) + "\n")))
    expect(head).toBe(1)
  })
})

describe("the lifecycle in knowledge order (issue 9 item 5, issue 10)", () => {
  const importLines = (lines: Array<string>) =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(LedgerImport.importLedger("ledger.jsonl", lines))
      return { exit, head: yield* (yield* EventStore).head }
    })

  it("refuses a start known before its signing is known, naming the project", async () => {
    const early = { ...started, knownAt: "2020-03-01T10:00:00+08:00" }
    const late = { ...signed, knownAt: "2020-03-02T10:00:00+08:00" }
    const { exit, head } = await run(importLines([line(late), line(early)]))
    expect(head).toBe(0)
    expect(failureOf(exit)).toContain(
      "ledger.jsonl:2: project P1: ProjectStarted on 2020-03-01: known at 2020-03-01T10:00:00.000+08:00, before the signing on 2020-01-02 it needs was known (2020-03-02T10:00:00.000+08:00)"
    )
  })

  it("checks against the stored signing too", async () => {
    const outcome = await run(Effect.gen(function*() {
      yield* LedgerImport.importLedger("a.jsonl", [line({ ...signed, knownAt: "2020-03-09T10:00:00+08:00" })])
      return yield* importLines([line(started)])
    }))
    expect(failureOf(outcome.exit)).toContain("ledger.jsonl:1: project P1: ProjectStarted on 2020-03-01: known at 2020-03-05T10:00:00.000+08:00, before the signing")
  })

  it("refuses an annual plan of a project never signed", async () => {
    const plan = { eventId: "p", projectId: "P9", type: "AnnualPlanSet", occurredOn: "2020-01-10", knownAt: "2020-01-12T10:00:00+08:00", data: { year: 2020, kind: "new", plannedInvestment: 5 } }
    const { exit } = await run(importLines([line(plan)]))
    expect(failureOf(exit)).toContain("ledger.jsonl:1: project P9: AnnualPlanSet on 2020-01-10: a project must be signed before it is put on an annual plan")
  })
})

const hostileText = ["\t=SUM(A1)\r", "+1", "-2", "@cmd", "\u202eevil\u202c", "１２３", "😀 连云港", "\u0001\u001f", "a\u2028b"]
const hostileLedger = hostileText.flatMap((text, i) => {
  const projectId = `${text}#${i}`
  return [
    { ...signed, eventId: `${text}/s/${i}`, projectId, data: { ...signed.data, name: text, district: text, sector: text } },
    { ...started, eventId: `${text}/st/${i}`, projectId },
    { eventId: `${text}/su/${i}`, projectId, type: "ProjectSuspended", occurredOn: "2020-04-01", knownAt: "2020-04-01T10:00:00+08:00", data: { reason: text } }
  ]
}).map(line)

const stores: Array<[string, boolean, () => Layer.Layer<EventStore, unknown>]> = [
  ["SQLite", true, () => Layer.fresh(SqliteEventStore.layer({ path: join(mkdtempSync(join(tmpdir(), "gb-guarantees-")), "s.sqlite") }))],
  ["PostgreSQL", postgresAvailable, () => freshPostgresLayer()]
]

describe.each(stores)("text on %s (issue 9 item 3)", (_, available, layer) => {
  it.skipIf(!available)("refuses a lone surrogate or NUL in an id with the line number, and re-importing hostile text changes nothing", async () => {
    const outcome = await Effect.runPromise(Effect.gen(function*() {
      const store = yield* EventStore
      const surrogate = yield* Effect.exit(LedgerImport.importLedger("a.jsonl", [line(signed), line({ ...started, eventId: "\ud800-1" })]))
      const nul = yield* Effect.exit(LedgerImport.importLedger("b.jsonl", [line({ ...signed, projectId: "P\u0000" })]))
      const headAfterRefusals = yield* store.head
      const bytes = encoder.encode(hostileLedger.join("\n") + "\n")
      const first = yield* LedgerImport.importLedger("hostile.jsonl", streamOf(bytes, 100))
      const second = yield* LedgerImport.importLedger("hostile.jsonl", streamOf(bytes, 100))
      const exported = yield* Stream.runCollect(LedgerExport.exportLines())
      return { surrogate, nul, headAfterRefusals, first, second, exported }
    }).pipe(Effect.provide(layer())))
    expect(failureOf(outcome.surrogate)).toContain('a.jsonl:2: eventId: Expected text of valid Unicode without NUL (U+0000) or lone surrogates, found "\\ud800-1"')
    expect(failureOf(outcome.nul)).toContain('b.jsonl:1: projectId: Expected text of valid Unicode without NUL (U+0000) or lone surrogates, found "P\\u0000"')
    expect(outcome.headAfterRefusals).toBe(0)
    expect(outcome.first.appended).toBe(hostileLedger.length)
    expect(outcome.second).toMatchObject({ appended: 0, alreadyStored: hostileLedger.length })
    expect([...outcome.exported]).toEqual(hostileLedger.map((l) => ProjectEvent.toJsonLine(JSON.parse(l))))
  }, 60_000)
})
