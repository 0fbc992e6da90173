/**
 * The in-memory event store: the reference implementation of the contract,
 * for tests and for simulations that never touch disk.
 */
import { Effect, Layer, Option, Stream } from "effect"
import { EncodedEvent, ProjectEvent } from "@groundbreak/domain"
import * as AppendDecision from "./AppendDecision.ts"
import * as BufferedBulkAppend from "./internal/BufferedBulkAppend.ts"
import * as StoredForm from "./internal/StoredForm.ts"
import * as KnowledgeCutRule from "./KnowledgeCutRule.ts"
import {
  type AppendRequest,
  type AppendResult,
  type EncodedAppendRequest,
  defaultBatchSize,
  EventStore,
  pagesOf,
  type RecordedEvent,
  StoreError
} from "./EventStore.ts"
import * as Upcasting from "./Upcasting.ts"

interface Stored extends AppendDecision.StoredRef {
  readonly encoded: EncodedEvent.EncodedEvent
  /** The format version the event was written in. */
  readonly schemaVersion: number
}

/** What a memory store holds. Stores made on one storage share it, as processes share a file. */
export interface Storage {
  readonly log: Array<Stored>
  readonly streams: Map<string, Array<number>>
  readonly byId: Map<string, Stored>
}

export const emptyStorage = (): Storage => ({ log: [], streams: new Map(), byId: new Map() })

export interface MemoryOptions extends Upcasting.Options {
  /** The storage to use (default: a new, empty one). */
  readonly storage?: Storage
}

export const makeWith = (options: MemoryOptions) => Effect.sync(() => {
  const { byId, log, streams } = options.storage ?? emptyStorage()
  const format = Upcasting.formatOf(options)

  const recorded = (s: Stored): RecordedEvent => ({
    event: s.schemaVersion === format.current
      ? EncodedEvent.decodeTrusted(s.encoded)
      : StoredForm.readPayload(s.json, s.schemaVersion, s.position, format),
    position: s.position,
    version: s.version,
    schemaVersion: s.schemaVersion
  })

  /** What the append rules compare a re-sent event with: its line in the current format. */
  const refOf = (s: Stored): AppendDecision.StoredRef =>
    s.schemaVersion === format.current ? s : { ...s, json: ProjectEvent.toJsonLine(recorded(s).event) }

  /** Decides the append on what the store holds, then writes what the decision says (nothing when it rejects). */
  const appendSync = (requests: ReadonlyArray<EncodedAppendRequest>): ReadonlyArray<AppendResult> | AppendDecision.Rejection => {
    const decision = AppendDecision.decide(requests, {
      head: log.length,
      versionOf: (projectId) => streams.get(projectId)?.length ?? 0,
      holderOf: (eventId) => {
        const held = byId.get(eventId)
        return held === undefined ? undefined : refOf(held)
      }
    })
    if (AppendDecision.isRejection(decision)) return decision
    for (const { firstPosition, request, versionBefore } of decision.writes) {
      let positions = streams.get(request.projectId)
      if (positions === undefined) streams.set(request.projectId, positions = [])
      request.events.forEach((encoded, i) => {
        const entry: Stored = {
          encoded,
          projectId: encoded.projectId,
          json: encoded.json,
          schemaVersion: format.current,
          position: firstPosition + i,
          version: versionBefore + i + 1
        }
        log.push(entry)
        byId.set(encoded.eventId, entry)
        positions.push(entry.position)
      })
    }
    return decision.results
  }

  const appendEncoded = (requests: ReadonlyArray<EncodedAppendRequest>) =>
    Effect.suspend((): Effect.Effect<ReadonlyArray<AppendResult>, AppendDecision.Rejection | StoreError> => {
      let outcome: ReturnType<typeof appendSync>
      try {
        outcome = appendSync(requests)
      } catch (cause) {
        return Effect.fail(new StoreError({ reason: `append failed: ${cause instanceof Error ? cause.message : String(cause)}`, cause }))
      }
      return AppendDecision.isRejection(outcome) ? Effect.fail(outcome) : Effect.succeed(outcome)
    })

  const appendMany = (requests: ReadonlyArray<AppendRequest>) =>
    Effect.suspend(() => appendEncoded(AppendDecision.encodeRequests(requests)))

  /** Reads through `recorded`, which fails on an old event that does not upcast. */
  const reading = <A>(what: string, read: () => A) =>
    Effect.try({
      try: read,
      catch: (cause) => new StoreError({ reason: `${what}: ${cause instanceof Error ? cause.message : String(cause)}`, cause })
    })

  const readAll = (after: number, limit: number) =>
    reading("readAll failed", () => log.slice(Math.max(0, after), Math.max(0, after) + limit).map(recorded))

  const service: EventStore["Service"] = EventStore.of({
    bulkAppend: (use) => BufferedBulkAppend.bulkAppend(service, use),
    append: (projectId: string, events: ReadonlyArray<ProjectEvent.ProjectEvent>, expected) =>
      Effect.map(appendMany([{ projectId, events, expected }]), (results) => results[0]!),
    appendMany,
    appendEncoded,
    readStream: (projectId) => reading("readStream failed", () => (streams.get(projectId) ?? []).map((p) => recorded(log[p - 1]!))),
    readAll,
    streamAll: (options) => pagesOf(readAll, options),
    replay: (knownBy, options) =>
      Stream.paginate(0, (after) =>
        Effect.sync(() => {
          const size = options?.batchSize ?? defaultBatchSize
          const batch = log.slice(after, after + size)
            .filter((s) => KnowledgeCutRule.isKnownBy(s.encoded.knownAt, knownBy))
            .map((s) => ({ ...s.encoded, position: s.position }))
          const next = after + size
          return [batch, next >= log.length ? Option.none() : Option.some(next)] as const
        })),
    scan: (knownBy, visit) =>
      Effect.sync(() => {
        for (const s of log) {
          if (KnowledgeCutRule.isKnownBy(s.encoded.knownAt, knownBy)) visit({ ...s.encoded, position: s.position })
        }
      }),
    versions: (projectIds) => Effect.sync(() => new Map(projectIds.map((id) => [id, streams.get(id)?.length ?? 0]))),
    findEvents: (eventIds) =>
      reading("finding events failed", () => {
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

export const make = makeWith({})

export const layer: Layer.Layer<EventStore> = Layer.effect(EventStore, make)

export const layerWith = (options: MemoryOptions): Layer.Layer<EventStore> => Layer.effect(EventStore, makeWith(options))
