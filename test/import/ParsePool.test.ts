/**
 * The import's parse threads are held in a scope: interrupting an import
 * (Ctrl-C) that waits on its source — standard input that never ends —
 * returns at once and stops the threads.
 */
import { Cause, Effect, Exit, Fiber } from "effect"
import { describe, expect, it } from "vitest"
import { threadCount, waitFor } from "../support.ts"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"

describe("import parse pool", { timeout: 30_000 }, () => {
  it("interrupting an import blocked on its source returns promptly and stops the parse threads", async () => {
    const before = threadCount()
    const line = '{"eventId":"e-1","projectId":"P-1","type":"ProjectSigned","occurredOn":"2020-01-02","knownAt":"2020-01-03T10:00:00+08:00","data":{"name":"n","district":"d","sector":"industrial","totalInvestment":100}}\n'
    // A source that sends one line and then never ends, like a terminal on standard input.
    const source = (async function*() {
      yield new TextEncoder().encode(line)
      await new Promise<never>(() => {})
    })()
    // Everything on the parse threads, as a large input goes (a small one is parsed on the importing thread).
    const fiber = Effect.runFork(LedgerImport.importLedger("stdin", source).pipe(
      Effect.provide(MemoryEventStore.layer),
      Effect.provideService(LedgerImport.ParseSettings, { ...LedgerImport.ParseSettings.defaultValue(), inlineBytes: 0 })
    ))
    // The parse threads have started (one per core but the writer's, at least one).
    expect(await waitFor(() => threadCount() > before, 10_000)).toBe(true)
    const interrupted = Effect.runPromise(Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber))))
    const exit = await Promise.race([interrupted, new Promise<"hung">((resolve) => setTimeout(() => resolve("hung"), 5_000))])
    expect(exit).not.toBe("hung")
    expect(Exit.isExit(exit) && Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause)).toBe(true)
    expect(await waitFor(() => threadCount() <= before, 5_000)).toBe(true)
  })
})
