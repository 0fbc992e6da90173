/**
 * Calendar arithmetic for the two time axes of every event: valid time
 * (`occurredOn`, an ISO date) and knowledge time (`knownAt`, an ISO
 * date-time with offset). Dates are held as UTC epoch days and months as
 * `yyyymm` integers, so comparisons on hot paths are integer comparisons.
 */

const MS_PER_DAY = 86_400_000
/** China Standard Time: the offset used when a knowledge cut is given as a bare date. */
export const chinaOffset = "+08:00"
/** {@link chinaOffset} in milliseconds. */
const CHINA_OFFSET_MS = 8 * 3_600_000

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : monthLengths[month - 1]!

/** Days since 1970-01-01 of a civil date (proleptic Gregorian), after H. Hinnant's `days_from_civil`. */
const daysFromCivil = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

/** The number written by `count` ASCII digits of `text` from `at`, or -1 when one of them is not a digit. */
const digits = (text: string, at: number, count: number): number => {
  let n = 0
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return n
}

/** Epoch day of the `YYYY-MM-DD` at `at` in `text`, or NaN when it is not a real calendar date. */
const dateAt = (text: string, at: number): number => {
  if (text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45) return NaN
  const year = digits(text, at, 4), month = digits(text, at + 5, 2), day = digits(text, at + 8, 2)
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN
  return daysFromCivil(year, month, day)
}

// Hot paths (every event is decoded and encoded through these): plain character arithmetic, no regular expressions.

/** Days since 1970-01-01 of a valid `YYYY-MM-DD`, or `undefined` when it is not a real calendar date. */
export const parseDate = (text: string): number | undefined => {
  if (text.length !== 10) return undefined
  const day = dateAt(text, 0)
  return Number.isNaN(day) ? undefined : day
}

export const isDate = (text: string): boolean => parseDate(text) !== undefined

