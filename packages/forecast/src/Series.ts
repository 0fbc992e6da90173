/**
 * Forecasting from a published aggregate series alone: analysts often have
 * only "completed investment, year to date" month by month. From the
 * cumulative series of earlier years, the year-end value is forecast three
 * ways:
 * - seasonal share: the value to date divided by the share of a year
 *   usually done by that month, with the spread earlier years show;
 * - regression: the year-end value regressed on the value to date at that
 *   month across earlier years (ml-regression), with its residual spread;
 * - run-rate: the value to date × 12 / months (a point);
 * and combined, weighted by how well each forecast the earlier years from the
 * same month (Methods.weightsOf, the same treatment as the simulation's
 * combination). The headline is the combination unless, leaving each earlier
 * year out, a single method beat it; every method stays visible beside it.
 * Months may be missing (January is often merged into February): the
 * cumulative value of a missing month is interpolated.
 */
import { parse } from "csv-parse/sync"
import { SimpleLinearRegression } from "ml-regression-simple-linear"
import { mean, standardDeviation } from "simple-statistics"
import { Schema } from "effect"
import { Calendar } from "@groundbreak/domain"
import * as Accuracy from "./Accuracy.ts"
import * as Backtest from "./Backtest.ts"
import { normalQuantile } from "./CounterRandom.ts"
import * as Methods from "./Methods.ts"

export interface SeriesPoint {
  /** `yyyymm` */
  readonly period: number
  /** Cumulative value for the year to date. */
  readonly value: number
}

/** A series the forecast cannot use; `reason` names the file and line. */
export class SeriesInvalid extends Schema.TaggedError<SeriesInvalid>()("SeriesInvalid", { reason: Schema.String }) {
  override get message(): string {
    return this.reason
  }
}

/** Reads `period,value` CSV; every problem names its line. */
export const readCsv = (text: string, source: string): Array<SeriesPoint> => {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, info: true }) as Array<{ record: Record<string, string>; info: { lines: number } }>
  const problems: Array<string> = []
  const points: Array<SeriesPoint> = []
  for (const { record, info } of rows) {
    const unknown = Object.keys(record).filter((k) => k !== "period" && k !== "value")
    if (unknown.length > 0) problems.push(`${source}:${info.lines}: unknown column(s) ${unknown.join(", ")}; expected period,value`)
    const period = Calendar.parseMonth(record["period"] ?? "")
    const value = Number(record["value"])
    if (period === undefined) problems.push(`${source}:${info.lines}: period: expected YYYY-MM, found ${JSON.stringify(record["period"])}`)
    else if (record["value"] === undefined || record["value"] === "" || !Number.isFinite(value)) {
      problems.push(`${source}:${info.lines}: value: expected a number, found ${JSON.stringify(record["value"])}`)
    } else points.push({ period, value })
  }
  if (rows.length === 0) problems.push(`${source}: no rows; expected a header period,value and one row per month`)
  if (problems.length > 0) throw new SeriesInvalid({ reason: problems.join("\n") })
  return points.sort((a, b) => a.period - b.period)
}

/** The cumulative value at the end of `month` of `year`: reported, or interpolated between reported months (0 before January). */
export const cumulativeAt = (points: ReadonlyArray<SeriesPoint>, year: number, month: number): number | undefined => {
  const inYear = points.filter((p) => Math.floor(p.period / 100) === year)
  const exact = inYear.find((p) => p.period % 100 === month)
  if (exact !== undefined) return exact.value
  const before = [...inYear].reverse().find((p) => p.period % 100 < month)
  const after = inYear.find((p) => p.period % 100 > month)
  if (after === undefined) return undefined
  const m0 = before === undefined ? 0 : before.period % 100
  const v0 = before === undefined ? 0 : before.value
  return v0 + ((after.value - v0) * (month - m0)) / ((after.period % 100) - m0)
}

export interface MethodForecast {
  readonly mean: number
  readonly p10: number
  readonly p50: number
  readonly p90: number
}

/** The methods a series is forecast with, in the order shown. */
export const methods = ["seasonalShare", "regression", "runRate"] as const
export type SeriesMethod = (typeof methods)[number]

/** Weights without backtests: the two methods that learn from earlier years, alike. */
const defaultWeights: Record<SeriesMethod, number> = { seasonalShare: 0.5, regression: 0.5, runRate: 0 }

