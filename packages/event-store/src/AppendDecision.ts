/**
 * The append decision, written once (Emmett's `decide`): given what the
 * store holds (its head, the streams' versions, the events under the
 * requested ids) and the requests, {@link decide} returns what to write and
 * what to answer, or the rejection. It is pure: each store reads what the
 * decision needs inside its transaction, calls it, and writes what it says.
 */
import { EncodedEvent } from "@groundbreak/domain"
import {
  type AppendRequest,
  type AppendResult,
  describeExpected,
  type EncodedAppendRequest,
  EventIdConflict,
  type ExpectedVersion,
  InvalidAppend,
  type StoredRef,
  VersionConflict
} from "./EventStore.ts"

export type Rejection = VersionConflict | EventIdConflict | InvalidAppend

export type { StoredRef }

export const encodeRequests = (requests: ReadonlyArray<AppendRequest>): Array<EncodedAppendRequest> =>
  requests.map((r) => ({ projectId: r.projectId, expected: r.expected, events: r.events.map(EncodedEvent.encode) }))

/** A conflict when a stream at `version` does not meet `expected`; `undefined` when it does. */
export const checkExpected = (projectId: string, expected: ExpectedVersion, version: number): VersionConflict | undefined => {
  const ok = expected === "any" ||
    (expected === "noStream" && version === 0) ||
    (expected === "streamExists" && version > 0) ||
    (typeof expected === "number" && expected === version)
  return ok ? undefined : new VersionConflict({ projectId, expected: describeExpected(expected), actual: version })
}

/** Checks a request's shape: every event belongs to the stream, and ids are not repeated within it. */
export const checkRequest = (request: EncodedAppendRequest): InvalidAppend | undefined => {
  const seen = new Set<string>()
  for (const event of request.events) {
    if (event.projectId !== request.projectId) {
      return new InvalidAppend({
        projectId: request.projectId,
        reason: `event ${event.eventId} belongs to project ${event.projectId}`
      })
    }
    if (seen.has(event.eventId)) {
      return new InvalidAppend({ projectId: request.projectId, reason: `event id ${event.eventId} appears twice in one append` })
    }
    seen.add(event.eventId)
  }
  if (typeof request.expected === "number" && (!Number.isInteger(request.expected) || request.expected < 0)) {
    return new InvalidAppend({ projectId: request.projectId, reason: `expected version must be an integer ≥ 0, got ${request.expected}` })
  }
  return undefined
}

/** The conflict for an append whose event `eventId` is stored while others of it are new. */
export const mixedResend = (request: EncodedAppendRequest, eventId: string): EventIdConflict =>
  new EventIdConflict({
    eventId,
    projectId: request.projectId,
    reason: "the append mixes events already stored with new ones; send the new ones on their own"
  })

/**
 * Given the stored events that share ids with the request, decides whether
 * the request is a re-send (returns the original result), new (returns
 * `undefined`), or a conflict.
 */
export const resolveResend = (
  request: EncodedAppendRequest,
  stored: ReadonlyMap<string, StoredRef>
): AppendResult | EventIdConflict | undefined => {
  let found = 0
  for (const event of request.events) {
    const previous = stored.get(event.eventId)
    if (previous === undefined) continue
    found++
    if (previous.projectId !== request.projectId) {
      return new EventIdConflict({
        eventId: event.eventId,
        projectId: request.projectId,
        reason: `already used by an event of project ${previous.projectId}`
      })
    }
    if (previous.json !== event.json) {
      return new EventIdConflict({ eventId: event.eventId, projectId: request.projectId, reason: "already used by a different event" })
    }
  }
  if (found === 0) return undefined
  if (found < request.events.length) {
    return mixedResend(request, request.events.find((e) => !stored.has(e.eventId))!.eventId)
  }
  const recorded = request.events.map((e) => stored.get(e.eventId)!)
  return {
    projectId: request.projectId,
    firstPosition: Math.min(...recorded.map((r) => r.position)),
    lastPosition: Math.max(...recorded.map((r) => r.position)),
    version: Math.max(...recorded.map((r) => r.version)),
    written: false
  }
}

/** What a store holds, as far as an append's decision is concerned. */
export interface Known {
  /** The last position written (0 for an empty store). */
  readonly head: number
  /** A stream's current version (0 when it does not exist). */
  readonly versionOf: (projectId: string) => number
  /**
   * The event stored under an id, as a re-send is compared with it (its line
   * in the store's current format); `undefined` when the id is free, or
   * when the store leaves that id to its unique index.
   */
  readonly holderOf: (eventId: string) => StoredRef | undefined
}

/** One request's events to write, at consecutive positions and versions. */
export interface Write {
  readonly request: EncodedAppendRequest
  /** The position of its first event. */
  readonly firstPosition: number
  /** The stream's version before its first event. */
  readonly versionBefore: number
}

export interface Decision {
  /** The answer to each request, in order. */
  readonly results: ReadonlyArray<AppendResult>
  /** The requests to write, in order (re-sends and empty requests write nothing). */
  readonly writes: ReadonlyArray<Write>
  /** Each stream written to, with its version after the append. */
  readonly versions: ReadonlyMap<string, number>
  /** The last position after the append. */
  readonly head: number
}

/**
 * Decides an atomic append of `requests`, taken in order (a later request
 * sees what an earlier one writes): for each, its shape, then whether it
 * re-sends stored events (the original result) or conflicts with them, then
 * its expected version. The first rejection rejects the whole append.
 */
export const decide = (requests: ReadonlyArray<EncodedAppendRequest>, known: Known): Decision | Rejection => {
  const staged = new Map<string, StoredRef>()
  const versions = new Map<string, number>()
  const results: Array<AppendResult> = []
  const writes: Array<Write> = []
  let head = known.head
  for (const request of requests) {
    const invalid = checkRequest(request)
    if (invalid) return invalid
    const stored = new Map<string, StoredRef>()
    for (const event of request.events) {
      const holder = staged.get(event.eventId) ?? known.holderOf(event.eventId)
      if (holder !== undefined) stored.set(event.eventId, holder)
    }
    const resend = stored.size === 0 ? undefined : resolveResend(request, stored)
    if (resend !== undefined) {
      if (resend instanceof EventIdConflict) return resend
      results.push(resend)
      continue
    }
    const version = versions.get(request.projectId) ?? known.versionOf(request.projectId)
    const conflict = checkExpected(request.projectId, request.expected, version)
    if (conflict) return conflict
    const n = request.events.length
    results.push({
      projectId: request.projectId,
      firstPosition: n === 0 ? 0 : head + 1,
      lastPosition: n === 0 ? 0 : head + n,
      version: version + n,
      written: n > 0
    })
    if (n === 0) continue
    writes.push({ request, firstPosition: head + 1, versionBefore: version })
    request.events.forEach((e, i) =>
      staged.set(e.eventId, { projectId: request.projectId, json: e.json, position: head + 1 + i, version: version + i + 1 })
    )
    versions.set(request.projectId, version + n)
    head += n
  }
  return { results, writes, versions, head }
}

/** Whether `decide` rejected the append. */
export const isRejection = <A extends object>(outcome: A | Rejection): outcome is Rejection => "_tag" in outcome
