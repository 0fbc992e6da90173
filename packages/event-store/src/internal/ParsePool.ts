/**
 * Parsing a byte stream of JSON Lines on worker threads: the stream is cut
 * into chunks of whole lines, each decoded by one of the workers, and the
 * results come back in order. Decoding (JSON and schema) is most of an
 * import's work, so this is where the cores pay.
 */
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
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

/**
 * One worker per core but one, at most four: the thread that reads the file
 * and writes the store keeps a core of its own. On two cores, two workers
 * beside the writer took a third more CPU (each worker loads the decoding
 * modules) and were slower end to end than one, which keeps pace with the writer.
 */
export const workerCount = (): number => Math.max(1, Math.min(4, availableParallelism() - 1))

/** Parses `source` on `workers` threads, yielding chunks in source order. */
export async function* parseInWorkers(source: AsyncIterable<Uint8Array>, workers = workerCount()): AsyncGenerator<ParsedChunk> {
  // Small heaps: a worker holds one chunk at a time, and a large young generation only delays collection (and grows RSS).
  const pool = Array.from({ length: workers }, () =>
    new Worker(new URL("./parseWorker.ts", import.meta.url), { resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 48 } }))
  const results = new Map<number, ParsedChunk>()
  let failure: unknown
  let wake: (() => void) | undefined
  const notify = () => {
    wake?.()
    wake = undefined
  }
  for (const worker of pool) {
    worker.on("message", (m: { id: number; chunk: ParsedChunk }) => {
      results.set(m.id, m.chunk)
      notify()
    })
    worker.on("error", (error) => {
      failure = error
      notify()
    })
  }
  const waitForResult = () => new Promise<void>((resolve) => (wake = resolve))
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
        const { bytes, firstLine } = next.value
        pool[sent % workers]!.postMessage({ id: sent, bytes, firstLine }, [bytes.buffer as ArrayBuffer])
        sent++
      }
      while (results.has(received)) {
        const chunk = results.get(received)!
        results.delete(received)
        received++
        yield chunk
      }
      if (failure !== undefined) throw failure
      if (received < sent && !results.has(received)) await waitForResult()
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()))
  }
}