export interface SeriesForecast extends Readonly<Record<SeriesMethod, MethodForecast>> {
  readonly asOf: string
  readonly toDate: number
  /** Earlier complete years used. */
  readonly years: ReadonlyArray<number>
  /**
   * The methods weighted by how well each forecast the earlier years from the same month (Methods.weightsOf); its
   * spread is the interval methods' spread around their medians, weighted alike.
   */
  readonly combined: MethodForecast & {
    readonly weights: Readonly<Record<SeriesMethod, number>>
    /** The earlier years the weights rest on: each forecast from the series as it stood then. */
    readonly backtests: ReadonlyArray<{ readonly year: number; readonly actual: number } & Readonly<Record<SeriesMethod, number>>>
  }
  /** The forecast to lead with: the combination, unless a single method beat it in the backtests (leave one year out). */
  readonly headline: "combined" | SeriesMethod
}

const z90 = normalQuantile(0.9)

/** The earlier years with a December value, each with its value at `month` and at the year's end. */
const historyOf = (points: ReadonlyArray<SeriesPoint>, year: number, month: number) =>
  [...new Set(points.map((p) => Math.floor(p.period / 100)))]
    .filter((y) => y < year && points.some((p) => p.period === y * 100 + 12))
    .sort((a, b) => a - b)
    .map((y) => ({ year: y, atMonth: cumulativeAt(points, y, month)!, end: cumulativeAt(points, y, 12)! }))
    .filter((h) => h.atMonth > 0 && h.end > 0)

/** Each method's forecast of the year of `asOf` from the series, without the combination. */
const methodForecasts = (points: ReadonlyArray<SeriesPoint>, asOf: number) => {
  const year = Math.floor(asOf / 100), month = asOf % 100
  const toDate = cumulativeAt(points, year, month) ??
    [...points].reverse().find((p) => Math.floor(p.period / 100) === year && p.period <= asOf)?.value
  if (toDate === undefined) throw new SeriesInvalid({ reason: `no value for ${Calendar.formatMonth(year * 100 + 1)}…${Calendar.formatMonth(asOf)} in the series` })
  const history = historyOf(points, year, month)
  if (history.length === 0) throw new SeriesInvalid({ reason: `no earlier year with a December value to learn from (the series needs at least one full year before ${year})` })

  // Seasonal share: each earlier year's share by this month gives one forecast; their log spread is the uncertainty.
  const byShare = history.map((h) => toDate / (h.atMonth / h.end))
  const logs = byShare.map(Math.log)
  const logMean = mean(logs), logSd = logs.length > 1 ? standardDeviation(logs) : 0.1
  const seasonalShare: MethodForecast = {
    mean: Math.exp(logMean + (logSd * logSd) / 2),
    p10: Math.exp(logMean - z90 * logSd),
    p50: Math.exp(logMean),
    p90: Math.exp(logMean + z90 * logSd)
  }

  // Regression of year-end on the value to date at this month (through the origin with one year; with an intercept with more).
  let point: number, residualSd: number
  if (history.length >= 3) {
    const fit = new SimpleLinearRegression(history.map((h) => h.atMonth), history.map((h) => h.end))
    point = fit.predict(toDate)
    const residuals = history.map((h) => h.end - fit.predict(h.atMonth))
    residualSd = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / Math.max(1, history.length - 2))
  } else {
    const ratio = history.reduce((s, h) => s + h.end, 0) / history.reduce((s, h) => s + h.atMonth, 0)
    point = ratio * toDate
    residualSd = point * (history.length > 1 ? standardDeviation(history.map((h) => h.end / h.atMonth)) / ratio : 0.1)
  }
  const regression: MethodForecast = { mean: point, p10: point - z90 * residualSd, p50: point, p90: point + z90 * residualSd }
  const run = (toDate * 12) / month
  const runRate: MethodForecast = { mean: run, p10: run, p50: run, p90: run }
  return { toDate, years: history.map((h) => h.year), seasonalShare, regression, runRate }
}

