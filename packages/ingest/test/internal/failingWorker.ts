/** A parse thread that fails on its first chunk, for the pool's failure tests: it exits with code 3 when the chunk says `exit`, and throws otherwise. */
import { parentPort } from "node:worker_threads"

parentPort!.on("message", (job: { readonly bytes: Uint8Array }) => {
  if (new TextDecoder().decode(job.bytes).includes("exit")) process.exit(3)
  throw new Error("boom in the parser")
})
