/** The append decision alone, given what a store holds and when a request comes: what it writes, answers or rejects. */
import { assert, describe, it } from "@effect/vitest"
import { EncodedEvent, type ProjectEvent } from "@groundbreak/domain"
import { AppendDecision, type EncodedAppendRequest, type ExpectedVersion, type StoredRef } from "../src/index.ts"

const signed = (projectId: string, eventId: string, name = "风电叶片"): EncodedEvent.EncodedEvent =>
  EncodedEvent.encode({
    eventId,
    projectId,
    type: "ProjectSigned",
    occurredOn: "2020-01-05",
    knownAt: "2020-01-06T10:00:00+08:00",
    data: { name, district: "海州区", sector: "industrial", totalInvestment: 30000 }
  } satisfies ProjectEvent.ProjectEvent)

const request = (projectId: string, events: ReadonlyArray<EncodedEvent.EncodedEvent>, expected: ExpectedVersion): EncodedAppendRequest =>
  ({ projectId, events, expected })

/** A store holding `held` (each at the end of its stream, in order). */
const given = (held: ReadonlyArray<EncodedEvent.EncodedEvent>) => {
  const versions = new Map<string, number>()
  const holders = new Map<string, StoredRef>()
  held.forEach((e, i) => {
    const version = (versions.get(e.projectId) ?? 0) + 1
    versions.set(e.projectId, version)
    holders.set(e.eventId, { projectId: e.projectId, json: e.json, position: i + 1, version })
  })
  const known: AppendDecision.Known = { head: held.length, versionOf: (p) => versions.get(p) ?? 0, holderOf: (id) => holders.get(id) }
  return { when: (...requests: ReadonlyArray<EncodedAppendRequest>) => AppendDecision.decide(requests, known) }
}

const decided = (outcome: AppendDecision.Decision | AppendDecision.Rejection): AppendDecision.Decision => {
  if (AppendDecision.isRejection(outcome)) throw new Error(`expected a decision, got ${outcome._tag}: ${outcome.message}`)
  return outcome
}
const rejected = (outcome: AppendDecision.Decision | AppendDecision.Rejection): AppendDecision.Rejection => {
  if (!AppendDecision.isRejection(outcome)) throw new Error("expected a rejection")
  return outcome
}

describe("AppendDecision.decide", () => {
  it("writes new events after the head, each stream from its version", () => {
    const d = decided(given([signed("A", "a1")]).when(request("A", [signed("A", "a2")], 1), request("B", [signed("B", "b1")], "noStream")))
    assert.deepStrictEqual(d.writes.map((w) => [w.request.projectId, w.firstPosition, w.versionBefore]), [["A", 2, 1], ["B", 3, 0]])
    assert.deepStrictEqual([...d.versions], [["A", 2], ["B", 1]])
    assert.strictEqual(d.head, 3)
    assert.deepStrictEqual(d.results.map((r) => [r.firstPosition, r.lastPosition, r.version, r.written]), [[2, 2, 2, true], [3, 3, 1, true]])
  })

  it("a later request of one append sees what an earlier one writes: versions and ids", () => {
    const d = decided(given([]).when(request("A", [signed("A", "a1")], "noStream"), request("A", [signed("A", "a2")], 1)))
    assert.deepStrictEqual(d.results.map((r) => r.version), [1, 2])
    const again = decided(given([]).when(request("A", [signed("A", "a1")], "noStream"), request("A", [signed("A", "a1")], "noStream")))
    assert.deepStrictEqual(again.results[1], { projectId: "A", firstPosition: 1, lastPosition: 1, version: 1, written: false })
    assert.strictEqual(again.writes.length, 1)
  })

  it("a re-send returns the original result and writes nothing, whatever version it expects", () => {
    const d = decided(given([signed("A", "a1"), signed("B", "b1")]).when(request("A", [signed("A", "a1")], "noStream")))
    assert.deepStrictEqual(d.results, [{ projectId: "A", firstPosition: 1, lastPosition: 1, version: 1, written: false }])
    assert.deepStrictEqual([d.writes, d.head], [[], 2])
  })

  it("rejects a different event under a used id, an id of another project, and a mix of stored and new events", () => {
    const store = given([signed("A", "a1")])
    assert.deepInclude(rejected(store.when(request("A", [signed("A", "a1", "另一个")], "any"))), { _tag: "EventIdConflict", reason: "already used by a different event" })
    assert.deepInclude(rejected(store.when(request("B", [signed("B", "a1")], "any"))), { _tag: "EventIdConflict", reason: "already used by an event of project A" })
    assert.deepInclude(rejected(store.when(request("A", [signed("A", "a1"), signed("A", "a2")], "any"))), { _tag: "EventIdConflict", eventId: "a2" })
  })

  it("rejects the whole append at its first failing request", () => {
    const outcome = given([signed("B", "b1")]).when(request("A", [signed("A", "a1")], "noStream"), request("B", [signed("B", "b2")], "noStream"))
    assert.deepInclude(rejected(outcome), { _tag: "VersionConflict", projectId: "B", expected: "noStream", actual: 1 })
  })

  it("rejects a malformed request: an event of another stream, an id twice, a negative version", () => {
    const store = given([])
    assert.strictEqual(rejected(store.when(request("A", [signed("B", "b1")], "any")))._tag, "InvalidAppend")
    assert.strictEqual(rejected(store.when(request("A", [signed("A", "x"), signed("A", "x")], "any")))._tag, "InvalidAppend")
    assert.strictEqual(rejected(store.when(request("A", [], -1)))._tag, "InvalidAppend")
  })

  it("an empty request checks its expected version and writes nothing", () => {
    const store = given([signed("A", "a1")])
    assert.deepStrictEqual(decided(store.when(request("A", [], 1))).results, [{ projectId: "A", firstPosition: 0, lastPosition: 0, version: 1, written: false }])
    assert.strictEqual(rejected(store.when(request("A", [], "noStream")))._tag, "VersionConflict")
  })
})
