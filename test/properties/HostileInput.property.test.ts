/**
 * Hostile input never gets in and never breaks import: lines carrying lone
 * surrogates, NUL, control characters, RTL marks, full-width digits, formula
 * prefixes, repeated keys, inexact numbers, -0, sub-millisecond times and
 * bytes that are not UTF-8. Import refuses exactly the lines with a defect,
 * each cleanly with its line number (no exception), and what it accepts is
 * exported back exactly.
 */
import { Readable } from "node:stream"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Effect, Stream } from "effect"
import { ProjectEvent } from "@groundbreak/domain"
import { LedgerExport } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { runWithMemoryStore } from "../support.ts"

/** Text a store keeps as written, however hostile to a terminal or a spreadsheet. */
const harmless = fc.constantFrom("海州区", "\t\r\n", "\u202e区\u202c", "１２３", "=SUM(A1)", "+1", "-1", "@cmd", "😀", "\u0001\u001f", "a\u2028b", "'", "\"", "\\")
/** Text no store may take. */
const broken = fc.constantFrom("\ud800", "\udc00x", "x\ud83d", "\u0000", "a\u0000b")

interface Piece {
  readonly text: string
  readonly bad: boolean
}

const textPiece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 4, arbitrary: harmless.map((t) => ({ text: `x${t}`, bad: false })) },
  { weight: 1, arbitrary: broken.map((t) => ({ text: `x${t}`, bad: true })) }
)

/** A number as written in the line: exact ones, and ones that are not what they are read as (or out of range). */
const numberPiece: fc.Arbitrary<{ readonly token: string; readonly bad: boolean }> = fc.oneof(
  fc.constantFrom("100", "12.5", "0", "1e3", "12.50", "0.1", "999999999999", "5e-324", "30000.000").map((token) => ({ token, bad: false })),
  fc.constantFrom("-0", "-0.0", "12345678901234567891", "1e308", "0.10000000000000000000001", "1000000000000", "-5").map((token) => ({ token, bad: true }))
)

const knownAtPiece = fc.oneof(
  fc.constantFrom("2020-01-03T10:00:00+08:00", "2020-01-03T10:00:00.123Z", "2020-01-03T10:00+08:00").map((text) => ({ text, bad: false })),
  fc.constantFrom("2020-01-03T10:00:00.1234Z", "2020-01-01T10:00:00+08:00").map((text) => ({ text, bad: true }))
)

/** Strings written as JSON.stringify does, or with every non-ASCII character escaped (another spelling of the same text). */
const quote = (text: string, escapeAll: boolean): string =>
  escapeAll ? JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : JSON.stringify(text)

const lineArb = (index: number) =>
  fc.record({
    kind: fc.constantFrom("signed", "cancelled"),
    ids: fc.tuple(textPiece, textPiece),
    fields: fc.tuple(textPiece, textPiece, textPiece),
    amount: numberPiece,
    knownAt: knownAtPiece,
    repeatKey: fc.constantFrom<"none" | "top" | "data">("none", "none", "none", "top", "data"),
    escapeAll: fc.boolean(),
    spaces: fc.boolean()
  }).map(({ kind, ids, fields, amount, knownAt, repeatKey, escapeAll, spaces }) => {
    const q = (t: string) => quote(t, escapeAll)
    const eventId = `${ids[0].text}/${index}`, projectId = `${ids[1].text}#${index}`
    const data = kind === "signed"
      ? `{"name":${q(fields[0].text)},"district":${q(fields[1].text)},"sector":${q(fields[2].text)},"totalInvestment":${amount.token}${repeatKey === "data" ? ',"name":"y"' : ""}}`
      : `{"reason":${q(fields[0].text)}${repeatKey === "data" ? ',"reason":"y"' : ""}}`
    const sep = spaces ? ", " : ","
    const text = `{"eventId":${q(eventId)}${sep}"projectId":${q(projectId)}${sep}"type":"${kind === "signed" ? "ProjectSigned" : "ProjectCancelled"}"` +
      `${sep}"occurredOn":"2020-01-02"${sep}"knownAt":"${knownAt.text}"${sep}"data":${data}${repeatKey === "top" ? ',"eventId":"zzz"' : ""}}`
    const bad = ids.some((p) => p.bad) || (kind === "signed" ? fields.some((p) => p.bad) || amount.bad : fields[0].bad) ||
      knownAt.bad || repeatKey !== "none"
    return { text, bad }
  })

const ledgerArb = fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => lineArb(i))))

/** Imports with skipInvalid; the lines refused, and what the store exports afterwards. */
const importAll = (input: LedgerImport.LedgerInput) =>
  runWithMemoryStore(Effect.gen(function*() {
    const summary = yield* LedgerImport.importLedger("hostile.jsonl", input, { skipInvalid: true })
    return { refused: summary.rejected.map((r) => r.line), exported: [...(yield* Stream.runCollect(LedgerExport.exportLines()))] }
  }))

const expectExact = (lines: ReadonlyArray<{ text: string; bad: boolean }>, result: { refused: Array<number>; exported: Array<string> }) => {
  expect(result.refused).toEqual(lines.flatMap((l, i) => l.bad ? [i + 1] : []))
  // What was accepted comes back out as the same values, in the canonical spelling.
  expect(result.exported).toEqual(lines.filter((l) => !l.bad).map((l) => ProjectEvent.toJsonLine(JSON.parse(l.text))))
}

describe("hostile input", { timeout: 300_000 }, () => {
  it("refuses exactly the lines with a defect and exports the rest back exactly (lines)", async () => {
    await fc.assert(fc.asyncProperty(ledgerArb, async (lines) => {
      expectExact(lines, await importAll(lines.map((l) => l.text)))
    }), { numRuns: 300 })
  })

  it("does the same for bytes on worker threads, where bytes that are not UTF-8 are a defect too", async () => {
    const withBytes = fc.tuple(ledgerArb, fc.array(fc.nat(), { maxLength: 3 }))
    await fc.assert(fc.asyncProperty(withBytes, async ([lines, corrupt]) => {
      const encoded = lines.map((l) => ({ ...l, bytes: new TextEncoder().encode(l.text) }))
      for (const pick of corrupt) {
        const line = encoded[pick % encoded.length]!
        // An "x" starts every text field: make it a byte that cannot begin a UTF-8 character.
        const at = line.bytes.indexOf(0x78)
        if (at >= 0) line.bytes[at] = 0xff, line.bad = true
      }
      const all = new Uint8Array(encoded.reduce((n, l) => n + l.bytes.length + 1, 0))
      let offset = 0
      for (const l of encoded) {
        all.set(l.bytes, offset)
        all[offset + l.bytes.length] = 10
        offset += l.bytes.length + 1
      }
      const result = await importAll(Readable.from([all.subarray(0, 50), all.subarray(50)]))
      expect(result.refused).toEqual(encoded.flatMap((l, i) => l.bad ? [i + 1] : []))
      expect(result.exported).toEqual(encoded.filter((l) => !l.bad).map((l) => ProjectEvent.toJsonLine(JSON.parse(l.text))))
    }), { numRuns: 4 })
  })
})
