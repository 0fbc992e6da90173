/**
 * A worker thread of the import's parse pool: decodes chunks of whole lines
 * and sends back their encoded events in columnar form.
 */
import { parentPort } from "node:worker_threads"
import { parseBytes, parseWorkerReady, transferables } from "./ParsedLines.ts"

parentPort!.on("message", (job: { readonly id: number; readonly bytes: Uint8Array; readonly firstLine: number }) => {
  const chunk = parseBytes(job.bytes, job.firstLine)
  parentPort!.postMessage({ id: job.id, chunk }, transferables(chunk))
})

parentPort!.postMessage(parseWorkerReady)