/** Forecasts the year-end value of the year of `asOf` (`yyyymm`) from the series. */
export const forecast = (points: ReadonlyArray<SeriesPoint>, asOf: number): SeriesForecast => {
  const own = methodForecasts(points, asOf)
  const month = asOf % 100
  // The same forecast made at this month of each earlier year, from the series as it stood then.
  const backtests = historyOf(points, Math.floor(asOf / 100), month).flatMap(({ year, end }) => {
    try {
      const then = methodForecasts(points.filter((p) => p.period <= year * 100 + month), year * 100 + month)
      return [{ year, actual: end, ...(Object.fromEntries(methods.map((m) => [m, then[m].p50])) as Record<SeriesMethod, number>) }]
    } catch {
      return [] // no earlier full year then
    }
  })
  const weights = Methods.weightsOf(methods, backtests, defaultWeights)
  const point = Methods.combinedPoint(Object.fromEntries(methods.map((m) => [m, own[m].p50])) as Record<SeriesMethod, number>, weights)
  // The spread: the interval methods' quantiles around their medians, weighted as in the combination.
  const spread = methods.filter((m) => own[m].p90 > own[m].p10)
  const spreadWeight = spread.reduce((a, m) => a + weights[m], 0)
  const around = (key: keyof MethodForecast) =>
    point + (spreadWeight > 0 ? spread.reduce((a, m) => a + weights[m] * (own[m][key] - own[m].p50), 0) / spreadWeight : 0)
  const single = methods.reduce((best, m) =>
    backtests.reduce((a, b) => a + Math.log(b.actual / b[m]) ** 2, 0) < backtests.reduce((a, b) => a + Math.log(b.actual / b[best]) ** 2, 0) ? m : best)
  const usable = backtests.filter((b) => b.actual > 0 && methods.every((m) => b[m] > 0))
  return {
    asOf: Calendar.formatMonth(asOf),
    ...own,
    combined: { mean: around("mean"), p10: around("p10"), p50: point, p90: around("p90"), weights, backtests },
    headline: usable.length >= 2 && !Methods.combinationBeats(methods, usable, single, defaultWeights) ? single : "combined"
  }
}

/** The methods a series backtest scores: each method and the combination. */
export const scored = [...methods, "combined"] as const

export interface SeriesOrigin {
  readonly year: number
  readonly actual: number
  readonly toDate: number
  readonly forecasts: Readonly<Record<(typeof scored)[number], MethodForecast>>
}

/** A method's scores over the backtest's origins (Backtest.aggregate, the same scoring as a store's backtests). */
export interface SeriesScores extends Backtest.Aggregate {
  readonly method: (typeof scored)[number]
}

/**
 * Backtests the series forecast at month `month` of every year that has a
 * December value and an earlier full year: each forecast sees only the
 * series as it stood then (earlier years, and the year up to that month).
 * Scored as Backtest scores a store's forecasts (Backtest.scoreOrigin and
 * aggregate); the CRPS of an interval method is a normal's with its P50 and
 * P10–P90 spread (Accuracy.crpsNormal).
 */
export const backtest = (points: ReadonlyArray<SeriesPoint>, month: number): { origins: Array<SeriesOrigin>; scores: Array<SeriesScores> } => {
  const years = [...new Set(points.map((p) => Math.floor(p.period / 100)))].sort((a, b) => a - b)
  const origins: Array<SeriesOrigin> = []
  for (const year of years) {
    const actual = cumulativeAt(points, year, 12)
    if (actual === undefined || !points.some((p) => p.period === year * 100 + 12)) continue
    const asOf = year * 100 + month
    const seen = points.filter((p) => p.period <= asOf)
    let f: SeriesForecast
    try {
      f = forecast(seen, asOf)
    } catch {
      continue // no earlier full year yet
    }
    const c = f.combined
    origins.push({
      year, actual, toDate: f.toDate,
      forecasts: { seasonalShare: f.seasonalShare, regression: f.regression, runRate: f.runRate, combined: { mean: c.mean, p10: c.p10, p50: c.p50, p90: c.p90 } }
    })
  }
  const scoresOf = (method: (typeof scored)[number]) => origins.map((o) => {
    const f = o.forecasts[method]
    const interval = method !== "runRate"
    return Backtest.scoreOrigin(
      interval ? { point: f.p50, p10: f.p10, p90: f.p90 } : { point: f.p50 },
      o.actual,
      undefined,
      Accuracy.crpsNormal(f.p50, interval ? (f.p90 - f.p10) / (2 * z90) : 0, o.actual)
    )
  })
  const reference = scoresOf("runRate")
  return { origins, scores: scored.map((method) => ({ method, ...Backtest.aggregate(scoresOf(method), reference) })) }
}
