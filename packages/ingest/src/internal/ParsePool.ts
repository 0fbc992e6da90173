/**
 * Parsing a byte stream of JSON Lines on worker threads: the stream is cut
 * into chunks of whole lines, each decoded by one of the workers, and the
 * results come back in order. Decoding (JSON and schema) is most of an
 * import's work, so this is where the cores pay. The pool is a scoped
 * resource ({@link scoped}): its threads stop when the scope closes, so
 * interrupting the fiber that holds it stops them. A thread that fails or
 * dies ends the reading with a {@link PoolStopped}, a tagged error naming
 * why, never a defect.
 */
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import { Context, Effect, Schema, type Scope } from "effect"
import { Interchange } from "@groundbreak/domain"
import { type ParsedChunk, parseBytes, parseWorkerReady, tooLongLine } from "./ParsedLines.ts"

const defaultChunkBytes = 1 << 20
const newline = 10

type Job =
  | { readonly bytes: Uint8Array; readonly firstLine: number }
  /** A line over the limit, skipped as it streamed past instead of being held. */
  | { readonly tooLong: { readonly line: number; readonly bytes: number } }

/**
 * Cuts a byte stream into chunks of whole lines, each with the number of its
 * first line. A line longer than `maxLine` bytes is never held: it becomes a
 * `tooLong` job, and its bytes are skipped up to its newline.
 */
async function* lineAlignedChunks(source: AsyncIterable<Uint8Array>, maxLine: number, chunkBytes: number): AsyncGenerator<Job> {
  let pending: Array<Uint8Array> = []
  let pendingLength = 0
  let nextLine = 1
  /** Bytes of the pending line after the last newline (the line being read). */
  let partial = 0
  let skipping: { line: number; bytes: number } | undefined
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
  for await (const whole of source) {
    let part = whole
    if (skipping !== undefined) {
      const end = part.indexOf(newline)
      if (end === -1) {
        skipping.bytes += part.length
        continue
      }
      skipping.bytes += end
      yield { tooLong: skipping }
      nextLine = skipping.line + 1
      skipping = undefined
      part = part.subarray(end + 1)
      if (part.length === 0) continue
    }
    pending.push(part)
    pendingLength += part.length
    const last = part.lastIndexOf(newline)
    partial = last === -1 ? partial + part.length : part.length - last - 1
    if (partial > maxLine) {
      // Hand on the whole lines before the long one, then skip it.
      if (pendingLength > partial) yield take(pendingLength - partial)
      skipping = { line: nextLine, bytes: partial }
      pending = []
      pendingLength = 0
      partial = 0
      continue
    }
    if (pendingLength < chunkBytes || last === -1) continue
    yield take(pendingLength - partial)
  }
  if (skipping !== undefined) yield { tooLong: skipping }
  else if (pendingLength > 0) yield take(pendingLength)
}

/**
 * A thread's start costs about 0.3 s of CPU from the TypeScript sources (less from the CLI's bundle) and every chunk
 * it parses is copied to it and back: on the 147,292-event world ledger (27 MB) an import that parsed on one thread
 * beside the writer took 1.9–2.0 s of CPU and 5.2–5.3 s, one that parsed on the writer's thread 1.3–1.4 s of CPU and
 * 2.3–2.8 s (two cores shared with other work). Larger inputs hand what is past the first 32 MiB to the threads, and
 * go on parsing here while the threads start.
 *
 * On two cores nothing goes to the threads: the second core is the store's (a SQLite file store inserts on a thread
 * of its own, a PostgreSQL server in its own process), and a parse thread would add a third busy thread and a second
 * copy of every chunk. On the 1,083,201-event generated ledger into SQLite, on two loaded cores, best of three:
 * 0.99 × the naive import, 10.99 s of CPU, decoding here; 0.61 ×, 12.02 s, with a parse thread past 32 MiB.
 */
const defaultInlineBytes = availableParallelism() > 2 ? 32 << 20 : Number.POSITIVE_INFINITY

/**
 * One worker per core but one, at most four: the thread that reads the file
 * keeps a core of its own. On two cores, two workers beside the writer took a
 * third more CPU (each worker loads the decoding modules) and were slower end
 * to end than one (and by default none is used there: see `defaultInlineBytes`).
 */
export const workerCount = (): number => Math.max(1, Math.min(4, availableParallelism() - 1))

/** The pool's threads stopped (the import was interrupted, or a thread died): the reading ends with this. */
export class PoolStopped extends Schema.TaggedError<PoolStopped>()("PoolStopped", { reason: Schema.String }) {
  override get message(): string {
    return this.reason
  }
}