/** Year, month (1–12) and day of an epoch day, after H. Hinnant's `civil_from_days` (no Date object). */
const civilFromDays = (epochDay: number): [year: number, month: number, day: number] => {
  const z = epochDay + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day]
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`)

/** The `YYYY-MM-DD` of an epoch day. */
export const formatDate = (epochDay: number): string => {
  const [year, month, day] = civilFromDays(epochDay)
  return `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`
}

/** `yyyymm` of a valid `YYYY-MM`, or `undefined`. */
export const parseMonth = (text: string): number | undefined => {
  if (text.length !== 7 || text.charCodeAt(4) !== 45) return undefined
  const year = digits(text, 0, 4), month = digits(text, 5, 2)
  return year >= 0 && month >= 1 && month <= 12 ? year * 100 + month : undefined
}

export const isMonth = (text: string): boolean => parseMonth(text) !== undefined

export const formatMonth = (yyyymm: number): string =>
  `${String(Math.floor(yyyymm / 100)).padStart(4, "0")}-${String(yyyymm % 100).padStart(2, "0")}`

/** `yyyymm` of the month an epoch day falls in. */
export const monthOfDay = (epochDay: number): number => {
  const [year, month] = civilFromDays(epochDay)
  return year * 100 + month
}

export const yearOfDay = (epochDay: number): number => civilFromDays(epochDay)[0]

/** Epoch day of 1 January of `year`. */
export const startOfYear = (year: number): number => daysFromCivil(year, 1, 1)

/** Epoch day of the last day of the month `yyyymm`. */
export const endOfMonth = (yyyymm: number): number => {
  const year = Math.floor(yyyymm / 100), month = yyyymm % 100
  return daysFromCivil(year, month, daysInMonth(year, month))
}

/** The month `months` after `yyyymm` (before it when negative). */
export const addMonths = (yyyymm: number, months: number): number => {
  const index = Math.floor(yyyymm / 100) * 12 + (yyyymm % 100) - 1 + months
  return Math.floor(index / 12) * 100 + (index - Math.floor(index / 12) * 12) + 1
}

/** Whole months from the month of `from` to the month of `to` (epoch days; days of the month ignored). */
export const monthsBetween = (from: number, to: number): number => {
  const a = monthOfDay(from), b = monthOfDay(to)
  return (Math.floor(b / 100) - Math.floor(a / 100)) * 12 + (b % 100) - (a % 100)
}

/** The same day of the month `months` later (earlier when negative), or that month's last day when it is shorter. */
export const addMonthsToDay = (epochDay: number, months: number): number => {
  const [year, month, day] = civilFromDays(epochDay)
  const target = addMonths(year * 100 + month, months)
  const ty = Math.floor(target / 100), tm = target % 100
  return daysFromCivil(ty, tm, Math.min(day, daysInMonth(ty, tm)))
}

/**
 * Epoch milliseconds of an ISO date-time that carries an offset:
 * `YYYY-MM-DDThh:mm[:ss[.fraction]](Z|±hh:mm)`, or `undefined`. The fraction
 * of a second has at most `maxFractionDigits` digits (at most 9); digits
 * beyond the millisecond are dropped.
 */
export const parseInstant = (text: string, maxFractionDigits = 9): number | undefined => {
  if (text.length < 17 || text.charCodeAt(10) !== 84 /* T */ || text.charCodeAt(13) !== 58 /* : */) return undefined
  const day = dateAt(text, 0)
  const hour = digits(text, 11, 2), minute = digits(text, 14, 2)
  if (Number.isNaN(day) || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined
  let at = 16
  let second = 0, millis = 0
  if (text.charCodeAt(at) === 58) {
    second = digits(text, at + 1, 2)
    if (second < 0 || second > 59) return undefined
    at += 3
    if (text.charCodeAt(at) === 46 /* . */) {
      const start = ++at
      while (at < text.length && at - start < 10 && digits(text, at, 1) >= 0) at++
      const count = at - start
      if (count < 1 || count > maxFractionDigits) return undefined
      millis = Math.floor(digits(text, start, Math.min(3, count)) * 10 ** (3 - Math.min(3, count)))
    }
  }
  let offsetMinutes = 0
  const sign = text.charCodeAt(at)
  if (sign === 90 /* Z */ && at + 1 === text.length) {
    offsetMinutes = 0
  } else if ((sign === 43 || sign === 45) && at + 6 === text.length && text.charCodeAt(at + 3) === 58) {
    const oh = digits(text, at + 1, 2), om = digits(text, at + 4, 2)
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return undefined
    offsetMinutes = (sign === 43 ? 1 : -1) * (oh * 60 + om)
  } else {
    return undefined
  }
  return day * MS_PER_DAY + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis
}

export const isInstant = (text: string): boolean => parseInstant(text) !== undefined

/**
 * An instant as the interchange format takes it: at most millisecond
 * precision, so that what is stored (epoch milliseconds) orders events
 * exactly as the text does.
 */
export const parseMillisInstant = (text: string): number | undefined => parseInstant(text, 3)

export const isMillisInstant = (text: string): boolean => parseMillisInstant(text) !== undefined

/** Epoch milliseconds of the first moment of an epoch day in China Standard Time. */
export const startOfDayChina = (epochDay: number): number => epochDay * MS_PER_DAY - CHINA_OFFSET_MS

/** The epoch day, in China Standard Time, that an instant (epoch milliseconds) falls on. */
export const dayInChina = (epochMs: number): number => Math.floor((epochMs + CHINA_OFFSET_MS) / MS_PER_DAY)

/** Epoch milliseconds of the first moment after the month `yyyymm` in China Standard Time. */
export const endOfMonthChina = (yyyymm: number): number => startOfDayChina(endOfMonth(yyyymm) + 1)

/**
 * A knowledge cut from user input: an ISO date-time with offset, or a bare
 * `YYYY-MM-DD` meaning the end of that day in China Standard Time.
 */
export const parseKnowledgeCut = (text: string): number | undefined =>
  isDate(text) ? parseInstant(`${text}T23:59:59.999${chinaOffset}`) : parseInstant(text)

/** An instant written in China Standard Time, e.g. `2020-09-30T23:59:59.999+08:00`. */
export const formatInstantChina = (epochMs: number): string =>
  new Date(epochMs + CHINA_OFFSET_MS).toISOString().replace("Z", chinaOffset)
