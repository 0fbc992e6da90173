/**
 * Parsing a byte stream of JSON Lines on worker threads: the stream is cut
 * into chunks of whole lines, each decoded by one of the workers, and the
 * results come back in order. Decoding (JSON and schema) is most of an
 * import's work, so this is where the cores pay.
 */
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import { Interchange } from "@groundbreak/domain"
import { type ParsedChunk, tooLongLine } from "./ParsedLines.ts"

const chunkBytes = 1 << 20
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
async function* lineAlignedChunks(source: AsyncIterable<Uint8Array>, maxLine: number): AsyncGenerator<Job> {
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

export const workerCount = (): number => Math.max(1, Math.min(4, availableParallelism()))

/** Parses `source` on `workers` threads, yielding chunks in source order; lines over `maxLine` bytes are errors. */
export async function* parseInWorkers(
  source: AsyncIterable<Uint8Array>,
  workers = workerCount(),
  maxLine = Interchange.maxLineBytes
): AsyncGenerator<ParsedChunk> {
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
    const chunks = lineAlignedChunks(source, maxLine)
    let exhausted = false
    while (!exhausted || received < sent) {
      while (!exhausted && sent - received < workers * 2) {
        const next = await chunks.next()
        if (next.done) {
          exhausted = true
          break
        }
        const job = next.value
        if ("tooLong" in job) results.set(sent, tooLongLine(job.tooLong.line, job.tooLong.bytes))
        else pool[sent % workers]!.postMessage({ id: sent, bytes: job.bytes, firstLine: job.firstLine }, [job.bytes.buffer as ArrayBuffer])
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
