/**
 * Exporting a store in the interchange format: every event in position
 * order, one canonical JSON line each, so import → export → import is exact.
 */
import { Stream } from "effect"
import { ProjectEvent } from "@groundbreak/domain"
import { EventStore } from "./EventStore.ts"

/** The store's events as JSON lines (each without its newline), in position order. */
export const exportLines = (options?: { readonly batchSize?: number }) =>
  Stream.unwrap(EventStore.useSync((store) => store.streamAll(options))).pipe(
    Stream.map((recorded) => ProjectEvent.toJsonLine(recorded.event))
  )
