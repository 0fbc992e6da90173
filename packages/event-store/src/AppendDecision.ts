/**
 * The rules every store applies to an append, written once: the shape of a
 * request, the expected version check, and what a re-sent event means.
 * Stores call these inside their own transaction.
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
