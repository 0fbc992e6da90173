/**
 * The time-elapsed pace (序时进度) a plan is measured against as of D: by
 * days, by months of data, or by the city's own seasonal share estimated
 * from earlier complete years.
 */
import { Calendar, type ProjectFacts } from "@groundbreak/domain"
import { Estimation } from "@groundbreak/forecast"
import type { PaceKind } from "./Rules.ts"

/** Days elapsed (D included) / days in the year. */
export const byDays = (year: number, asOf: number): number =>
  (asOf - Calendar.startOfYear(year) + 1) / (Calendar.startOfYear(year + 1) - Calendar.startOfYear(year))

/** Months of data (through D's month) / 12. */
export const byMonths = (asOf: number): number => (Calendar.monthOfDay(asOf) % 100) / 12

/** The share of a year's investment usually completed by the end of D's month. */
export const seasonalShare = (seasonality: ReadonlyArray<number>, asOf: number): number => {
  const month = Calendar.monthOfDay(asOf) % 100
  let share = 0
  for (let m = 0; m < month; m++) share += seasonality[m]!
  return Math.min(1, share)
}

/** The paces as of D, computed once per meeting (the seasonal one only when asked for). */
export interface Paces {
  readonly days: number
  readonly months: number
  readonly seasonal: number
}

export const at = (year: number, asOf: number, projects: () => Iterable<ProjectFacts.ProjectFacts>, needSeasonal: boolean): Paces => ({
  days: byDays(year, asOf),
  months: byMonths(asOf),
  seasonal: needSeasonal ? seasonalShare(Estimation.seasonalityOf(projects(), year), asOf) : NaN
})

export const pick = (paces: Paces, kind: PaceKind): number => paces[kind]

export const label = {
  days: { zh: "序时进度(按天)", en: "time elapsed (days)" },
  months: { zh: "序时进度(按月)", en: "time elapsed (months)" },
  seasonal: { zh: "季节进度(历年同期)", en: "seasonal share (earlier years)" }
} as const
