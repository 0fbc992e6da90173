/**
 * The quick decoder never vouches for what the schema rejects, returns what
 * the schema returns (field order included, so canonical lines agree), and
 * takes every well-formed event (so imports actually go the fast way).
 */
import fc from "fast-check"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Calendar, EncodedEvent, EventFields, EventTypes, ProjectEvent, QuickDecode } from "../src/index.ts"

/** Hostile text: lone surrogates, NUL, control characters, RTL marks, full-width digits, formula prefixes. */
const hostile = fc.constantFrom("\ud800-1", "a\udc00", "P\u0000", "\u0000", "\t\r\n", "\u202e区", "１２３", "=SUM(A1)", "+1", "@x", "😀")
const text = fc.oneof(fc.constantFrom("P-1", "海州区", "industrial", " ", "", "\u3000", " x "), fc.string({ maxLength: 4, unit: "binary" }), hostile)
const money = fc.oneof(fc.constantFrom(0, 1, 12.5, -1, -0, 30_000, 1e12, 999_999_999_999.9, 1e308), fc.double({ noNaN: true }))
const date = fc.constantFrom("2020-02-29", "2021-02-29", "2020-13-01", "2020-1-01", "2019-11-03", "2019-11-05", "2019-11-06", "x")
const instant = fc.constantFrom(
  "2019-11-05T10:00:00+08:00", "2019-11-05T10:00+08:00", "2019-11-05T24:00:00Z", "2019-11-05", "2019-11-05T10:00:00.5Z",
  "2019-11-05T10:00:00.0001Z", "2019-11-04T16:00:00Z", "2019-11-04T15:59:59.999Z", "2020-04-01T00:00:00+08:00", "2020-03-31T23:59:59+08:00"
)
const month = fc.constantFrom("2020-03", "2020-13", "2020-3", "2020-03-01", "2019-10", "2019-11")
const year = fc.oneof(fc.constantFrom(1899, 1900, 2020, 2200, 2201, 2020.5), fc.integer())
/** Anything JSON can hold in place of a field. */
const stray = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 3 }), fc.constant([]), fc.constant({}))

/** Values for a field of each kind, valid and not. */
const valueOf: Record<EventFields.FieldKind, fc.Arbitrary<unknown>> = {
  text,
  reason: fc.oneof(text, stray),
  wan: money,
  year,
  planKind: fc.constantFrom("new", "continuing", "old"),
  month
}

/** The data of an event type, from its fields as declared in `EventTypes`. */
const dataOf = (type: ProjectEvent.EventType): fc.Arbitrary<Record<string, unknown>> => {
  const fields = Object.entries(EventTypes.of(type).data)
  if (fields.length === 0) return fc.constant({})
  return fc.record(Object.fromEntries(fields.map(([name, field]) => [name, valueOf[field.kind]])), {
    requiredKeys: fields.filter(([, field]) => !field.optional).map(([name]) => name)
  })
}

const wellTyped = fc.constantFrom(...ProjectEvent.eventTypes).chain((type) =>
  fc.record({ eventId: text, projectId: text, type: fc.constant<string>(type), occurredOn: date, knownAt: instant, data: dataOf(type) })
)

/** A well-typed candidate, then perhaps broken: a field removed, replaced by a stray value, or an unknown field added. */
const candidate = fc.tuple(wellTyped, fc.nat({ max: 3 }), fc.constantFrom("eventId", "type", "occurredOn", "data", "knownAt", "extra"), stray)
  .map(([event, how, field, value]): unknown => {
    const copy: Record<string, unknown> = { ...event, data: { ...event.data } }
    if (how === 1) delete copy[field]
    if (how === 2) copy[field] = value
    if (how === 3) (copy["data"] as Record<string, unknown>)[field] = value
    return JSON.parse(JSON.stringify(copy))
  })

const bySchema = (raw: unknown) => ProjectEvent.decodeProjectEvent(raw)

describe("the quick decoder", () => {
  it("vouches only for what the schema accepts, and returns the schema's value field for field, in order", () =>
    fc.assert(fc.property(candidate, (raw) => {
      const quick = QuickDecode.decode(raw)
      if (quick === undefined) return
      const schema = bySchema(raw)
      expect(Result.isSuccess(schema)).toBe(true)
      if (Result.isSuccess(schema)) {
        expect(JSON.stringify(quick)).toBe(JSON.stringify(schema.success))
        // The canonical line, built from parts, is what JSON.stringify writes for the event in the contract's key order.
        const { eventId, projectId, type, occurredOn, knownAt, data } = schema.success
        expect(ProjectEvent.toJsonLine(schema.success)).toBe(JSON.stringify({ eventId, projectId, type, occurredOn, knownAt, data }))
      }
    }), { numRuns: 20_000 }))

  it("takes every event the schema accepts whose canonical line it reads back", () =>
    fc.assert(fc.property(candidate, (raw) => {
      const schema = bySchema(raw)
      if (Result.isFailure(schema)) return
      const canonical = JSON.parse(ProjectEvent.toJsonLine(schema.success))
      expect(QuickDecode.decode(canonical)).toEqual(schema.success)
    }), { numRuns: 20_000 }))

  it("gives with each event it vouches for the times it read, and the import's encoding from them is the encoding from the event", () =>
    fc.assert(fc.property(candidate, (raw) => {
      const timed = QuickDecode.decodeTimed(raw)
      expect(timed?.event).toEqual(QuickDecode.decode(raw))
      if (timed === undefined) return
      expect(timed.day).toBe(Calendar.parseDate(timed.event.occurredOn))
      expect(timed.known).toBe(Calendar.parseInstant(timed.event.knownAt))
      expect(EncodedEvent.encodePartsTimed(timed.event, timed.day, timed.known)).toEqual(EncodedEvent.encodeParts(timed.event))
    }), { numRuns: 20_000 }))
})
