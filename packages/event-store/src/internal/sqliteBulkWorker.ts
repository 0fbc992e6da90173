/**
 * The thread a SQLite file store's bulk write runs on (`SqliteBulkThread`):
 * it opens a connection of its own and runs one {@link SqliteBulkWriter}
 * session, answering each request in turn, so that the importing thread
 * decodes the next chunk while this one inserts the last. It loads nothing
 * but `node:sqlite` and the writer, so it is ready almost at once.
 */
import { DatabaseSync } from "node:sqlite"
import { parentPort, workerData } from "node:worker_threads"
import type { EncodedBatch } from "../EncodedBatch.ts"
import type { Request, Response, RawHolder, Setup } from "./SqliteBulkProtocol.ts"
import * as SqliteBulkWriter from "./SqliteBulkWriter.ts"

const setup = workerData as Setup
const port = parentPort!

const reply = (response: Response) => port.postMessage(response)
const failure = (id: number, error: unknown): Response => ({
  id,
  error: {
    message: error instanceof Error ? error.message : String(error),
    errcode: (error as { errcode?: number } | undefined)?.errcode
  }
})

let conn: DatabaseSync | undefined
let session: SqliteBulkWriter.Session<RawHolder> | undefined
/** Streams that existed before the bulk write, written to, whose version then was already reported. */
const reported = new Set<string>()

/** The streams of `b` that existed before the bulk write and were written to, not reported yet: with their version then. */
const newlyExtended = (s: SqliteBulkWriter.Session<RawHolder>, b: EncodedBatch): Array<[string, number]> => {
  const found: Array<[string, number]> = []
  if (!s.metOldStreams()) return found
  for (const projectId of b.projectId) {
    if (reported.has(projectId)) continue
    const stream = s.stream(projectId)
    if (stream !== undefined && stream.before > 0 && stream.version > stream.before) {
      reported.add(projectId)
      found.push([projectId, stream.before])
    }
  }
  return found
}

const handle = (request: Request): Response => {
  switch (request.op) {
    case "begin": {
      conn = new DatabaseSync(setup.path)
      for (const pragma of setup.pragmas) conn.exec(pragma)
      const holder = conn.prepare(setup.holderQuery)
      session = SqliteBulkWriter.begin<RawHolder>(conn, {
        holderOf: (eventId) => holder.get(eventId) as RawHolder | undefined,
        schemaVersion: setup.schemaVersion,
        secondaryIndexes: setup.secondaryIndexes
      })
      return { id: request.id, firstPosition: session.firstPosition }
    }
    case "write": {
      const taken = session!.write(request.batch)
      return { id: request.id, taken, extended: newlyExtended(session!, request.batch) }
    }
    case "finish":
      session!.finish()
      return { id: request.id }
    case "commit":
      session!.commit()
      return { id: request.id }
    case "rollback":
      session?.rollback()
      conn?.close()
      conn = undefined
      return { id: request.id }
  }
}

port.on("message", (request: Request) => {
  let response: Response
  try {
    response = handle(request)
  } catch (error) {
    response = failure(request.id, error)
  }
  reply(response)
})
