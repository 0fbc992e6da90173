/**
 * Calendar arithmetic for the two time axes of every event: valid time
 * (`occurredOn`, an ISO date) and knowledge time (`knownAt`, an ISO
 * date-time with offset). Dates are held as UTC epoch days and months as
 * `yyyymm` integers, so comparisons on hot paths are integer comparisons.
 */

const MS_PER_DAY = 86_400_000
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const ISO_MONTH = /^(\d{4})-(\d{2})$/
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

/** China Standard Time: the offset used when a knowledge cut is given as a bare date. */
export const chinaOffset = "+08:00"

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : monthLengths[month - 1]!

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`, or `undefined` when it is not a real calendar date. */
export const parseDate = (text: string): number | undefined => {
  const match = ISO_DATE.exec(text)
  if (match === null) return undefined
  const year = Number(match[1]), month = Number(match[2]), day = Number(match[3])
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return Date.UTC(year, month - 1, day) / MS_PER_DAY
}

export const isDate = (text: string): boolean => parseDate(text) !== undefined

/** The `YYYY-MM-DD` of an epoch day. */
export const formatDate = (epochDay: number): string => new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10)

/** `yyyymm` of a valid `YYYY-MM`, or `undefined`. */
export const parseMonth = (text: string): number | undefined => {
  const match = ISO_MONTH.exec(text)
  if (match === null) return undefined
  const year = Number(match[1]), month = Number(match[2])
  return month >= 1 && month <= 12 ? year * 100 + month : undefined
}

export const isMonth = (text: string): boolean => parseMonth(text) !== undefined

export const formatMonth = (yyyymm: number): string =>
  `${String(Math.floor(yyyymm / 100)).padStart(4, "0")}-${String(yyyymm % 100).padStart(2, "0")}`

/** `yyyymm` of the month an epoch day falls in. */
export const monthOfDay = (epochDay: number): number => {
  const date = new Date(epochDay * MS_PER_DAY)
  return date.getUTCFullYear() * 100 + date.getUTCMonth() + 1
}

export const yearOfDay = (epochDay: number): number => new Date(epochDay * MS_PER_DAY).getUTCFullYear()

/** Epoch day of 1 January of `year`. */
export const startOfYear = (year: number): number => Date.UTC(year, 0, 1) / MS_PER_DAY

/** Epoch day of the last day of the month `yyyymm`. */
export const endOfMonth = (yyyymm: number): number => Date.UTC(Math.floor(yyyymm / 100), yyyymm % 100, 0) / MS_PER_DAY

/** Epoch milliseconds of an ISO date-time that carries an offset (`Z` or `±hh:mm`), or `undefined`. */
export const parseInstant = (text: string): number | undefined => {
  const match = ISO_DATE_TIME.exec(text)
  if (match === null) return undefined
  if (parseDate(`${match[1]}-${match[2]}-${match[3]}`) === undefined) return undefined
  if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6] ?? 0) > 59) return undefined
  const ms = Date.parse(text)
  return Number.isNaN(ms) ? undefined : ms
}

export const isInstant = (text: string): boolean => parseInstant(text) !== undefined

/** The local calendar date written in an ISO date-time (the date the reporter saw on the wall). */
export const localDateOfInstant = (text: string): number | undefined => parseDate(text.slice(0, 10))

/**
 * A knowledge cut from user input: an ISO date-time with offset, or a bare
 * `YYYY-MM-DD` meaning the end of that day in China Standard Time.
 */
export const parseKnowledgeCut = (text: string): number | undefined =>
  isDate(text) ? parseInstant(`${text}T23:59:59.999${chinaOffset}`) : parseInstant(text)

/** An instant written in China Standard Time, e.g. `2020-09-30T23:59:59.999+08:00`. */
export const formatInstantChina = (epochMs: number): string =>
  new Date(epochMs + 8 * 3_600_000).toISOString().replace("Z", chinaOffset)
