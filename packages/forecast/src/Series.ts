/**
 * Forecasting from a published aggregate series alone: analysts often have
 * only "completed investment, year to date" month by month. From the
 * cumulative series of earlier years, the year-end value is forecast two
 * ways, each with the spread earlier years show:
 * - seasonal share: the value to date divided by the share of a year
 *   usually done by that month;
 * - regression: the year-end value regressed on the value to date at that
 *   month across earlier years (ml-regression).
 * Months may be missing (January is often merged into February): the
 * cumulative value of a missing month is interpolated.
 */
import { parse } from "csv-parse/sync"
import { SimpleLinearRegression } from "ml-regression-simple-linear"
import { mean, standardDeviation } from "simple-statistics"
import { Schema } from "effect"
import { Calendar } from "@groundbreak/domain"
import * as Accuracy from "./Accuracy.ts"
import { normalQuantile } from "./CounterRandom.ts"

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

export interface SeriesForecast {
  readonly asOf: string
  readonly toDate: number
  /** Earlier complete years used. */
  readonly years: ReadonlyArray<number>
  readonly seasonalShare: MethodForecast
  readonly regression: MethodForecast
  /** The two methods averaged (means and quantiles). */
  readonly combined: MethodForecast
}

const z90 = normalQuantile(0.9)

/** Forecasts the year-end value of the year of `asOf` (`yyyymm`) from the series. */
export const forecast = (points: ReadonlyArray<SeriesPoint>, asOf: number): SeriesForecast => {
  const year = Math.floor(asOf / 100), month = asOf % 100
  const toDate = cumulativeAt(points, year, month) ??
    [...points].reverse().find((p) => Math.floor(p.period / 100) === year && p.period <= asOf)?.value
  if (toDate === undefined) throw new SeriesInvalid({ reason: `no value for ${Calendar.formatMonth(year * 100 + 1)}…${Calendar.formatMonth(asOf)} in the series` })
  const history = [...new Set(points.map((p) => Math.floor(p.period / 100)))]
    .filter((y) => y < year && points.some((p) => p.period === y * 100 + 12))
    .map((y) => ({ year: y, atMonth: cumulativeAt(points, y, month)!, end: cumulativeAt(points, y, 12)! }))
    .filter((h) => h.atMonth > 0 && h.end > 0)
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
  const both = (key: keyof MethodForecast) => (seasonalShare[key] + regression[key]) / 2
  return {
    asOf: Calendar.formatMonth(asOf),
    toDate,
    years: history.map((h) => h.year),
    seasonalShare,
    regression,
    combined: { mean: both("mean"), p10: both("p10"), p50: both("p50"), p90: both("p90") }
  }
}

export interface SeriesOrigin {
  readonly year: number
  readonly actual: number
  readonly toDate: number
  readonly forecasts: Readonly<Record<"seasonalShare" | "regression" | "combined" | "runRate", MethodForecast>>
}

export interface SeriesScores {
  readonly method: "seasonalShare" | "regression" | "combined" | "runRate"
  readonly origins: number
  readonly bias: number
  readonly mape: number
  readonly coverage: number | null
  readonly winkler: number | null
  readonly pinball: number
  /** Of a normal with the forecast's P50 and P10–P90 spread (Accuracy.crpsNormal); the absolute error for run-rate. */
  readonly crps: number
  readonly skill: number | null
}

/**
 * Backtests the series forecast at month `month` of every year that has a
 * December value and an earlier full year: each forecast sees only the
 * series as it stood then (earlier years, and the year up to that month).
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
    const runRate = (f.toDate * 12) / month
    origins.push({ year, actual, toDate: f.toDate, forecasts: { seasonalShare: f.seasonalShare, regression: f.regression, combined: f.combined, runRate: { mean: runRate, p10: runRate, p50: runRate, p90: runRate } } })
  }
  const methods = ["seasonalShare", "regression", "combined", "runRate"] as const
  const scored = methods.map((method) => {
    const rows = origins.map((o) => {
      const f = o.forecasts[method], y = o.actual
      const interval = method !== "runRate"
      const sigma = (f.p90 - f.p10) / (2 * z90)
      // A degenerate interval (every earlier year alike) covers the actual up to rounding.
      const slack = 1e-9 * Math.abs(y)
      return {
        error: Accuracy.error(f.p50, y),
        ape: Accuracy.absolutePercentageError(f.p50, y),
        covered: interval ? (Accuracy.covers(f.p10 - slack, f.p90 + slack, y) ? 1 : 0) : null,
        winkler: interval ? Accuracy.winkler(f.p10, f.p90, y) : null,
        pinball: interval
          ? (Accuracy.pinball(f.p10, 0.1, y) + Accuracy.pinball(f.p50, 0.5, y) + Accuracy.pinball(f.p90, 0.9, y)) / 3
          : Accuracy.pinball(f.p50, 0.5, y),
        crps: Accuracy.crpsNormal(f.p50, interval ? sigma : 0, y)
      }
    })
    const avg = (xs: Array<number>) => (xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length)
    const covered = rows.map((r) => r.covered).filter((c): c is number => c !== null)
    const winklers = rows.map((r) => r.winkler).filter((w): w is number => w !== null)
    return { method, origins: rows.length, bias: avg(rows.map((r) => r.error)), mape: avg(rows.map((r) => r.ape)), coverage: covered.length === 0 ? null : avg(covered), winkler: winklers.length === 0 ? null : avg(winklers), pinball: avg(rows.map((r) => r.pinball)), crps: avg(rows.map((r) => r.crps)), skill: null as number | null }
  })
  const reference = scored.find((s) => s.method === "runRate")!.crps
  return { origins, scores: scored.map((s) => ({ ...s, skill: reference > 0 ? 1 - s.crps / reference : null })) }
}
