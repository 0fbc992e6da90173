/**
 * The in-memory event store: the reference implementation of the contract,
 * for tests and for simulations that never touch disk.
 */
import { Effect, Layer, Option, Stream } from "effect"
import { EncodedEvent, type ProjectEvent } from "@groundbreak/domain"
import * as AppendDecision from "./AppendDecision.ts"
import * as BufferedBulkAppend from "./internal/BufferedBulkAppend.ts"
import {
  type AppendRequest,
  type AppendResult,
  type EncodedAppendRequest,
  defaultBatchSize,
  EventIdConflict,
  EventStore,
  pagesOf,
  type RecordedEvent
} from "./EventStore.ts"

interface Stored extends AppendDecision.StoredRef {
  readonly encoded: EncodedEvent.EncodedEvent
}

export const make = Effect.sync(() => {
  const log: Array<Stored> = []
  const streams = new Map<string, Array<number>>()
  const byId = new Map<string, Stored>()

  const recorded = (s: Stored): RecordedEvent => ({
    event: EncodedEvent.decodeTrusted(s.encoded),
    position: s.position,
    version: s.version,
    schemaVersion: 1
  })

  const appendSync = (requests: ReadonlyArray<EncodedAppendRequest>): Array<AppendResult> | AppendDecision.Rejection => {
    // Stage everything first, so that a failure anywhere leaves the store untouched.
    const staged: Array<Stored> = []
    const stagedById = new Map<string, Stored>()
    const stagedVersions = new Map<string, number>()
    const results: Array<AppendResult> = []
    for (const request of requests) {
      const invalid = AppendDecision.checkRequest(request)
      if (invalid) return invalid
      const stored = new Map<string, Stored>()
      for (const event of request.events) {
        const previous = stagedById.get(event.eventId) ?? byId.get(event.eventId)
        if (previous) stored.set(event.eventId, previous)
      }
      const resend = AppendDecision.resolveResend(request, stored)
      if (resend !== undefined) {
        if (resend instanceof EventIdConflict) return resend
        results.push(resend)
        continue
      }
      const version = stagedVersions.get(request.projectId) ?? streams.get(request.projectId)?.length ?? 0
      const conflict = AppendDecision.checkExpected(request.projectId, request.expected, version)
      if (conflict) return conflict
      const firstPosition = log.length + staged.length + 1
      request.events.forEach((encoded, i) => {
        const entry: Stored = {
          encoded,
          projectId: encoded.projectId,
          json: encoded.json,
          position: firstPosition + i,
          version: version + i + 1
        }
        staged.push(entry)
        stagedById.set(encoded.eventId, entry)
      })
      stagedVersions.set(request.projectId, version + request.events.length)
      results.push({
        projectId: request.projectId,
        firstPosition: request.events.length === 0 ? 0 : firstPosition,
        lastPosition: request.events.length === 0 ? 0 : firstPosition + request.events.length - 1,
        version: version + request.events.length,
        written: request.events.length > 0
      })
    }
    for (const entry of staged) {
      log.push(entry)
      byId.set(entry.encoded.eventId, entry)
      let positions = streams.get(entry.projectId)
      if (positions === undefined) streams.set(entry.projectId, positions = [])
      positions.push(entry.position)
    }
    return results
  }

  const appendEncoded = (requests: ReadonlyArray<EncodedAppendRequest>) =>
    Effect.suspend((): Effect.Effect<ReadonlyArray<AppendResult>, AppendDecision.Rejection> => {
      const outcome = appendSync(requests)
      return Array.isArray(outcome) ? Effect.succeed(outcome) : Effect.fail(outcome)
    })

  const appendMany = (requests: ReadonlyArray<AppendRequest>) =>
    Effect.suspend(() => appendEncoded(AppendDecision.encodeRequests(requests)))

  const readAll = (after: number, limit: number) =>
    Effect.sync(() => log.slice(Math.max(0, after), Math.max(0, after) + limit).map(recorded))

  const service: EventStore["Service"] = EventStore.of({
    bulkAppend: (use) => BufferedBulkAppend.bulkAppend(service, use),
    append: (projectId: string, events: ReadonlyArray<ProjectEvent.ProjectEvent>, expected) =>
      Effect.map(appendMany([{ projectId, events, expected }]), (results) => results[0]!),
    appendMany,
    appendEncoded,
    readStream: (projectId) => Effect.sync(() => (streams.get(projectId) ?? []).map((p) => recorded(log[p - 1]!))),
    readAll,
    streamAll: (options) => pagesOf(readAll, options),
    replay: (knownBy, options) =>
      Stream.paginate(0, (after) =>
        Effect.sync(() => {
          const size = options?.batchSize ?? defaultBatchSize
          const batch = log.slice(after, after + size)
            .filter((s) => s.encoded.knownAt <= knownBy)
            .map((s) => ({ ...s.encoded, position: s.position }))
          const next = after + size
          return [batch, next >= log.length ? Option.none() : Option.some(next)] as const
        })),
    scan: (knownBy, visit) =>
      Effect.sync(() => {
        for (const s of log) {
          if (s.encoded.knownAt <= knownBy) visit({ ...s.encoded, position: s.position })
        }
      }),
    versions: (projectIds) => Effect.sync(() => new Map(projectIds.map((id) => [id, streams.get(id)?.length ?? 0]))),
    findEvents: (eventIds) =>
      Effect.sync(() => {
        const found = new Map<string, RecordedEvent>()
        for (const id of eventIds) {
          const entry = byId.get(id)
          if (entry) found.set(id, recorded(entry))
        }
        return found
      }),
    head: Effect.sync(() => log.length)
  })
  return service
})

export const layer: Layer.Layer<EventStore> = Layer.effect(EventStore, make)
