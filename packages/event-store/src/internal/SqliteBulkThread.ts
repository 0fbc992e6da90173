/**
 * A SQLite file store's bulk write on a thread of its own: the thread opens
 * its own connection and runs the bulk writer there (`sqliteBulkWorker.ts`),
 * so that inserting one batch overlaps decoding the next on the importing
 * thread. On two cores the import's two halves, decoding and inserting, are
 * about the same work, and each gets a core. Requests are answered in order;
 * a thread that fails or exits fails what is waiting with the reason.
 */
import { Worker } from "node:worker_threads"
import type { EncodedBatch } from "../EncodedBatch.ts"
import type { RawHolder, Request, Response, Setup } from "./SqliteBulkProtocol.ts"
import type { Taken } from "./SqliteBulkWriter.ts"

export interface Written {
  readonly taken: ReadonlyArray<Taken<RawHolder>>
  readonly extended: ReadonlyArray<readonly [string, number]>
}

export interface BulkThread {
  readonly firstPosition: number
  readonly write: (batch: EncodedBatch) => Promise<Written>
  /**
   * Has the thread get the commit ready (stream versions, indexes built after the load) while this one goes on;
   * not awaited: a failure is the commit's.
   */
  readonly finish: () => void
  readonly commit: () => Promise<void>
  /** Rolls back what was not committed, closes the connection and stops the thread. */
  readonly close: () => Promise<void>
}

/** A database error from the thread, with SQLite's error code as `errcode` like `node:sqlite`'s own errors. */
const errorOf = (e: { readonly message: string; readonly errcode: number | undefined }): Error =>
  Object.assign(new Error(e.message), e.errcode === undefined ? {} : { errcode: e.errcode })

const workerUrl = new URL("./sqliteBulkWorker.ts", import.meta.url)

/** Starts the thread and begins the bulk write (taking the write lock); rejects, with the thread stopped, when it cannot. */
export const start = async (setup: Setup): Promise<BulkThread> => {
  const worker = new Worker(workerUrl, { workerData: setup })
  const waiting = new Map<number, { resolve: (r: Response) => void; reject: (e: Error) => void }>()
  let stopped: Error | undefined
  let nextId = 0
  const stop = (error: Error) => {
    stopped ??= error
    for (const w of waiting.values()) w.reject(stopped)
    waiting.clear()
  }
  worker.on("message", (response: Response) => {
    const w = waiting.get(response.id)
    waiting.delete(response.id)
    if (w === undefined) return
    if ("error" in response) w.reject(errorOf(response.error))
    else w.resolve(response)
  })
  worker.on("error", (error) => stop(new Error(`the bulk-write thread failed: ${error.message}`)))
  worker.on("exit", (code) => stop(new Error(`the bulk-write thread stopped (exit code ${code})`)))
  const ask = <R extends Response>(request: Omit<Request, "id">): Promise<R> => {
    if (stopped !== undefined) return Promise.reject(stopped)
    const id = nextId++
    return new Promise<R>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (r: Response) => void, reject })
      worker.postMessage({ ...request, id })
    })
  }
  let closed: Promise<void> | undefined
  const close = () =>
    closed ??= ask({ op: "rollback" }).then(() => undefined, () => undefined).finally(() => worker.terminate()).then(() => undefined)
  try {
    const { firstPosition } = await ask<Response & { firstPosition: number }>({ op: "begin" })
    let finishing: Promise<unknown> | undefined
    return {
      firstPosition,
      write: (batch) => ask<Response & Written>({ op: "write", batch } as Omit<Request, "id">),
      finish: () => {
        finishing ??= ask({ op: "finish" })
        finishing.catch(() => undefined)
      },
      commit: async () => {
        if (finishing !== undefined) await finishing
        await ask({ op: "commit" })
      },
      close
    }
  } catch (error) {
    await close()
    throw error
  }
}
