/**
 * The Spring Festival's pull on a year's January, February and March. Sites empty for the holiday: the crews (mostly
 * migrant workers) leave about a week before the lunar New Year and come back after the Lantern Festival, fifteen days
 * after it. The lunar New Year falls anywhere from 21 January to 20 February, so which month loses those weeks moves
 * from year to year: a January New Year empties January, a late one February and the first days of March. A typical
 * year's seasonality already holds the average loss; {@link factor} is how much more or less a month of a given year
 * gets done than in that average. Pure.
 */
import { Calendar } from "@groundbreak/domain"

/** Lunar New Year's day (month, day) of the years 2000–2035. */
const newYear: ReadonlyArray<readonly [number, number]> = [
  [2, 5], [1, 24], [2, 12], [2, 1], [1, 22], [2, 9], [1, 29], [2, 18], [2, 7], [1, 26],
  [2, 14], [2, 3], [1, 23], [2, 10], [1, 31], [2, 19], [2, 8], [1, 28], [2, 16], [2, 5],
  [1, 25], [2, 12], [2, 1], [1, 22], [2, 10], [1, 29], [2, 17], [2, 6], [1, 26], [2, 13],
  [2, 3], [1, 23], [2, 11], [1, 31], [2, 19], [2, 8]
]
const FIRST_YEAR = 2000

/** Days the sites empty before the New Year, and after it (to the Lantern Festival). */
const BEFORE = 7
const AFTER = 15
/** Share of a normal day's work done on a holiday day (guards, a few local crews). */
const HOLIDAY_WORK = 0.2

/** The New Year's epoch day of `year`; a year outside the table takes the table's middle date (4 February). */
const newYearOf = (year: number): number => {
  const [month, day] = newYear[year - FIRST_YEAR] ?? [2, 4]
  return Calendar.parseDate(`${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`)!
}

/** Share of a normal month's work done in month `m` (1–3) of `year`: the holiday's days in it cost most of their work. */
const workShare = (year: number, m: number): number => {
  const first = Calendar.endOfMonth(m === 1 ? (year - 1) * 100 + 12 : year * 100 + m - 1) + 1
  const last = Calendar.endOfMonth(year * 100 + m)
  const holiday = newYearOf(year)
  const overlap = Math.max(0, Math.min(last, holiday + AFTER) - Math.max(first, holiday - BEFORE) + 1)
  return 1 - (1 - HOLIDAY_WORK) * (overlap / (last - first + 1))
}

/** The average share over the table's years, for January to March. */
const average = [1, 2, 3].map((m) => {
  let sum = 0
  for (let i = 0; i < newYear.length; i++) sum += workShare(FIRST_YEAR + i, m)
  return sum / newYear.length
})

/** How much more (> 1) or less a month `yyyymm` gets done than the same month of a year with the average New Year. */
export const factor = (yyyymm: number): number => {
  const m = yyyymm % 100
  return m > 3 ? 1 : workShare(Math.floor(yyyymm / 100), m) / average[m - 1]!
}
