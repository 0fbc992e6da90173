/**
 * The fields events are made of, each once: its schema (what `import`
 * accepts, with the message it gives) and the quick check of a parsed JSON
 * value that the fast decoder uses, which must accept nothing the schema
 * refuses. Money is in 万元.
 */
import { Schema } from "effect"
import * as Calendar from "./Calendar.ts"

/**
 * Text every store keeps exactly as written: valid Unicode (no lone
 * surrogate, which cannot be encoded) and no NUL (U+0000, which PostgreSQL
 * cannot store).
 */
export const isStorableText = (s: string): boolean => s.isWellFormed() && !s.includes("\u0000")

export const StorableText = Schema.String.check(
  Schema.makeFilter(isStorableText, { expected: "text of valid Unicode without NUL (U+0000) or lone surrogates" })
)

export const NonEmptyText = StorableText.check(
  Schema.makeFilter((s: string) => s.trim().length > 0, { expected: "a non-empty string" })
)

/** An ISO calendar date `YYYY-MM-DD` (valid time). */
export const IsoDate = Schema.String.check(
  Schema.makeFilter(Calendar.isDate, { expected: "an ISO date YYYY-MM-DD" })
)

/** An ISO date-time with offset and at most millisecond precision, e.g. `2019-11-05T10:00:00+08:00` (knowledge time). */
export const IsoInstant = Schema.String.check(
  Schema.makeFilter(Calendar.isMillisInstant, {
    expected: "an ISO date-time with offset and at most millisecond precision, e.g. 2019-11-05T10:00:00+08:00"
  })
)

/** A month `YYYY-MM`. */
export const IsoMonth = Schema.String.check(
  Schema.makeFilter(Calendar.isMonth, { expected: "a month YYYY-MM" })
)

/** The bound on any amount of money, in 万元: no project comes near 10^12 万元, and sums of amounts stay exact enough. */
export const maxWan = 1e12

/** Whether a value is an amount of money in 万元 the format takes: a number ≥ 0 and below {@link maxWan}. */
export const isWan = (value: unknown): value is number => typeof value === "number" && value >= 0 && value < maxWan

/** An amount of money in 万元: a number ≥ 0 and below 10^12. */
export const Wan = Schema.Number.check(Schema.makeFilter(isWan, { expected: "an amount in 万元 ≥ 0 and below 10^12" }))

const isYear = (y: unknown): y is number => Number.isInteger(y) && (y as number) >= 1900 && (y as number) <= 2200

export const Year = Schema.Int.check(
  Schema.makeFilter((y: number) => y >= 1900 && y <= 2200, { expected: "a year between 1900 and 2200" })
)

export const PlanKind = Schema.Literals(["new", "continuing"])
export type PlanKind = typeof PlanKind.Type

/**
 * One field of an event's `data`: the schema of its value (wrapped in
 * `Schema.optionalKey` when it may be left out) and the quick check of a
 * present value. `kind` names the field's vocabulary, so tests can generate
 * values for any event type's fields.
 */
export interface Field<S extends Schema.Struct.Fields[string] = Schema.Struct.Fields[string]> {
  readonly kind: FieldKind
  readonly schema: S
  readonly optional: boolean
  readonly is: (value: unknown) => boolean
}

export type FieldKind = "text" | "reason" | "wan" | "year" | "planKind" | "month"

const field = <S extends Schema.Struct.Fields[string]>(
  kind: FieldKind,
  schema: S,
  is: (value: unknown) => boolean,
  optional = false
): Field<S> => ({ kind, schema, is, optional })

const isText = (value: unknown): boolean => typeof value === "string" && value.trim().length > 0 && isStorableText(value)
const isMonthText = (value: unknown): boolean => typeof value === "string" && Calendar.parseMonth(value) !== undefined

/** Non-empty text (names, districts, sectors). */
export const text = field("text", NonEmptyText, isText)
/** An amount in 万元. */
export const wan = field("wan", Wan, isWan)
/** A plan year. */
export const year = field("year", Year, isYear)
/** `new` or `continuing`. */
export const planKind = field("planKind", PlanKind, (v) => v === "new" || v === "continuing")
/** A month `YYYY-MM`. */
export const month = field("month", IsoMonth, isMonthText)
/** A month `YYYY-MM` that may be left out. */
export const optionalMonth = field("month", Schema.optionalKey(IsoMonth), isMonthText, true)
/** A free-text reason that may be left out (and may be empty). */
export const reason = field("reason", Schema.optionalKey(StorableText), (v) => typeof v === "string" && isStorableText(v), true)

/**
 * Data with no fields. `Schema.Struct({})` lets any value through (a number,
 * an array, an object with unknown keys), so this one checks for `{}` itself.
 */
export const NoData = Schema.Struct({}).check(
  Schema.makeFilter((d: unknown) => typeof d === "object" && d !== null && !Array.isArray(d) && Object.keys(d).length === 0, {
    expected: "an empty object {}"
  })
)
