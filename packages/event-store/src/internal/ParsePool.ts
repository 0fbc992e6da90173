/**
 * Parsing a byte stream of JSON Lines on worker threads: the stream is cut
 * into chunks of whole lines, each decoded by one of the workers, and the
 * results come back in order. Decoding (JSON and schema) is most of an
 * import's work, so this is where the cores pay. The pool is a resource its
 * user closes (the import holds it in a scope, so an interrupted import stops
 * its threads); a thread that dies ends the reading with an error.
 */
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import { Data } from "effect"
import type { ParsedChunk } from "./ParsedLines.ts"

const chunkBytes = 1 << 20
const newline = 10

/** Cuts a byte stream into chunks of whole lines, each with the number of its first line. */
async function* lineAlignedChunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<{ bytes: Uint8Array; firstLine: number }> {
  let pending: Array<Uint8Array> = []
  let pendingLength = 0
  let nextLine = 1
  const take = (upTo: number) => {
    const bytes = new Uint8Array(upTo)
    let offset = 0
    const rest: Array<Uint8Array> = []
    for (const part of pending) {
      const room = upTo - offset
      if (room >= part.length) {
        bytes.set(part, offset)
        offset += part.length
      } else {
        if (room > 0) bytes.set(part.subarray(0, room), offset)
        rest.push(part.subarray(Math.max(0, room)))
        offset = upTo
      }
    }
    pending = rest
    pendingLength -= upTo
    let lines = 0
    for (let i = bytes.indexOf(newline); i !== -1; i = bytes.indexOf(newline, i + 1)) lines++
    const chunk = { bytes, firstLine: nextLine }
    nextLine += lines
    return chunk
  }
  for await (const part of source) {
    pending.push(part)
    pendingLength += part.length
    if (pendingLength < chunkBytes) continue
    const last = part.lastIndexOf(newline)
    if (last === -1) continue
    yield take(pendingLength - (part.length - last - 1))
  }
  if (pendingLength > 0) yield take(pendingLength)
}

export const workerCount = (): number => Math.max(1, Math.min(4, availableParallelism()))

/** The pool's threads stopped (the import was interrupted, or a thread died): the reading ends with this. */
export class PoolStopped extends Data.TaggedError("PoolStopped")<{ readonly reason: string }> {
  override get message(): string {
    return this.reason
  }
}

/**
 * Worker threads that decode chunks, started on the first reading and
 * stopped by `close` (which also ends a reading waiting on them).
 */
export interface ParsePool {
  /** Parses `source` on the pool's threads, yielding chunks in source order. One reading at a time; a pool serves many. */
  readonly parse: (source: AsyncIterable<Uint8Array>) => AsyncGenerator<ParsedChunk>
  readonly close: () => Promise<void>
}

export const makePool = (workers = workerCount()): ParsePool => {
  let pool: Array<Worker> | undefined
  let closed = false
  /** Chunk ids run on across readings, so a chunk still in flight from an abandoned reading is never taken for the next one's. */
  let nextId = 0
  /** The reading in progress: where results go and how to wake it. */
  let reading: { readonly base: number; readonly results: Map<number, ParsedChunk>; failure: unknown; wake: (() => void) | undefined } | undefined
  const notify = () => {
    const wake = reading?.wake
    if (reading !== undefined) reading.wake = undefined
    wake?.()
  }
  const fail = (failure: unknown) => {
    if (reading !== undefined && reading.failure === undefined) reading.failure = failure
    notify()
  }
  const start = (): Array<Worker> => {
    if (pool !== undefined) return pool
    // Small heaps: a worker holds one chunk at a time, and a large young generation only delays collection (and grows RSS).
    pool = Array.from({ length: workers }, () =>
      new Worker(new URL("./parseWorker.ts", import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 48 } }))
    for (const worker of pool) {
      worker.on("message", (m: { id: number; chunk: ParsedChunk }) => {
        if (reading !== undefined && m.id >= reading.base) reading.results.set(m.id - reading.base, m.chunk)
        notify()
      })
      worker.on("error", fail)
      worker.on("exit", (code) => fail(closed ? new PoolStopped({ reason: "the import was stopped" }) : new PoolStopped({ reason: `a parsing thread stopped (exit code ${code})` })))
    }
    return pool
  }

  async function* parse(source: AsyncIterable<Uint8Array>): AsyncGenerator<ParsedChunk> {
    if (closed) throw new PoolStopped({ reason: "the import was stopped" })
    const threads = start()
    const state = reading = { base: nextId, results: new Map<number, ParsedChunk>(), failure: undefined as unknown, wake: undefined as (() => void) | undefined }
    const waitForResult = () => new Promise<void>((resolve) => (state.wake = resolve))
    let sent = 0
    let received = 0
    try {
      const chunks = lineAlignedChunks(source)
      let exhausted = false
      while (!exhausted || received < sent) {
        while (!exhausted && sent - received < workers * 2) {
          const next = await chunks.next()
          if (next.done) {
            exhausted = true
            break
          }
          if (state.failure !== undefined) throw state.failure
          const { bytes, firstLine } = next.value
          threads[sent % workers]!.postMessage({ id: state.base + sent, bytes, firstLine }, [bytes.buffer as ArrayBuffer])
          sent++
          nextId = state.base + sent
        }
        while (state.results.has(received)) {
          const chunk = state.results.get(received)!
          state.results.delete(received)
          received++
          yield chunk
        }
        if (state.failure !== undefined) throw state.failure
        if (received < sent && !state.results.has(received)) await waitForResult()
      }
    } finally {
      if (reading === state) reading = undefined
    }
  }

  return {
    parse,
    close: async () => {
      closed = true
      fail(new PoolStopped({ reason: "the import was stopped" }))
      if (pool !== undefined) await Promise.all(pool.map((w) => w.terminate()))
    }
  }
}
