/**
 * The in-memory event store: the reference implementation of the contract,
 * for tests and for simulations that never touch disk.
 */
import { Effect, Layer, Option, Stream } from "effect"
import { CompactEvent, type ProjectEvent } from "@groundbreak/domain"
import * as AppendDecision from "./AppendDecision.ts"
import {
  type AppendRequest,
  type AppendResult,
  defaultBatchSize,
  EventIdConflict,
  EventStore,
  pagesOf,
  type RecordedEvent
} from "./EventStore.ts"

export const make = Effect.sync(() => {
  const log: Array<RecordedEvent> = []
  const compacts: Array<CompactEvent.CompactEvent> = []
  const streams = new Map<string, Array<number>>()
  const byId = new Map<string, RecordedEvent>()

  const appendManySync = (requests: ReadonlyArray<AppendRequest>): Array<AppendResult> | AppendDecision.Rejection => {
    // Stage everything first, so that a failure anywhere leaves the store untouched.
    const staged: Array<RecordedEvent> = []
    const stagedById = new Map<string, RecordedEvent>()
    const stagedVersions = new Map<string, number>()
    const results: Array<AppendResult> = []
    for (const request of requests) {
      const invalid = AppendDecision.checkRequest(request)
      if (invalid) return invalid
      const stored = new Map<string, RecordedEvent>()
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
      request.events.forEach((event, i) => {
        const recorded: RecordedEvent = {
          event,
          position: firstPosition + i,
          version: version + i + 1,
          schemaVersion: 1
        }
        staged.push(recorded)
        stagedById.set(event.eventId, recorded)
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
    for (const recorded of staged) {
      log.push(recorded)
      compacts.push(CompactEvent.compact(recorded.event, recorded.position))
      byId.set(recorded.event.eventId, recorded)
      let positions = streams.get(recorded.event.projectId)
      if (positions === undefined) streams.set(recorded.event.projectId, positions = [])
      positions.push(recorded.position)
    }
    return results
  }

  const appendMany = (requests: ReadonlyArray<AppendRequest>) =>
    Effect.suspend((): Effect.Effect<ReadonlyArray<AppendResult>, AppendDecision.Rejection> => {
      const outcome = appendManySync(requests)
      return Array.isArray(outcome) ? Effect.succeed(outcome) : Effect.fail(outcome)
    })

  const readAll = (after: number, limit: number) =>
    Effect.sync(() => log.slice(Math.max(0, after), Math.max(0, after) + limit))

  return EventStore.of({
    append: (projectId: string, events: ReadonlyArray<ProjectEvent.ProjectEvent>, expected) =>
      Effect.map(appendMany([{ projectId, events, expected }]), (results) => results[0]!),
    appendMany,
    readStream: (projectId) => Effect.sync(() => (streams.get(projectId) ?? []).map((p) => log[p - 1]!)),
    readAll,
    streamAll: (options) => pagesOf(readAll, options),
    replay: (knownBy, options) =>
      Stream.paginate(0, (after) =>
        Effect.sync(() => {
          const size = options?.batchSize ?? defaultBatchSize
          const batch = compacts.slice(after, after + size).filter((e) => e.knownAt <= knownBy)
          const next = after + size
          return [batch, next >= compacts.length ? Option.none() : Option.some(next)] as const
        })),
    versions: (projectIds) => Effect.sync(() => new Map(projectIds.map((id) => [id, streams.get(id)?.length ?? 0]))),
    findEvents: (eventIds) =>
      Effect.sync(() => {
        const found = new Map<string, RecordedEvent>()
        for (const id of eventIds) {
          const recorded = byId.get(id)
          if (recorded) found.set(id, recorded)
        }
        return found
      }),
    head: Effect.sync(() => log.length)
  })
})

export const layer: Layer.Layer<EventStore> = Layer.effect(EventStore, make)