/** How a pool is made: its number of threads, the longest line it reads, and the module each thread runs. */
export interface Settings {
  readonly workers: number
  /**
   * Bytes at the start of a reading parsed on the calling thread: a thread
   * costs a fixed start (loading the decoding modules) that a small input
   * does not repay. Past them, chunks go to the threads once one is running.
   */
  readonly inlineBytes: number
  /** Bytes of whole lines per chunk (a chunk ends at the first newline past them). */
  readonly chunkBytes: number
  readonly maxLine: number
  readonly workerUrl: URL
}

const parseWorkerUrl = new URL("./parseWorker.ts", import.meta.url)

/** The settings {@link scoped} pools are made with: {@link workerCount} threads running `parseWorker.ts`, unless provided otherwise. */
export const Settings = Context.Reference<Settings>("groundbreak/ingest/ParsePool/Settings", {
  defaultValue: () => ({ workers: workerCount(), inlineBytes: defaultInlineBytes, chunkBytes: defaultChunkBytes, maxLine: Interchange.maxLineBytes, workerUrl: parseWorkerUrl })
})

/**
 * Worker threads that decode chunks, started on the first reading and
 * stopped by `close` (which also ends a reading waiting on them).
 */
export interface ParsePool {
  /** Parses `source` on the pool's threads, yielding chunks in source order. One reading at a time; a pool serves many. */
  readonly parse: (source: AsyncIterable<Uint8Array>) => AsyncGenerator<ParsedChunk>
  readonly close: () => Promise<void>
}

/** A pool with `settings` (the defaults of {@link Settings} for what is not given); lines over `maxLine` bytes are errors. */
export const makePool = (settings: Partial<Settings> = {}): ParsePool => {
  const { workers, inlineBytes, chunkBytes, maxLine, workerUrl } = { ...Settings.defaultValue(), ...settings }
  /** Whether a thread is running: it has loaded its modules and said so ({@link parseWorkerReady}). */
  let running = false
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
      new Worker(workerUrl, { resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 48 } }))
    for (const worker of pool) {
      worker.on("message", (m: { id: number; chunk: ParsedChunk } | typeof parseWorkerReady) => {
        if (m === parseWorkerReady) {
          running = true
          return
        }
        if (reading !== undefined && m.id >= reading.base) reading.results.set(m.id - reading.base, m.chunk)
        notify()
      })
      worker.on("error", (error) => fail(new PoolStopped({ reason: `a parsing thread failed: ${error.message}` })))
      worker.on("exit", (code) => fail(closed ? new PoolStopped({ reason: "the import was stopped" }) : new PoolStopped({ reason: `a parsing thread stopped (exit code ${code})` })))
    }
    return pool
  }

  async function* parse(source: AsyncIterable<Uint8Array>): AsyncGenerator<ParsedChunk> {
    if (closed) throw new PoolStopped({ reason: "the import was stopped" })
    let bytesRead = 0
    /**
     * Whether the next chunk (of `bytes`) goes to a thread: once the reading is past the inline bytes, the threads are
     * started, and chunks are parsed here until one of them is running (with no inline bytes, every chunk goes to them).
     */
    const onThreads = (bytes: number): boolean => {
      bytesRead += bytes
      if (bytesRead <= inlineBytes) return false
      start()
      return running || inlineBytes === 0
    }
    if (inlineBytes === 0) start()
    const state = reading = { base: nextId, results: new Map<number, ParsedChunk>(), failure: undefined as unknown, wake: undefined as (() => void) | undefined }
    const waitForResult = () => new Promise<void>((resolve) => (state.wake = resolve))
    let sent = 0
    let received = 0
    try {
      const chunks = lineAlignedChunks(source, maxLine, chunkBytes)
      let exhausted = false
      while (!exhausted || received < sent) {
        while (!exhausted && sent - received < workers * 2) {
          const next = await chunks.next()
          if (next.done) {
            exhausted = true
            break
          }
          if (state.failure !== undefined) throw state.failure
          const job = next.value
          if ("tooLong" in job) state.results.set(sent, tooLongLine(job.tooLong.line, job.tooLong.bytes))
          else if (!onThreads(job.bytes.length)) state.results.set(sent, parseBytes(job.bytes, job.firstLine))
          else start()[sent % workers]!.postMessage({ id: state.base + sent, bytes: job.bytes, firstLine: job.firstLine }, [job.bytes.buffer as ArrayBuffer])
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

/** A pool made with the {@link Settings} in context, closed (its threads terminated) when the scope closes. */
export const scoped: Effect.Effect<ParsePool, never, Scope.Scope> = Effect.acquireRelease(
  Settings.useSync(makePool),
  (pool) => Effect.promise(() => pool.close())
)
