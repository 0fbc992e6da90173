/**
 * The in-memory store's bulk append: batches are held and written by one
 * `appendEncoded` at the end, each stream at the exact version it had when
 * the bulk append first touched it, so a writer that got in between makes
 * the commit fail rather than interleave.
 */
import { Effect } from "effect"
import { EncodedEvent, ProjectEvent } from "@groundbreak/domain"
import * as EncodedBatch from "../EncodedBatch.ts"
import {
  type BulkWriter,
  type EncodedAppendRequest,
  type EventStore,
  type IdTaken,
  StoreError,
  type StoredRef
} from "../EventStore.ts"

type Store = Pick<EventStore["Service"], "appendEncoded" | "findEvents" | "versions" | "head">

export const bulkAppend = <A, E, R>(store: Store, use: (writer: BulkWriter) => Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const firstPosition = (yield* store.head) + 1
    const staged: Array<EncodedEvent.EncodedEvent> = []
    const stagedById = new Map<string, StoredRef>()
    const versions = new Map<string, number>()
    const versionNow = new Map<string, number>()

    const write = (batch: EncodedBatch.EncodedBatch) =>
      Effect.gen(function*() {
        const unknownProjects = [...new Set(batch.projectId)].filter((p) => !versions.has(p))
        if (unknownProjects.length > 0) {
          for (const [p, v] of yield* store.versions(unknownProjects)) {
            versions.set(p, v)
            versionNow.set(p, v)
          }
        }
        const stored = yield* store.findEvents(batch.eventId.filter((id) => !stagedById.has(id)))
        const taken: Array<IdTaken> = []
        for (let i = 0; i < batch.length; i++) {
          const id = batch.eventId[i]!
          const earlier = stagedById.get(id)
          const before = stored.get(id)
          if (earlier !== undefined || before !== undefined) {
            taken.push({
              index: i,
              writtenEarlier: earlier !== undefined,
              holder: earlier ?? {
                projectId: before!.event.projectId,
                json: ProjectEvent.toJsonLine(before!.event),
                position: before!.position,
                version: before!.version
              }
            })
            continue
          }
          const event = EncodedBatch.eventAt(batch, i)
          const version = versionNow.get(event.projectId)! + 1
          versionNow.set(event.projectId, version)
          stagedById.set(id, { projectId: event.projectId, json: event.json, position: firstPosition + staged.length, version })
          staged.push(event)
        }
        return taken as ReadonlyArray<IdTaken>
      })

    const versionsBefore = () => new Map([...versions].filter(([p, v]) => v > 0 && versionNow.get(p)! > v))
    const result = yield* use({ firstPosition, write, versionsBefore })

    // One request per run of events of the same project keeps positions in the order written.
    const requests: Array<EncodedAppendRequest> = []
    const expected = new Map(versions)
    for (let start = 0; start < staged.length;) {
      const projectId = staged[start]!.projectId
      let end = start + 1
      while (end < staged.length && staged[end]!.projectId === projectId) end++
      const version = expected.get(projectId)!
      requests.push({ projectId, events: staged.slice(start, end), expected: version })
      expected.set(projectId, version + end - start)
      start = end
    }
    if (requests.length > 0) {
      yield* store.appendEncoded(requests).pipe(
        Effect.mapError((error) =>
          error instanceof StoreError ? error : new StoreError({ reason: `the bulk append could not commit: ${error.message}`, cause: error })
        )
      )
    }
    return result
  })
