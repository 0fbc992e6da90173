/**
 * The forecasting methods, declared once ({@link simple}, {@link labels}):
 * the simple methods are always reported beside the simulation so analysts
 * can see what it adds, and combined with it by backtest skill. Each
 * forecasts year-end investment from the aggregate cumulative series of the
 * year so far, and the start rate from the new projects' starts so far.
 * - run-rate: year to date scaled by the share of the year it covers;
 * - seasonal share: year to date divided by the share of a year usually done
 *   by then (the seasonality of earlier years);
 * - regression: a straight line through the cumulative monthly series
 *   (ml-regression), extended to December.
 *
 * Forecast's `methods`, the same-date backtests (ModelError), Backtest's
 * per-method scores, the combination, the CLI's tables and labels and the
 * report's tables are all derived from {@link simple}: adding a method is an
 * entry there.
 */
import { SimpleLinearRegression } from "ml-regression-simple-linear"
import type { ProjectFacts } from "@groundbreak/domain"
import type * as CompiledPlan from "./CompiledPlan.ts"

export interface MonthlySeries {
  /** Cumulative investment at the end of each month 1…covered (index 0 = January). */
  readonly cumulative: ReadonlyArray<number>
}

/** The cumulative monthly investment of the plan, through the last month most projects have reported. */
export const monthlySeriesOf = (facts: ReadonlyArray<ProjectFacts.ProjectFacts>, compiled: CompiledPlan.Compiled): MonthlySeries => {
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

/** What a simple method sees: the year's cumulative investment, its start series, and earlier years' seasonality. */
export interface MethodInput {
  readonly series: MonthlySeries
  readonly starts: StartSeries | null
  readonly seasonality: ReadonlyArray<number>
}

/** A simple method: its labels and its year-end point forecasts of investment (万元) and of the start rate. */
export interface SimpleMethod {
  readonly label: { readonly zh: string; readonly en: string }
  readonly investment: (input: MethodInput) => number
  /** `null` without new projects. */
  readonly startRate: (input: MethodInput) => number | null
}

/** Every simple method, in the order shown. */
export const simple = {
  runRate: {
    label: { zh: "按月均推算", en: "run-rate" },
    investment: ({ series }) => runRate(series),
    startRate: ({ starts }) => starts && startRateRunRate(starts)
  },
  seasonalShare: {
    label: { zh: "季节占比法", en: "seasonal share" },
    investment: ({ series, seasonality }) => seasonalShare(series, seasonality),
    startRate: ({ starts }) => starts && startRateSeasonalShare(starts)
  },
  regression: {
    label: { zh: "回归法", en: "regression" },
    investment: ({ series }) => regression(series),
    startRate: ({ starts }) => starts && startRateRegression(starts)
  }
} as const satisfies Record<string, SimpleMethod>

export type Simple = keyof typeof simple
export const simpleNames = Object.keys(simple) as ReadonlyArray<Simple>

/** Every method's labels: the simulation, the combination, the simple methods. */
export const labels: Readonly<Record<"simulation" | "combined" | Simple, { readonly zh: string; readonly en: string }>> = {
  simulation: { zh: "模拟", en: "simulation" },
  ...(Object.fromEntries(simpleNames.map((name) => [name, simple[name].label])) as Record<Simple, { zh: string; en: string }>),
  combined: { zh: "组合", en: "combined" }
}

/** Each simple method's year-end forecasts. */
export const forecastAll = (input: MethodInput): Record<Simple, { readonly investment: number; readonly startRate: number | null }> =>
  Object.fromEntries(simpleNames.map((name) => [name, { investment: simple[name].investment(input), startRate: simple[name].startRate(input) }])) as
    Record<Simple, { investment: number; startRate: number | null }>

/** The investment forecasts of {@link forecastAll}'s result. */
export const investments = (forecasts: Readonly<Record<Simple, { readonly investment: number }>>): Record<Simple, number> =>
  Object.fromEntries(simpleNames.map((name) => [name, forecasts[name].investment])) as Record<Simple, number>

/** The methods a combination weighs: the simulation and every simple method. */
export const combined = ["simulation", ...simpleNames] as const
export type Combined = "simulation" | Simple

/**
 * Prior evidence, in backtest years, for the prior weights (the simulation alone, or a series' learning methods
 * alike): with n backtest years the data's weights count n / (n + this), so two years move the combination halfway
 * from the prior towards the skill weights, one year a third, and none not at all.
 */
export const COMBINATION_PRIOR_YEARS = 2

type Backtested<K extends string> = { readonly actual: number } & Readonly<Record<K, number>>

/** The first method alone: the prior of a combination whose first method is the structural one (the simulation). */
const firstAlone = <K extends string>(names: ReadonlyArray<K>): Record<K, number> =>
  Object.fromEntries(names.map((m, k) => [m, k === 0 ? 1 : 0])) as Record<K, number>

/**
 * The skill weights of `names` in the backtests alone: each inversely proportional to its mean squared log error
 * over the years (equal for methods that were all exact).
 */
export const skillWeights = <K extends string>(names: ReadonlyArray<K>, backtests: ReadonlyArray<Backtested<K>>): Record<K, number> => {
  const squared = names.map((m) => backtests.reduce((a, b) => a + Math.log(b.actual / b[m]) ** 2, 0) / Math.max(1, backtests.length))
  const floor = Math.max(1e-12, Math.max(...squared) * 1e-9)
  const inverse = squared.map((s) => 1 / Math.max(floor, s))
  const total = inverse.reduce((a, b) => a + b, 0)
  return Object.fromEntries(names.map((m, k) => [m, inverse[k]! / total])) as Record<K, number>
}

/**
 * Weights of a combination of `names` from backtests: the skill weights ({@link skillWeights}) of the n usable
 * backtest years, shrunk towards the `prior` weights (the first method alone unless given) as if the prior had
 * {@link COMBINATION_PRIOR_YEARS} years of evidence: w = (n · skill + p · prior) / (n + p). So two lucky years cannot
 * make a simple method the forecast (at most half of it), and without backtests the prior stands.
 */
export const weightsOf = <K extends string>(
  names: ReadonlyArray<K>,
  backtests: ReadonlyArray<Backtested<K>>,
  prior?: Readonly<Record<K, number>>
): Record<K, number> => {
  const towards = prior ?? firstAlone(names)
  const usable = backtests.filter((b) => b.actual > 0 && names.every((m) => b[m] > 0))
  if (usable.length === 0) return { ...towards }
  const n = usable.length, p = COMBINATION_PRIOR_YEARS
  const skill = skillWeights(names, usable)
  return Object.fromEntries(names.map((m) => [m, (n * skill[m] + p * towards[m]) / (n + p)])) as Record<K, number>
}

/** The simulation and the simple methods weighed by backtests ({@link weightsOf}); without any, the simulation alone. */
export const combinationWeights = (backtests: ReadonlyArray<Backtested<Combined>>): Record<Combined, number> => weightsOf(combined, backtests)

/** The weighted point of a combination. */
export const combinedPoint = <K extends string>(points: Readonly<Record<K, number>>, weights: Readonly<Record<K, number>>): number =>
  (Object.keys(weights) as Array<K>).reduce((a, m) => a + weights[m] * points[m], 0)

/**
 * Whether the combination would have beaten `rival` in the backtests: each backtest year forecast by the combination
 * weighted from the other years only (leave one out), against the rival, by total squared log error. Needs two years
 * at least; otherwise the rival stays the headline.
 */
export const combinationBeats = <K extends string>(
  names: ReadonlyArray<K>,
  backtests: ReadonlyArray<Backtested<K>>,
  rival: K,
  prior?: Readonly<Record<K, number>>
): boolean => {
  const usable = backtests.filter((b) => b.actual > 0 && names.every((m) => b[m] > 0))
  if (usable.length < 2) return false
  let combination = 0, alone = 0
  usable.forEach((held, k) => {
    const weights = weightsOf(names, usable.filter((_, j) => j !== k), prior)
    combination += Math.log(held.actual / combinedPoint(held, weights)) ** 2
    alone += Math.log(held.actual / held[rival]) ** 2
  })
  return combination < alone
}

/** Whether the combination of the simulation and the simple methods beat the simulation ({@link combinationBeats}). */
export const combinationBeatsSimulation = (backtests: ReadonlyArray<Backtested<Combined>>): boolean =>
  combinationBeats(combined, backtests, "simulation")

/** How far the combination moves the simulation: the combined point minus the simulation's (its P50 in `points`). */
export const combinationShift = (points: Readonly<Record<Combined, number>>, weights: Readonly<Record<Combined, number>>): number =>
  combinedPoint(points, weights) - points.simulation

/** The combination's distribution: each simulated outcome moved by {@link combinationShift}, never below what is already done. */
export const combineSamples = (
  samples: Float64Array,
  points: Readonly<Record<Combined, number>>,
  weights: Readonly<Record<Combined, number>>,
  done: number
): Float64Array => {
  const shift = combinationShift(points, weights)
  return samples.map((v) => Math.max(done, v + shift))
}
