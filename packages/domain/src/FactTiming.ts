/**
 * When a fact can first be known. Nothing is reported before it happens: a
 * step of a project's life (signed, started, topped out, commissioned,
 * suspended, resumed, cancelled) no earlier than the start of its
 * `occurredOn` day in China time, and a month's investment no earlier than
 * the end of that month (and of its `occurredOn` day). An annual plan is the
 * exception: it is normally known before its year begins, and its
 * `occurredOn` is whatever date the ledger gives its setting.
 */
import * as Calendar from "./Calendar.ts"
import * as EventTypes from "./EventTypes.ts"

/**
 * The earliest `knownAt` (epoch ms) an event of `type` on the epoch day
 * `occurredOn` may have; for an investment report, `period` is its month
 * `yyyymm`. `undefined` when there is no such bound (see `EventTypes.Knowable`).
 */
export const earliestKnownAt = (type: string, occurredOn: number, period: number): number | undefined => {
  const knowable = EventTypes.lookup(type)?.knowable ?? "fromItsDay"
  if (knowable === "anytime") return undefined
  const dayStart = Calendar.startOfDayChina(occurredOn)
  return knowable === "fromEndOfItsPeriod" ? Math.max(dayStart, Calendar.endOfMonthChina(period)) : dayStart
}

/** Whether an event known at `knownAt` (epoch ms) was known no earlier than it could be. */
export const isKnowable = (type: string, occurredOn: number, period: number, knownAt: number): boolean => {
  const earliest = earliestKnownAt(type, occurredOn, period)
  return earliest === undefined || knownAt >= earliest
}

/** Why an event was known too early, for an error message; `undefined` when it was not. */
export const tooEarly = (type: string, occurredOn: number, period: number, knownAt: number): string | undefined => {
  const earliest = earliestKnownAt(type, occurredOn, period)
  if (earliest === undefined || knownAt >= earliest) return undefined
  const what = EventTypes.lookup(type)?.knowable === "fromEndOfItsPeriod" && earliest === Calendar.endOfMonthChina(period)
    ? `the end of the reported month ${Calendar.formatMonth(period)}`
    : `the day it happened (occurredOn ${Calendar.formatDate(occurredOn)})`
  return `Expected a moment no earlier than ${Calendar.formatInstantChina(earliest)} (a fact cannot be known before ${what})`
}
