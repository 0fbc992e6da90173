/**
 * A fast decoder for well-formed events, so that a million-line import does
 * not pay for the general schema interpreter on every line.
 *
 * It vouches for a value only when it is certain the schema in
 * `ProjectEvent.ts` accepts it, and then returns exactly what the schema's
 * decoding returns (the same fields, in the schema's order). Anything it is
 * not sure of, it leaves to the schema, which also writes the error message.
 * A property test holds the two to that contract.
 */
import * as Calendar from "./Calendar.ts"
import * as FactTiming from "./FactTiming.ts"
import { isStorableText, isWan, type ProjectEvent } from "./ProjectEvent.ts"

type Raw = Record<string, unknown>

const isObject = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value)

/** Own enumerable keys of a parsed JSON object (which has no inherited ones). */
const keyCount = (o: Raw): number => {
  let n = 0
  for (const _ in o) n++
  return n
}

const isText = (value: unknown): value is string => typeof value === "string" && value.trim().length > 0 && isStorableText(value)

const isMonth = (value: unknown): value is string => typeof value === "string" && Calendar.parseMonth(value) !== undefined

/** Events with no data fields, or only an optional `reason`. */
const emptyData = new Set(["ProjectStarted", "ProjectToppedOut", "ProjectCommissioned", "ProjectResumed"])
const reasonData = new Set(["ProjectSuspended", "ProjectCancelled"])

/** The data of an event of `type`, rebuilt in the schema's field order; undefined when not certainly valid. */
const decodeData = (type: string, d: Raw): object | undefined => {
  const n = keyCount(d)
  switch (type) {
    case "ProjectSigned":
      return n === 4 && isText(d["name"]) && isText(d["district"]) && isText(d["sector"]) && isWan(d["totalInvestment"])
        ? { name: d["name"], district: d["district"], sector: d["sector"], totalInvestment: d["totalInvestment"] }
        : undefined
    case "AnnualPlanSet": {
      const year = d["year"], kind = d["kind"], planned = d["plannedInvestment"], start = d["plannedStart"]
      if (!(Number.isInteger(year) && (year as number) >= 1900 && (year as number) <= 2200)) return undefined
      if ((kind !== "new" && kind !== "continuing") || !isWan(planned)) return undefined
      if (start === undefined) return n === 3 ? { year, kind, plannedInvestment: planned } : undefined
      return n === 4 && isMonth(start) ? { year, kind, plannedInvestment: planned, plannedStart: start } : undefined
    }
    case "PlanWithdrawn": {
      const year = d["year"], reason = d["reason"]
      if (!(Number.isInteger(year) && (year as number) >= 1900 && (year as number) <= 2200)) return undefined
      if (reason === undefined) return n === 1 ? { year } : undefined
      return n === 2 && typeof reason === "string" && isStorableText(reason) ? { year, reason } : undefined
    }
    case "InvestmentReported":
      return n === 2 && isMonth(d["period"]) && isWan(d["amount"]) ? { period: d["period"], amount: d["amount"] } : undefined
    default:
      if (emptyData.has(type)) return n === 0 ? {} : undefined
      if (reasonData.has(type)) {
        if (n === 0) return {}
        return n === 1 && typeof d["reason"] === "string" && isStorableText(d["reason"]) ? { reason: d["reason"] } : undefined
      }
      return undefined
  }
}

/**
 * The event `raw` decodes to, when it is certainly valid; `undefined` means
 * "ask the schema" (the value may still be valid).
 */
export const decode = (raw: unknown): ProjectEvent | undefined => {
  if (!isObject(raw) || keyCount(raw) !== 6) return undefined
  const { eventId, projectId, type, occurredOn, knownAt, data } = raw
  if (!isText(eventId) || !isText(projectId) || typeof type !== "string" || !isObject(data)) return undefined
  if (typeof occurredOn !== "string" || typeof knownAt !== "string") return undefined
  const day = Calendar.parseDate(occurredOn), known = Calendar.parseMillisInstant(knownAt)
  if (day === undefined || known === undefined) return undefined
  const decoded = decodeData(type, data)
  if (decoded === undefined) return undefined
  const period = type === "InvestmentReported" ? Calendar.parseMonth((decoded as { period: string }).period)! : 0
  if (!FactTiming.isKnowable(type, day, period, known)) return undefined
  return { eventId, projectId, occurredOn, knownAt, type, data: decoded } as ProjectEvent
}
