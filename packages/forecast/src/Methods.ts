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
import type { ProjectFacts } from "@groundbreak/domain"
import type * as Portfolio from "./Portfolio.ts"

export interface MonthlySeries {
  /** Cumulative investment at the end of each month 1…covered (index 0 = January). */
  readonly cumulative: ReadonlyArray<number>
}

/** The cumulative monthly investment of the plan, through the last month most projects have reported. */
export const monthlySeriesOf = (facts: ReadonlyArray<ProjectFacts.ProjectFacts>, compiled: Portfolio.Compiled): MonthlySeries => {
  const byMonth = new Float64Array(13)
  const lastKnownCounts = new Int32Array(13)
  for (const f of facts) {
    if (!f.plans.has(compiled.year)) continue
    for (const [period, report] of f.investment) if (Math.floor(period / 100) === compiled.year) byMonth[period % 100]! += report.amount
  }
  for (let i = 0; i < compiled.count; i++) {
    const last = compiled.lastKnown[i]!
    if (last >= 1 && last <= compiled.asOfMonth) lastKnownCounts[last]!++
  }
  let covered = 0
  for (let m = 1; m <= compiled.asOfMonth; m++) if (lastKnownCounts[m]! > (lastKnownCounts[covered] ?? 0)) covered = m
  const cumulative: Array<number> = []
  let sum = 0
  for (let m = 1; m <= covered; m++) cumulative.push(sum += byMonth[m]!)
  return { cumulative }
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

/** The methods a combination weighs. */
export const combined = ["simulation", "runRate", "seasonalShare", "regression"] as const
export type Combined = (typeof combined)[number]

/** Prior evidence, in backtest years, that every method is as accurate as the methods' pooled accuracy. */
const COMBINATION_PRIOR_YEARS = 2

/**
 * Weights of a combination from backtests: each method's weight is inversely proportional to its mean squared
 * log error over the backtest years, pooled with {@link COMBINATION_PRIOR_YEARS} years at the methods' common mean
 * squared error (so thin evidence gives near-equal weights, not a winner by luck). Without backtests, the
 * simulation alone.
 */
export const combinationWeights = (
  backtests: ReadonlyArray<{ readonly actual: number } & Readonly<Record<Combined, number>>>
): Record<Combined, number> => {
  const usable = backtests.filter((b) => b.actual > 0 && combined.every((m) => b[m] > 0))
  if (usable.length === 0) return { simulation: 1, runRate: 0, seasonalShare: 0, regression: 0 }
  const squared = combined.map((m) => usable.reduce((a, b) => a + Math.log(b.actual / b[m]) ** 2, 0))
  const pooled = squared.reduce((a, b) => a + b, 0) / (combined.length * usable.length)
  const inverse = squared.map((s) => (COMBINATION_PRIOR_YEARS + usable.length) / (COMBINATION_PRIOR_YEARS * pooled + s + 1e-12))
  const total = inverse.reduce((a, b) => a + b, 0)
  return Object.fromEntries(combined.map((m, k) => [m, inverse[k]! / total])) as Record<Combined, number>
}

/**
 * The combination's distribution: each simulated outcome moved by the combined point minus the simulation's
 * (the simulation's P50 in `points`), never below what is already done.
 */
export const combineSamples = (
  samples: Float64Array,
  points: Readonly<Record<Combined, number>>,
  weights: Readonly<Record<Combined, number>>,
  done: number
): Float64Array => {
  const point = combined.reduce((a, m) => a + weights[m] * points[m], 0)
  const shift = point - points.simulation
  return samples.map((v) => Math.max(done, v + shift))
}

/**
 * Whether the combination would have beaten the simulation in the backtests: each backtest year forecast by the
 * combination weighted from the other years only (leave one out), against the simulation, by total squared log
 * error. Needs two years at least; otherwise the simulation stays the headline.
 */
export const combinationBeatsSimulation = (
  backtests: ReadonlyArray<{ readonly actual: number } & Readonly<Record<Combined, number>>>
): boolean => {
  const usable = backtests.filter((b) => b.actual > 0 && combined.every((m) => b[m] > 0))
  if (usable.length < 2) return false
  let combination = 0, simulation = 0
  usable.forEach((held, k) => {
    const weights = combinationWeights(usable.filter((_, j) => j !== k))
    const point = combined.reduce((a, m) => a + weights[m] * held[m], 0)
    combination += Math.log(held.actual / point) ** 2
    simulation += Math.log(held.actual / held.simulation) ** 2
  })
  return combination < simulation
}
