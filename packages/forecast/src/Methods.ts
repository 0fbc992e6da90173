/**
 * The simple methods, always reported beside the simulation so analysts can
 * see what it adds: each forecasts year-end investment from the aggregate
 * cumulative series of the year so far.
 * - run-rate: year to date scaled by the share of the year it covers;
 * - seasonal share: year to date divided by the share of a year usually done
 *   by then (the seasonality of earlier years);
 * - regression: a straight line through the cumulative monthly series
 *   (ml-regression), extended to December.
 */
import { SimpleLinearRegression } from "ml-regression-simple-linear"

export interface MonthlySeries {
  /** Cumulative investment at the end of each month 1…covered (index 0 = January). */
  readonly cumulative: ReadonlyArray<number>
}

export const runRate = (series: MonthlySeries): number => {
  const covered = series.cumulative.length
  return covered === 0 ? 0 : (series.cumulative[covered - 1]! * 12) / covered
}

export const seasonalShare = (series: MonthlySeries, seasonality: ReadonlyArray<number>): number => {
  const covered = series.cumulative.length
  if (covered === 0) return 0
  const share = seasonality.slice(0, covered).reduce((a, b) => a + b, 0)
  return share > 0 ? series.cumulative[covered - 1]! / share : runRate(series)
}

export const regression = (series: MonthlySeries): number => {
  const covered = series.cumulative.length
  if (covered < 2) return runRate(series)
  const fit = new SimpleLinearRegression(series.cumulative.map((_, i) => i + 1), [...series.cumulative])
  return Math.max(series.cumulative[covered - 1]!, fit.predict(12))
}

/**
 * The same three methods for the start rate, from the cumulative share of new
 * projects started by each month (capped at 1): run-rate, seasonal share (the
 * share of a year's starts usually made by then, from earlier years), and a
 * straight line through the monthly series.
 */
export interface StartSeries {
  /** Start rate at the end of each month 1…a (index 0 = January). */
  readonly cumulative: ReadonlyArray<number>
  /** Share of a year's starts made by the end of month a, in earlier years (undefined without history). */
  readonly usualShare: number | undefined
}

export const startRateRunRate = (series: StartSeries): number => Math.min(1, runRate(series))
export const startRateSeasonalShare = (series: StartSeries): number => {
  const covered = series.cumulative.length
  if (covered === 0) return 0
  const toDate = series.cumulative[covered - 1]!
  return Math.min(1, series.usualShare !== undefined && series.usualShare > 0 ? toDate / series.usualShare : startRateRunRate(series))
}
export const startRateRegression = (series: StartSeries): number => Math.min(1, regression(series))
