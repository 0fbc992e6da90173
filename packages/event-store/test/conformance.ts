/**
 * The event-store contract, written once and run against every
 * implementation: expected versions, idempotency by event id, dense
 * positions, atomic batches, reads and the knowledge-cut replay.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, type Layer, Stream } from "effect"
import * as fc from "fast-check"
import { EncodedEvent, ProjectEvent } from "@groundbreak/domain"
import { EncodedBatch, EventStore, type StoreError, type Upcasting } from "../src/index.ts"

let counter = 0
const signed = (projectId: string, eventId = `e${++counter}`, district = "海州区"): ProjectEvent.ProjectEvent => ({
  eventId,
  projectId,
  type: "ProjectSigned",
  occurredOn: "2020-01-05",
  knownAt: "2020-01-06T10:00:00+08:00",
  data: { name: "风电叶片", district, sector: "industrial", totalInvestment: 30000 }
})
const started = (projectId: string, knownAt = "2020-03-02T10:00:00+08:00"): ProjectEvent.ProjectEvent => ({
  eventId: `e${++counter}`,
  projectId,
  type: "ProjectStarted",
  occurredOn: "2020-03-01",
  knownAt,
  data: {}
})

/** `ms` (epoch milliseconds) written with the offset `offsetMinutes`, to the millisecond: `2020-05-01T08:00:00.000+08:00`. */
const instantIn = (ms: number, offsetMinutes: number): string => {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23)
  if (offsetMinutes === 0) return `${local}Z`
  const sign = offsetMinutes > 0 ? "+" : "-", abs = Math.abs(offsetMinutes)
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`
}

const failure = <A, E>(effect: Effect.Effect<A, E, EventStore>) =>
  Effect.flatMap(Effect.exit(effect), (exit) =>
    Exit.isFailure(exit) && exit.cause.reasons[0]?._tag === "Fail"
      ? Effect.succeed(exit.cause.reasons[0].error as E)
      : Effect.die(`expected a failure, got ${Exit.isSuccess(exit) ? "success" : "a defect"}`))

/** Stores opened on one storage (a memory log, a file, a schema), each with its own format options, as processes share a file. */
export type Opener = (options: Upcasting.Options) => Layer.Layer<EventStore, StoreError>

/** Runs the contract on the stores `storage` opens: each call of `storage` gives a fresh, empty storage. */
export const eventStoreConformance = (name: string, storage: () => Opener) =>
  describe(`EventStore conformance: ${name}`, () => {
    const makeLayer = () => storage()({})
    const test = (title: string, body: Effect.Effect<void, unknown, EventStore>) =>
      it.effect(title, () => Effect.provide(body, makeLayer()))

    test("noStream succeeds on a new stream and conflicts once the stream exists", Effect.gen(function*() {
      const store = yield* EventStore
      const result = yield* store.append("P1", [signed("P1")], "noStream")
      assert.deepStrictEqual(result, { projectId: "P1", firstPosition: 1, lastPosition: 1, version: 1, written: true })
      const error = yield* failure(store.append("P1", [started("P1")], "noStream"))
      assert.strictEqual(error._tag, "VersionConflict")
      assert.include(error.message, "the stream is at version 1")
    }))

    test("streamExists conflicts on a missing stream and succeeds on an existing one", Effect.gen(function*() {
      const store = yield* EventStore
      const error = yield* failure(store.append("P1", [signed("P1")], "streamExists"))
      assert.strictEqual(error._tag, "VersionConflict")
      yield* store.append("P1", [signed("P1")], "any")
      const result = yield* store.append("P1", [started("P1")], "streamExists")
      assert.strictEqual(result.version, 2)
    }))

    test("an exact version must equal the stream's current version", Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append("P1", [signed("P1")], 0)
      const error = yield* failure(store.append("P1", [started("P1")], 0))
      assert.deepInclude(error, { _tag: "VersionConflict", projectId: "P1", expected: "version 0", actual: 1 })
      const ok = yield* store.append("P1", [started("P1")], 1)
      assert.strictEqual(ok.version, 2)
    }))

    test("any never conflicts", Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append("P1", [signed("P1")], "any")
      const result = yield* store.append("P1", [started("P1")], "any")
      assert.deepStrictEqual([result.firstPosition, result.version], [2, 2])
    }))

    test("re-sending the same events returns the original result and writes nothing, even with a stale expected version", Effect.gen(function*() {
      const store = yield* EventStore
      const events = [signed("P1"), started("P1")]
      const first = yield* store.append("P1", events, "noStream")
      yield* store.append("P2", [signed("P2")], "noStream")
      const again = yield* store.append("P1", events, "noStream")
      assert.deepStrictEqual(again, { ...first, written: false })
      assert.strictEqual(yield* store.head, 3)
    }))

    test("a different event under a used id is an EventIdConflict, and nothing is written", Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append("P1", [signed("P1", "same-id")], "any")
      const changed = yield* failure(store.append("P1", [signed("P1", "same-id", "连云区")], "any"))
      assert.deepInclude(changed, { _tag: "EventIdConflict", eventId: "same-id" })
      const elsewhere = yield* failure(store.append("P2", [signed("P2", "same-id")], "any"))
      assert.strictEqual(elsewhere._tag, "EventIdConflict")
      const mixed = yield* failure(store.append("P1", [signed("P1", "same-id"), started("P1")], "any"))
      assert.strictEqual(mixed._tag, "EventIdConflict")
      assert.strictEqual(yield* store.head, 1)
    }))

    test("events must belong to the stream they are appended to", Effect.gen(function*() {
      const store = yield* EventStore
      const error = yield* failure(store.append("P1", [signed("P2")], "any"))
      assert.strictEqual(error._tag, "InvalidAppend")
      assert.strictEqual(yield* store.head, 0)
    }))

    test("positions are dense and in commit order across streams", Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append("A", [signed("A")], "noStream")
      yield* store.append("B", [signed("B"), started("B")], "noStream")
      yield* Effect.exit(store.append("A", [started("A")], "noStream")) // rejected: must leave no gap
      yield* store.append("A", [started("A")], 1)
      const all = yield* store.readAll(0, 100)
      assert.deepStrictEqual(all.map((r) => r.position), [1, 2, 3, 4])
      assert.deepStrictEqual(all.map((r) => [r.event.projectId, r.version]), [["A", 1], ["B", 1], ["B", 2], ["A", 2]])
    }))

    test("appendMany is atomic: one conflicting stream rejects the whole batch", Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append("B", [signed("B")], "noStream")
      const error = yield* failure(store.appendMany([
        { projectId: "A", events: [signed("A"), started("A")], expected: "noStream" },
        { projectId: "B", events: [started("B")], expected: "noStream" }
      ]))
      assert.strictEqual(error._tag, "VersionConflict")
      assert.strictEqual(yield* store.head, 1)
      assert.deepStrictEqual(yield* store.readStream("A"), [])
      const ok = yield* store.appendMany([
        { projectId: "A", events: [signed("A")], expected: "noStream" },
        { projectId: "A", events: [started("A")], expected: 1 }
      ])
      assert.deepStrictEqual(ok.map((r) => r.version), [1, 2])
    }))

    test("readStream, readAll paging and streamAll agree", Effect.gen(function*() {
      const store = yield* EventStore
      for (const p of ["A", "B", "C"]) yield* store.append(p, [signed(p), started(p)], "noStream")
      const stream = yield* store.readStream("B")
      assert.deepStrictEqual(stream.map((r) => [r.version, r.event.type]), [[1, "ProjectSigned"], [2, "ProjectStarted"]])
      const page = yield* store.readAll(2, 3)
      assert.deepStrictEqual(page.map((r) => r.position), [3, 4, 5])
      const streamed = yield* Stream.runCollect(store.streamAll({ batchSize: 4 }))
      assert.deepStrictEqual(streamed.map((r) => r.position), [1, 2, 3, 4, 5, 6])
      assert.deepStrictEqual(yield* Stream.runCollect(store.streamAll({ after: 5 })).pipe(Effect.map((rs) => rs.map((r) => r.position))), [6])
      const versions = yield* store.versions(["A", "Z"])
      assert.deepStrictEqual([...versions], [["A", 2], ["Z", 0]])
      const found = yield* store.findEvents([stream[0]!.event.eventId, "missing"])
      assert.deepStrictEqual([...found.keys()], [stream[0]!.event.eventId])
      assert.deepStrictEqual(new Set(streamed.map((r) => r.schemaVersion)), new Set([ProjectEvent.currentSchemaVersion]))
    }))

    test("replay returns only what was known by the cut, in position order", Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append("A", [signed("A"), started("A", "2020-05-01T00:00:00+08:00")], "noStream")
      yield* store.append("B", [signed("B")], "noStream")
      const cut = Date.parse("2020-04-30T23:59:59+08:00")
      const known = yield* Stream.runCollect(store.replay(cut, { batchSize: 1 }))
      assert.deepStrictEqual(known.map((e) => [e.projectId, e.type, e.position]), [["A", 0, 1], ["B", 0, 3]])
      assert.strictEqual(known[0]!.district, "海州区")
      const all = yield* Stream.runCollect(store.replay(Number.MAX_SAFE_INTEGER))
      assert.strictEqual(all.length, 3)
      const scanned: Array<unknown> = []
      yield* store.scan(cut, (e) => scanned.push({ ...e }))
      assert.deepStrictEqual(scanned, known.map((e) => ({ ...e })))
    }))

    /** What a store must return for the cut `cut`: the events with knownAt ≤ cut, in position order. */
    const knownByCut = (store: EventStore["Service"], cut: number) =>
      Effect.gen(function*() {
        const replayed = yield* Stream.runCollect(store.replay(cut, { batchSize: 2 }))
        const scanned: Array<number> = []
        yield* store.scan(cut, (e) => scanned.push(e.position))
        assert.deepStrictEqual(scanned, replayed.map((e) => e.position), "scan and replay apply the same cut")
        return replayed.map((e) => e.position)
      })

    test("the cut holds an event known at its exact millisecond, and not one known a millisecond later", Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append("M", [
        { ...signed("M"), knownAt: "2020-05-01T00:00:00.000+08:00" },
        { ...started("M"), knownAt: "2020-05-01T00:00:00.001+08:00" },
        { ...started("M"), eventId: `e${++counter}`, knownAt: "2020-04-30T23:59:59.999+08:00" }
      ], "noStream")
      const at = Date.parse("2020-05-01T00:00:00.000+08:00")
      assert.deepStrictEqual(yield* knownByCut(store, at - 1), [3])
      assert.deepStrictEqual(yield* knownByCut(store, at), [1, 3])
      assert.deepStrictEqual(yield* knownByCut(store, at + 1), [1, 2, 3])
    }))

    test("the cut compares instants, whatever offset the knowledge time was written in", Effect.gen(function*() {
      const store = yield* EventStore
      // One instant written three ways (China time, UTC, New York), and one an hour later written in China time.
      yield* store.append("Z", [{ ...signed("Z"), knownAt: "2020-05-01T08:00:00+08:00" }], "noStream")
      yield* store.append("U", [{ ...signed("U"), knownAt: "2020-05-01T00:00:00Z" }], "noStream")
      yield* store.append("Y", [{ ...signed("Y"), knownAt: "2020-04-30T20:00:00-04:00" }], "noStream")
      yield* store.append("L", [{ ...signed("L"), knownAt: "2020-05-01T09:00:00+08:00" }], "noStream")
      assert.deepStrictEqual(yield* knownByCut(store, Date.parse("2020-04-30T23:59:59.999Z")), [])
      assert.deepStrictEqual(yield* knownByCut(store, Date.parse("2020-04-30T19:00:00-05:00")), [1, 2, 3])
      assert.deepStrictEqual(yield* knownByCut(store, Date.parse("2020-05-01T08:59:59.999+08:00")), [1, 2, 3])
      assert.deepStrictEqual(yield* knownByCut(store, Date.parse("2020-05-01T01:00:00Z")), [1, 2, 3, 4])
    }))

    test("an event known later than it occurred is outside a cut between the two, and inside once it is known", Effect.gen(function*() {
      const store = yield* EventStore
      // Started on 2020-03-01 but reported only on 2020-06-15: a cut in April knows the signing, not the start.
      yield* store.append("R", [signed("R"), { ...started("R"), knownAt: "2020-06-15T10:00:00+08:00" }], "noStream")
      assert.deepStrictEqual(yield* knownByCut(store, Date.parse("2020-04-01T00:00:00+08:00")), [1])
      assert.deepStrictEqual(yield* knownByCut(store, Date.parse("2020-06-15T09:59:59.999+08:00")), [1])
      assert.deepStrictEqual(yield* knownByCut(store, Date.parse("2020-06-15T10:00:00+08:00")), [1, 2])
    }))

    test("for any cut, replay and scan return exactly the events known by it (property)", Effect.gen(function*() {
      const store = yield* EventStore
      const base = Date.parse("2020-05-01T00:00:00+08:00")
      // Knowledge times a few milliseconds to a few days around one instant, ties included, written in several offsets.
      const offsetsMs = fc.sample(fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -259_200_000, max: 259_200_000 })), { seed: 1105, numRuns: 40 })
      const zones = [480, 0, -300, 330]
      const events = offsetsMs.map((offset, i) => ({ ...signed(`K${i}`), knownAt: instantIn(base + offset, zones[i % zones.length]!) }))
      yield* store.appendMany(events.map((e) => ({ projectId: e.projectId, events: [e], expected: "noStream" as const })))
      const knownAt = offsetsMs.map((offset) => base + offset)
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(fc.oneof(fc.constantFrom(...knownAt).chain((k) => fc.constantFrom(k - 1, k, k + 1)), fc.integer({ min: base - 300_000_000, max: base + 300_000_000 })), async (cut) => {
            const positions = await Effect.runPromise(knownByCut(store, cut))
            assert.deepStrictEqual(positions, knownAt.flatMap((k, i) => k <= cut ? [i + 1] : []))
          }),
          { seed: 1105, numRuns: 60 }
        ))
    }))

    test("replay carries every compact field of plans and investment reports", Effect.gen(function*() {
      const store = yield* EventStore
      const envelope = { projectId: "A", occurredOn: "2021-01-15", knownAt: "2021-01-20T10:00:00+08:00" }
      yield* store.append("A", [
        { ...envelope, eventId: "plan", type: "AnnualPlanSet", data: { year: 2021, kind: "new", plannedInvestment: 12345.5, plannedStart: "2021-03" } },
        { ...envelope, eventId: "plan-c", type: "AnnualPlanSet", data: { year: 2022, kind: "continuing", plannedInvestment: 7 } },
        { ...envelope, eventId: "inv", type: "InvestmentReported", occurredOn: "2021-04-30", data: { period: "2021-04", amount: 99.25 } }
      ], "noStream")
      const compact = yield* Stream.runCollect(store.replay(Number.MAX_SAFE_INTEGER))
      assert.deepStrictEqual(compact.map(({ type, key, amount, isNew, plannedStart, district }) => ({ type, key, amount, isNew, plannedStart, district })), [
        { type: 1, key: 2021, amount: 12345.5, isNew: 1, plannedStart: 202103, district: null },
        { type: 1, key: 2022, amount: 7, isNew: 0, plannedStart: 0, district: null },
        { type: 8, key: 202104, amount: 99.25, isNew: 0, plannedStart: 0, district: null }
      ])
      assert.deepStrictEqual(compact.map((e) => [e.occurredOn, e.knownAt]).slice(0, 1), [[18642, Date.parse("2021-01-20T02:00:00Z")]])
    }))

    test("replay carries the year of a withdrawal from the plan", Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append("W", [
        { projectId: "W", occurredOn: "2021-07-01", knownAt: "2021-07-05T10:00:00+08:00", eventId: "w", type: "PlanWithdrawn", data: { year: 2021, reason: "调出" } }
      ], "noStream")
      const compact = yield* Stream.runCollect(store.replay(Number.MAX_SAFE_INTEGER))
      assert.deepStrictEqual(compact.map(({ type, key, occurredOn }) => ({ type, key, occurredOn })), [{ type: 9, key: 2021, occurredOn: 18809 }])
      assert.deepStrictEqual((yield* store.readStream("W"))[0]!.event.data, { year: 2021, reason: "调出" })
    }))

    const batchOf = (events: ReadonlyArray<ProjectEvent.ProjectEvent>) => EncodedBatch.fromEvents(events.map(EncodedEvent.encode))

    test("a bulk append writes in order, continues existing streams, and reports ids already held", Effect.gen(function*() {
      const store = yield* EventStore
      const before = signed("A", "held-before")
      yield* store.append("A", [before], "noStream")
      const a2 = started("A"), b1 = signed("B", "b1"), b2 = started("B")
      const result = yield* store.bulkAppend((writer) =>
        Effect.gen(function*() {
          assert.strictEqual(writer.firstPosition, 2)
          const first = yield* writer.write(batchOf([b1, before, a2]))
          const second = yield* writer.write(batchOf([{ ...b1 }, b2, { ...started("C"), eventId: "b1" }]))
          return { first, second, versionsBefore: writer.versionsBefore() }
        })
      )
      assert.deepStrictEqual(result.first.map((t) => [t.index, t.writtenEarlier, t.holder.position, t.holder.version]), [[1, false, 1, 1]])
      assert.deepStrictEqual(result.second.map((t) => [t.index, t.writtenEarlier, t.holder.position, t.holder.projectId]), [[0, true, 2, "B"], [2, true, 2, "B"]])
      assert.deepStrictEqual([...result.versionsBefore], [["A", 1]])
      const all = yield* store.readAll(0, 100)
      assert.deepStrictEqual(all.map((r) => [r.position, r.event.eventId, r.version]), [[1, "held-before", 1], [2, "b1", 1], [3, a2.eventId, 2], [4, b2.eventId, 2]])
      assert.deepStrictEqual(yield* store.versions(["A", "B", "C"]), new Map([["A", 2], ["B", 2], ["C", 0]]))
    }))

    test("a bulk append whose use fails leaves nothing behind, and the store takes writes afterwards", Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append("A", [signed("A")], "noStream")
      const error = yield* failure(store.bulkAppend((writer) =>
        Effect.gen(function*() {
          yield* writer.write(batchOf([started("A"), signed("N")]))
          return yield* Effect.fail("changed my mind")
        })
      ))
      assert.strictEqual(error, "changed my mind")
      assert.strictEqual(yield* store.head, 1)
      assert.deepStrictEqual(yield* store.versions(["A", "N"]), new Map([["A", 1], ["N", 0]]))
      const next = yield* store.append("N", [signed("N")], "noStream")
      assert.strictEqual(next.firstPosition, 2)
    }))

    test("a bulk append of more rows than one statement holds, with a taken id in the middle", Effect.gen(function*() {
      const store = yield* EventStore
      yield* store.append("P0", [signed("P0", "taken")], "noStream")
      const events = Array.from({ length: 300 }, (_, i) => i === 150 ? signed("P0", "taken") : signed(`P${i + 1}`, `bulk-${i}`))
      const taken = yield* store.bulkAppend((writer) => writer.write(batchOf(events)))
      assert.deepStrictEqual(taken.map((t) => [t.index, t.writtenEarlier]), [[150, false]])
      const all = yield* store.readAll(0, 1000)
      assert.deepStrictEqual(all.map((r) => r.position), Array.from({ length: 300 }, (_, i) => i + 1))
      assert.deepStrictEqual(all.slice(1).map((r) => r.event.eventId), events.filter((_, i) => i !== 150).map((e) => e.eventId))
    }))

    it.effect("after a format change, events written in the old version are read through the upcaster and new ones are written in the new version", () =>
      Effect.gen(function*() {
        const open = storage()
        const old = ProjectEvent.currentSchemaVersion
        const oldEvents = [signed("V", "v-signed"), started("V")]
        yield* Effect.provide(EventStore.use((s) => s.append("V", oldEvents, "noStream")), open({}))
        // The imagined next format prefixes every signed project's name with the format it was first written in.
        const upcasters = new Map([[old, (raw: Record<string, unknown>) =>
          raw["type"] === "ProjectSigned"
            ? { ...raw, data: { ...(raw["data"] as object), name: `v${old}:${(raw["data"] as { name: string }).name}` } }
            : raw]])
        const newer = open({ schemaVersion: old + 1, upcasters })
        const read = yield* Effect.provide(Effect.gen(function*() {
          const store = yield* EventStore
          yield* store.append("W", [signed("W", "w-signed")], "noStream")
          yield* store.bulkAppend((writer) => writer.write(batchOf([signed("X", "x-bulk")])))
          return {
            stream: yield* store.readStream("V"),
            all: yield* store.readAll(0, 10),
            found: yield* store.findEvents(["v-signed", "w-signed"]),
            // A re-sent event the upcaster leaves alone is recognized; one it changes is no longer the stored event.
            resent: yield* store.append("V", [oldEvents[1]!], "any"),
            changed: yield* failure(store.append("V", [oldEvents[0]!], "any"))
          }
        }), newer)
        assert.deepStrictEqual(read.all.map((r) => [r.event.eventId, r.schemaVersion]), [
          ["v-signed", old], [oldEvents[1]!.eventId, old], ["w-signed", old + 1], ["x-bulk", old + 1]
        ])
        const nameOf = (e: ProjectEvent.ProjectEvent | undefined) => (e?.data as { name?: string } | undefined)?.name
        assert.strictEqual(nameOf(read.stream[0]!.event), `v${old}:风电叶片`)
        assert.deepStrictEqual(read.stream[1]!.event, oldEvents[1])
        assert.strictEqual(nameOf(read.all[0]!.event), `v${old}:风电叶片`)
        assert.strictEqual(nameOf(read.found.get("v-signed")?.event), `v${old}:风电叶片`)
        assert.strictEqual(nameOf(read.found.get("w-signed")?.event), "风电叶片")
        assert.deepStrictEqual(read.resent, { projectId: "V", firstPosition: 2, lastPosition: 2, version: 2, written: false })
        assert.deepInclude(read.changed, { _tag: "EventIdConflict", eventId: "v-signed" })
        // Without the upcaster the old events cannot be read: a store error naming the version, not a defect.
        const missing = yield* Effect.provide(failure(EventStore.use((s) => s.readStream("V"))), open({ schemaVersion: old + 1 }))
        assert.strictEqual(missing._tag, "StoreError")
        assert.include(missing.message, `no upcaster from event schema version ${old}`)
      }))
  })
