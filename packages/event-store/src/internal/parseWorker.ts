/**
 * A worker thread of the import's parse pool: decodes chunks of whole lines
 * and sends back their encoded events in columnar form.
 */
import { parentPort } from "node:worker_threads"
import { parseLines, splitLines, transferables } from "./ParsedLines.ts"

const decoder = new TextDecoder()

parentPort!.on("message", (job: { readonly id: number; readonly bytes: Uint8Array; readonly firstLine: number }) => {
  const chunk = parseLines(splitLines(decoder.decode(job.bytes)), job.firstLine, job.bytes.length)
  parentPort!.postMessage({ id: job.id, chunk }, transferables(chunk))
})
