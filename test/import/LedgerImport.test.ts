/** Import is all-or-nothing, reports every bad line as file:line: reason, and can skip what is invalid. */
import { Readable } from "node:stream"
import { describe, expect, it } from "vitest"
import { Effect, Exit } from "effect"
import { EventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { runWithMemoryStore } from "../support.ts"

const line = (o: object) => JSON.stringify(o)
const base = { projectId: "P1", knownAt: "2020-03-05T10:00:00+08:00" }
const signed = line({ ...base, eventId: "s", type: "ProjectSigned", occurredOn: "2020-01-02", data: { name: "n", district: "海州区", sector: "industrial", totalInvestment: 100 } })
const started = line({ ...base, eventId: "st", type: "ProjectStarted", occurredOn: "2020-03-01", data: {} })
const badDate = line({ ...base, eventId: "x", type: "ProjectToppedOut", occurredOn: "2020-02-31", data: {} })
const orphanStart = line({ ...base, projectId: "P2", eventId: "o", type: "ProjectStarted", occurredOn: "2020-03-01", data: {} })

const importLines = (lines: Array<string>, skipInvalid = false) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(LedgerImport.importLedger("ledger.jsonl", lines, { skipInvalid }))
    const head = yield* (yield* EventStore).head
    return { exit, head }
  })

describe("import", () => {
  it("rejects the whole file when any line is bad, naming every bad line, and writes nothing", async () => {
    const { exit, head } = await runWithMemoryStore(importLines([signed, badDate, started, orphanStart, "{oops"]))
    expect(head).toBe(0)
    expect(Exit.isFailure(exit)).toBe(true)
    const message = Exit.isFailure(exit) ? String(exit.cause.reasons[0]?._tag === "Fail" && (exit.cause.reasons[0].error as Error).message) : ""
    expect(message).toContain('ledger.jsonl:2: occurredOn: Expected an ISO date YYYY-MM-DD, found "2020-02-31"')
    expect(message).toContain("ledger.jsonl:4: project P2: ProjectStarted on 2020-03-01: a project must be signed before it starts")
    expect(message).toContain("ledger.jsonl:5: not valid JSON")
    expect(message).toContain("3 invalid line(s) in ledger.jsonl; nothing was imported")
  })

  it("with skipInvalid imports the rest and returns the rejects, including events that depended on a rejected one", async () => {
    const revisedSigned = line({ ...JSON.parse(signed), eventId: "s2", projectId: "P3" })
    const p3Start = line({ ...JSON.parse(started), eventId: "st3", projectId: "P3", occurredOn: "2019-12-01" })
    const summary = await runWithMemoryStore(Effect.gen(function*() {
      const result = yield* LedgerImport.importLedger("ledger.jsonl", [signed, badDate, started, revisedSigned, p3Start], { skipInvalid: true })
      expect(yield* (yield* EventStore).head).toBe(3)
      return result
    }))
    expect(summary.appended).toBe(3)
    expect(summary.rejected.map((r) => [r.line, JSON.parse(r.text)])).toEqual([[2, JSON.parse(badDate)], [5, JSON.parse(p3Start)]])
  })

  it("a different event under an id already used in the file is an error at the later line", async () => {
    const clash = line({ ...JSON.parse(started), eventId: "s" })
    const { exit } = await runWithMemoryStore(importLines([signed, clash]))
    expect(Exit.isFailure(exit) && String((exit.cause.reasons[0] as { error: Error }).error.message)).toContain(
      "ledger.jsonl:2: eventId s is already used at line 1 by a different event"
    )
  })

  it("checks new events against what is already stored", async () => {
    const outcome = await runWithMemoryStore(Effect.gen(function*() {
      yield* LedgerImport.importLedger("a.jsonl", [signed, started])
      const again = yield* Effect.exit(LedgerImport.importLedger("b.jsonl", [line({ ...JSON.parse(started), eventId: "st-2" })]))
      return again
    }))
    expect(Exit.isFailure(outcome) && String((outcome.cause.reasons[0] as { error: Error }).error.message)).toContain("b.jsonl:1: project P1: ProjectStarted on 2020-03-01: the project has already started")
  })
  it.each([["on the importing thread", {}], ["on the parse threads", { inlineBytes: 0 }]])("with skipInvalid reads a one-shot byte stream (standard input) twice from what it remembers, %s", async (_, parsing) => {
    const lines = [signed, badDate, started, orphanStart, started]
    const bytes = new TextEncoder().encode(lines.join("\n") + "\n")
    const oneShot = Readable.from([bytes.subarray(0, 100), bytes.subarray(100)])
    const { summary, exported } = await runWithMemoryStore(Effect.gen(function*() {
      const summary = yield* LedgerImport.importLedger("stdin", oneShot, { skipInvalid: true })
      const exported = (yield* (yield* EventStore).readAll(0, 10)).map((r) => r.event.eventId)
      return { summary, exported }
    }).pipe(Effect.provideService(LedgerImport.ParseSettings, { ...LedgerImport.ParseSettings.defaultValue(), ...parsing })))
    expect(exported).toEqual(["s", "st"])
    expect(summary).toMatchObject({ lines: 5, appended: 2, repeatedInFile: 1 })
    expect(summary.rejected.map((r) => [r.line, JSON.parse(r.text)])).toEqual([[2, JSON.parse(badDate)], [4, JSON.parse(orphanStart)]])
  }, 60_000)
})
