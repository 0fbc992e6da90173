/**
 * The events of a key project's life, in the JSON Lines interchange format.
 *
 * Every event carries two times: `occurredOn`, the date the fact happened
 * (valid time), and `knownAt`, the moment it was reported (knowledge time).
 * Money is in 万元 (10,000 yuan). The schema here is the contract that
 * `import` accepts and `export` writes.
 */
import { Schema } from "effect"
import * as Calendar from "./Calendar.ts"
import * as FactTiming from "./FactTiming.ts"

/**
 * Text every store keeps exactly as written: valid Unicode (no lone
 * surrogate, which cannot be encoded) and no NUL (U+0000, which PostgreSQL
 * cannot store).
 */
export const isStorableText = (s: string): boolean => s.isWellFormed() && !s.includes("\u0000")

const StorableText = Schema.String.check(
  Schema.makeFilter(isStorableText, { expected: "text of valid Unicode without NUL (U+0000) or lone surrogates" })
)

const NonEmptyText = StorableText.check(
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

export const Year = Schema.Int.check(
  Schema.makeFilter((y: number) => y >= 1900 && y <= 2200, { expected: "a year between 1900 and 2200" })
)

export const PlanKind = Schema.Literals(["new", "continuing"])
export type PlanKind = typeof PlanKind.Type

const Reason = Schema.optionalKey(StorableText)

const envelope = {
  eventId: NonEmptyText,
  projectId: NonEmptyText,
  occurredOn: IsoDate,
  knownAt: IsoInstant
}

/**
 * Data with no fields. `Schema.Struct({})` lets any value through (a number,
 * an array, an object with unknown keys), so this one checks for `{}` itself.
 */
const NoData = Schema.Struct({}).check(
  Schema.makeFilter((d: unknown) => typeof d === "object" && d !== null && !Array.isArray(d) && Object.keys(d).length === 0, {
    expected: "an empty object {}"
  })
)

/** An event is not known before it happened (see `FactTiming`): checked once its fields are valid. */
const knowable = Schema.makeFilter((e: {
  readonly type: string
  readonly occurredOn: string
  readonly knownAt: string
  readonly data: { readonly period?: string }
}) => {
  const period = e.data.period === undefined ? 0 : Calendar.parseMonth(e.data.period)!
  const reason = FactTiming.tooEarly(e.type, Calendar.parseDate(e.occurredOn)!, period, Calendar.parseInstant(e.knownAt)!)
  return reason === undefined ? undefined : { path: ["knownAt"], issue: reason }
})

const event = <const T extends string, const D extends Schema.Struct.Fields>(type: T, data: D) =>
  Schema.Struct({ ...envelope, type: Schema.Literal(type), data: Schema.Struct(data) }).check(knowable)

const eventWithoutData = <const T extends string>(type: T) =>
  Schema.Struct({ ...envelope, type: Schema.Literal(type), data: NoData }).check(knowable)

export const ProjectSigned = event("ProjectSigned", {
  name: NonEmptyText,
  district: NonEmptyText,
  sector: NonEmptyText,
  totalInvestment: Wan
})
export const AnnualPlanSet = event("AnnualPlanSet", {
  year: Year,
  kind: PlanKind,
  plannedInvestment: Wan,
  plannedStart: Schema.optionalKey(IsoMonth)
})
export const ProjectStarted = eventWithoutData("ProjectStarted")
export const ProjectToppedOut = eventWithoutData("ProjectToppedOut")
export const ProjectCommissioned = eventWithoutData("ProjectCommissioned")
export const ProjectSuspended = event("ProjectSuspended", { reason: Reason })
export const ProjectResumed = eventWithoutData("ProjectResumed")
export const ProjectCancelled = event("ProjectCancelled", { reason: Reason })
export const InvestmentReported = event("InvestmentReported", { period: IsoMonth, amount: Wan })
/**
 * The project leaves the year's list of key projects (调出年度计划) on
 * `occurredOn`: from that day it is no longer on the plan of `year`, until a
 * plan for that year becomes known after the withdrawal (re-listing).
 */
export const PlanWithdrawn = event("PlanWithdrawn", { year: Year, reason: Reason })

export const ProjectEvent = Schema.Union([
  ProjectSigned,
  AnnualPlanSet,
  ProjectStarted,
  ProjectToppedOut,
  ProjectCommissioned,
  ProjectSuspended,
  ProjectResumed,
  ProjectCancelled,
  InvestmentReported,
  PlanWithdrawn
])
export type ProjectEvent = typeof ProjectEvent.Type
export type EventType = ProjectEvent["type"]
export type EventOf<T extends EventType> = Extract<ProjectEvent, { readonly type: T }>

/** Every event type, in the order of their numeric codes (stored in the event store). */
export const eventTypes = [
  "ProjectSigned",
  "AnnualPlanSet",
  "ProjectStarted",
  "ProjectToppedOut",
  "ProjectCommissioned",
  "ProjectSuspended",
  "ProjectResumed",
  "ProjectCancelled",
  "InvestmentReported",
  "PlanWithdrawn"
] as const satisfies ReadonlyArray<EventType>

export const typeCode = (type: EventType): number => eventTypes.indexOf(type)

/** The current version of the interchange format; stored with every event for upcasting. */
export const currentSchemaVersion = 1

/** Strict decoding: unknown keys are errors, and every problem is reported, not just the first. */
export const decodeProjectEvent = Schema.decodeUnknownResult(ProjectEvent, {
  errors: "all",
  onExcessProperty: "error"
})

/**
 * The canonical JSON line of an event: keys in the contract's order, so that
 * export is deterministic and two events can be compared as strings.
 */
export const toJsonLine = (event: ProjectEvent): string =>
  jsonLineOf(event.eventId, event.projectId, event.type, event.occurredOn, event.knownAt, JSON.stringify(event.data))

/**
 * The canonical JSON line from its parts, `data` given as JSON: what
 * `JSON.stringify` writes for the event object, built without the object.
 * `type` and `occurredOn` are valid (no character needs escaping).
 */
export const jsonLineOf = (
  eventId: string,
  projectId: string,
  type: string,
  occurredOn: string,
  knownAt: string,
  dataJson: string
): string =>
  `{"eventId":${JSON.stringify(eventId)},"projectId":${JSON.stringify(projectId)},"type":"${type}","occurredOn":"${occurredOn}","knownAt":${
    JSON.stringify(knownAt)
  },"data":${dataJson}}`

/** Characters of a canonical line besides its six values: `jsonLineOf` of empty strings. */
const fixedLength = jsonLineOf("", "", "", "", "", "").length

/**
 * Whether `text`, which parsed to `event` (with `dataJson`, the data as
 * `JSON.stringify` writes it), holds nothing but the event: each field once,
 * no spaces, no escapes, the data spelled as written and last; any order of
 * the other fields. Such a text is the shortest that parses to the event, so
 * the check is its length and its data: anything more (a key given twice, a
 * space, an escape) makes it longer, and the numbers are all in the data.
 * This is the check every imported line goes through; `false` only sends a
 * line the slower way.
 */
export const holdsOnly = (text: string, event: Omit<ProjectEvent, "data">, dataJson: string): boolean => {
  const length = fixedLength + event.eventId.length + event.projectId.length + event.type.length + event.occurredOn.length +
    event.knownAt.length + dataJson.length
  return text.length === length && text.charCodeAt(length - 1) === 125 && text.startsWith(dataJson, length - 1 - dataJson.length)
}
