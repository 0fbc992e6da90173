/**
 * The parse pool is a scoped resource with typed failures: a closed pool, a
 * thread that throws and a thread that exits each end the reading with
 * PoolStopped (a failure the import reports, not a defect), and interrupting
 * the fiber that holds the pool terminates its threads.
 */
import { readFileSync } from "node:fs"
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Fiber } from "effect"
import * as fc from "fast-check"
import { EncodedBatch, MemoryEventStore } from "@groundbreak/event-store"
import * as LedgerImport from "../../src/LedgerImport.ts"
import * as ParsePool from "../../src/internal/ParsePool.ts"
import { parseBytes, type ParsedChunk } from "../../src/internal/ParsedLines.ts"

const failingWorker = new URL("./failingWorker.ts", import.meta.url)
const bytesOf = (text: string) =>
  (async function*() {
    yield new TextEncoder().encode(text)
  })()
const threads = (): number => Number(/^Threads:\s+(\d+)/m.exec(readFileSync("/proc/self/status", "utf8"))![1])
const eventually = async (condition: () => boolean): Promise<boolean> => {
  for (let waited = 0; waited < 10_000 && !condition(); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20))
  return condition()
}

/** The failure an import of `text` ends with when its parse threads run `failingWorker`. */
const importFailure = (text: string) =>
  LedgerImport.importLedger("ledger.jsonl", bytesOf(text)).pipe(
    Effect.provide(MemoryEventStore.layer),
    Effect.provideService(ParsePool.Settings, { ...ParsePool.Settings.defaultValue(), workers: 1, inlineBytes: 0, workerUrl: failingWorker }),
    Effect.flip
  )

/** A ledger of `n` lines: signings, a blank line and an invalid one among them. */
const ledger = (n: number): string =>
  Array.from({ length: n }, (_, i) =>
    i % 97 === 5 ? "" : i % 89 === 7 ? "{not json" : JSON.stringify({
      eventId: `e-${i}`, projectId: `P-${i}`, type: "ProjectSigned", occurredOn: "2020-01-02", knownAt: "2020-01-03T10:00:00+08:00",
      data: { name: `项目${i}`, district: "d", sector: "industrial", totalInvestment: 100 + i }
    })).join("\n") + "\n"

/** What a reading yields, chunk boundaries aside: every event's canonical line with its line number, and every error. */
const contentOf = (chunks: ReadonlyArray<ParsedChunk>) => ({
  events: chunks.flatMap((c) => Array.from({ length: c.batch.length }, (_, i) => [c.line[i], EncodedBatch.jsonLineAt(c.batch, i)])),
  errors: chunks.flatMap((c) => c.errors.map((e) => [e.line, e.reason])),
  lines: chunks.reduce((n, c) => n + c.lineCount, 0),
  bytes: chunks.reduce((n, c) => n + c.byteCount, 0)
})

describe("ParsePool", () => {
  it("a reading yields what parsing the whole input at once does, wherever the chunks fall and however many are parsed here or on the threads (property)", async () => {
    const text = new TextEncoder().encode(ledger(400))
    const expected = contentOf([parseBytes(text, 1)])
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 200, max: 20_000 }), fc.integer({ min: 0, max: text.length + 1000 }), fc.integer({ min: 1, max: 4_096 }), async (chunkBytes, inlineBytes, piece) => {
        const pool = ParsePool.makePool({ workers: 1, chunkBytes, inlineBytes })
        try {
          const source = (async function*() {
            for (let at = 0; at < text.length; at += piece) yield text.slice(at, at + piece)
          })()
          const chunks: Array<ParsedChunk> = []
          for await (const chunk of pool.parse(source)) chunks.push(chunk)
          assert.deepStrictEqual(contentOf(chunks), expected)
        } finally {
          await pool.close()
        }
      }),
      { seed: 1115, numRuns: 8 }
    )
  })

  it("a reading of a closed pool ends with PoolStopped, a tagged error naming why", async () => {
    const pool = ParsePool.makePool({ workers: 1 })
    await pool.close()
    const failure = await pool.parse(bytesOf("{}\n")).next().then(() => undefined, (error: unknown) => error)
    assert.instanceOf(failure, ParsePool.PoolStopped)
    assert.deepInclude(failure, { _tag: "PoolStopped", reason: "the import was stopped" })
    assert.strictEqual((failure as ParsePool.PoolStopped).message, "the import was stopped")
    assert.instanceOf(failure, Error)
  })

  it.effect("a parse thread that throws fails the import with PoolStopped naming the thread's error, not a defect", () =>
    Effect.gen(function*() {
      const failure = yield* importFailure("{}\n")
      assert.strictEqual(failure._tag, "PoolStopped")
      assert.strictEqual(failure.message, "a parsing thread failed: boom in the parser")
    }))

  it.effect("a parse thread that exits fails the import with PoolStopped naming its exit code", () =>
    Effect.gen(function*() {
      const failure = yield* importFailure("exit\n")
      assert.strictEqual(failure._tag, "PoolStopped")
      assert.strictEqual(failure.message, "a parsing thread stopped (exit code 3)")
    }))

  it("interrupting the fiber that holds a scoped pool terminates its threads", async () => {
    const before = threads()
    // A reading that waits forever on its source, as an import waits on a terminal's standard input.
    const source = (async function*() {
      yield new TextEncoder().encode("{}\n")
      await new Promise<never>(() => {})
    })()
    const fiber = Effect.runFork(Effect.scoped(Effect.gen(function*() {
      const pool = yield* ParsePool.scoped
      const chunks = pool.parse(source)
      for (;;) yield* Effect.promise(() => chunks.next())
    })).pipe(Effect.provideService(ParsePool.Settings, { ...ParsePool.Settings.defaultValue(), workers: 2, inlineBytes: 0 })))
    assert.isTrue(await eventually(() => threads() >= before + 2), "the pool's two threads started")
    const exit = await Effect.runPromise(Fiber.interrupt(fiber).pipe(Effect.andThen(Fiber.await(fiber))))
    assert.isTrue(Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause))
    assert.isTrue(await eventually(() => threads() <= before), "the pool's threads were terminated")
  })
})
