/**
 * What the SQLite store and its bulk-write thread (`sqliteBulkWorker.ts`)
 * say to each other: the thread's setup, requests answered in order, and
 * their responses. Types only.
 */
import type { EncodedBatch } from "../EncodedBatch.ts"
import type { Taken } from "./SqliteBulkWriter.ts"

/** How the thread opens its connection and writes. */
export interface Setup {
  readonly path: string
  /** Run on the new connection before the bulk write begins. */
  readonly pragmas: ReadonlyArray<string>
  /** Reads the row holding an event id (one `?`): a {@link RawHolder}. */
  readonly holderQuery: string
  readonly schemaVersion: number
  readonly secondaryIndexes: Readonly<Record<string, string>>
}

/** The stored row holding an event id, as read by the holder query; the store turns it into a `StoredRef`. */
export interface RawHolder {
  readonly position: number
  readonly version: number
  readonly schema_version: number
  readonly event_id: string
  readonly project_id: string
  readonly type: number
  readonly occurred_on: number
  readonly known_at_text: string | null
  readonly payload: string
}

export type Request =
  | { readonly op: "begin"; readonly id: number }
  | { readonly op: "write"; readonly id: number; readonly batch: EncodedBatch }
  | { readonly op: "finish"; readonly id: number }
  | { readonly op: "commit"; readonly id: number }
  | { readonly op: "rollback"; readonly id: number }

export type Response =
  | { readonly id: number; readonly error: { readonly message: string; readonly errcode: number | undefined } }
  | { readonly id: number; readonly firstPosition: number }
  | {
    readonly id: number
    readonly taken: ReadonlyArray<Taken<RawHolder>>
    /** Streams that existed before and were first written to in this batch, with their version before. */
    readonly extended: ReadonlyArray<readonly [string, number]>
  }
  | { readonly id: number }
