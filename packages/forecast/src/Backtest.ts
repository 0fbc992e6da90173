/**
 * Backtests: forecasts made at past origins (each year × each forecast date),
 * each with the data cut as it was known that day (estimation included: the
 * forecast function is the same, only the cut moves), scored against how the
 * year actually ended. Every method is scored the same way; the simulation
 * and the combination (Forecast's `combined`) also get interval and
 * distribution scores (coverage, Winkler, CRPS). The store is read once:
 * each origin's data (and its model-error backtests') is that read as known
 * at the origin.
 */
import { Effect } from "effect"
import { Calendar, KnowledgeCut, type ProjectFacts } from "@groundbreak/domain"
import { Kpis, Replay } from "@groundbreak/indicators"
import type { Scenario } from "@groundbreak/scenario"
import * as Accuracy from "./Accuracy.ts"
import * as Forecast from "./Forecast.ts"
import * as Methods from "./Methods.ts"
import * as Model from "./Model.ts"

export type Metric = "investment" | "startRate"
/** The simulation, the combination and every simple method (Methods.simple). */
export type Method = "simulation" | "combined" | Methods.Simple
export const methods: ReadonlyArray<Method> = ["simulation", "combined", ...Methods.simpleNames]
export const metrics: ReadonlyArray<Metric> = ["investment", "startRate"]

export interface OriginForecast {
  readonly point: number
  readonly p10?: number
  readonly p90?: number
}

export interface Origin {
  readonly year: number
  readonly asOf: string
  readonly actual: { readonly investment: number; readonly startRate: number | null }
  readonly toDate: { readonly investment: number; readonly startRate: number | null }
  readonly forecasts: Readonly<Record<Metric, Readonly<Record<Method, OriginForecast | null>>>>
  /** Per metric, the scores of each method at this origin. */
  readonly scores: Readonly<Record<Metric, Readonly<Record<Method, OriginScores | null>>>>
}

export interface OriginScores {
  readonly error: number
  readonly ape: number
  readonly covered: boolean | null
  readonly winkler: number | null
  /** Mean pinball loss over the reported quantiles (P10, P50, P90); a point method's single quantile is its P50. */
  readonly pinball: number
  /** Exact from the samples for the simulation; the absolute error for a point forecast. */
  readonly crps: number
}

/** A method's scores over its origins (Backtest's and Series's alike). */
export interface Aggregate {
  readonly origins: number
  readonly bias: number
  readonly mape: number
  readonly coverage: number | null
  readonly coverageGap: number | null
  readonly winkler: number | null
  readonly pinball: number
  readonly crps: number
  /** 1 − CRPS / CRPS of run-rate, over the same origins. */
  readonly skill: number | null
}

export interface MethodScores extends Aggregate {
  readonly method: Method
  readonly metric: Metric
}

export interface BacktestResult {
  readonly years: ReadonlyArray<number>
  readonly asOfs: ReadonlyArray<string>
  readonly paths: number
  readonly seed: number
  readonly origins: ReadonlyArray<Origin>
  readonly scores: ReadonlyArray<MethodScores>
}

/**
 * One forecast scored against the actual. The CRPS is exact from the samples when given, else `crps` (say a normal's,
 * Accuracy.crpsNormal), else the absolute error of the point. A degenerate interval covers the actual up to rounding.
 */
export const scoreOrigin = (f: OriginForecast, actual: number, samples?: ArrayLike<number>, crps?: number): OriginScores => {
  const interval = f.p10 !== undefined && f.p90 !== undefined
  const slack = 1e-9 * Math.abs(actual)
  return {
    error: Accuracy.error(f.point, actual),
    ape: Accuracy.absolutePercentageError(f.point, actual),
    covered: interval ? Accuracy.covers(f.p10! - slack, f.p90! + slack, actual) : null,
    winkler: interval ? Accuracy.winkler(f.p10!, f.p90!, actual) : null,
    pinball: interval
      ? (Accuracy.pinball(f.p10!, 0.1, actual) + Accuracy.pinball(f.point, 0.5, actual) + Accuracy.pinball(f.p90!, 0.9, actual)) / 3
      : Accuracy.pinball(f.point, 0.5, actual),
    crps: samples !== undefined ? Accuracy.crps(samples, actual) : crps ?? Math.abs(f.point - actual)
  }
}

const average = (values: ReadonlyArray<number>): number => values.reduce((a, b) => a + b, 0) / values.length

/** Aggregates a method's origin scores; skill against the reference's (run-rate's) scores. */
export const aggregate = (scored: ReadonlyArray<OriginScores>, reference: ReadonlyArray<OriginScores>): Aggregate => {
  const covered = scored.filter((s) => s.covered !== null)
  const coverage = covered.length === 0 ? null : covered.filter((s) => s.covered).length / covered.length
  const winklers = scored.map((s) => s.winkler).filter((w): w is number => w !== null)
  const crps = scored.length === 0 ? NaN : average(scored.map((s) => s.crps))
  return {
    origins: scored.length,
    bias: scored.length === 0 ? NaN : average(scored.map((s) => s.error)),
    mape: scored.length === 0 ? NaN : average(scored.map((s) => s.ape)),
    coverage,
    coverageGap: coverage === null ? null : coverage - 0.8,
    winkler: winklers.length === 0 ? null : average(winklers),
    pinball: scored.length === 0 ? NaN : average(scored.map((s) => s.pinball)),
    crps,
    skill: reference.length === 0 ? null : Accuracy.skill(crps, average(reference.map((s) => s.crps)))
  }
}

/** Aggregates origin scores per method and metric. */
export const summarize = (origins: ReadonlyArray<Origin>): Array<MethodScores> =>
  metrics.flatMap((metric) => methods.map((method) => ({
    method,
    metric,
    ...aggregate(
      origins.map((o) => o.scores[metric][method]).filter((s): s is OriginScores => s !== null),
      origins.map((o) => o.scores[metric].runRate).filter((s): s is OriginScores => s !== null)
    )
  })))

export interface BacktestRequest {
  readonly scenario: Scenario.Scenario
  readonly years: ReadonlyArray<number>
  /** Forecast dates within each year, `MM-DD`. */
  readonly asOfs: ReadonlyArray<string>
  readonly paths: number
  readonly seed: number
  readonly onOrigin?: (done: number, total: number) => void
}

/**
 * The last month of `year` with an investment report of its plan (yyyymm),
 * or undefined. A year's end is known once December is reported.
 */
export const lastReportedMonth = (facts: ReadonlyArray<ProjectFacts.ProjectFacts>, year: number): number | undefined => {
  let last: number | undefined
  for (const f of facts) {
    if (!f.plans.has(year)) continue
    for (const period of f.investment.keys()) if (Math.floor(period / 100) === year && (last === undefined || period > last)) last = period
  }
  return last
}

export const backtest = Effect.fn("Backtest.backtest")(function*(request: BacktestRequest) {
  const history = yield* Replay.history(KnowledgeCut.everything)
  const everything = history.facts
  // A year is scored against how it ended: one whose December is not reported yet has no actual to score against.
  for (const year of request.years) {
    const last = lastReportedMonth(everything, year)
    if (last === undefined || last % 100 !== 12) {
      return yield* new Forecast.ForecastInvalid({
        reason: `backtest year ${year}: its end is not known yet (${last === undefined ? `no investment report of the ${year} plan is stored` : `the ${year} plan is reported only through ${Calendar.formatMonth(last)}`}); leave ${year} out of --years`
      })
    }
  }
  return yield* Effect.scoped(scoreOrigins(history, request))
})

/** Every origin's forecast, each on the model fitted to the history as known then, all on one set of workers. */
const scoreOrigins = Effect.fnUntraced(function*(history: Replay.History, request: BacktestRequest) {
  const everything = history.facts
  const onPlan = Math.max(0, ...request.years.map((year) => Model.withPlanFor(everything, year)))
  const workers = yield* Forecast.poolFor(onPlan, request.paths)
  const origins: Array<Origin> = []
  const total = request.years.length * request.asOfs.length
  for (const year of request.years) {
    const actual = Kpis.compute(everything, { year, asOf: Calendar.startOfYear(year + 1) - 1 })
    for (const monthDay of request.asOfs) {
      const asOf = `${year}-${monthDay}`
      const model = yield* Model.fit(history.at(KnowledgeCut.endOfDay(Calendar.parseDate(asOf)!)), { year, asOf, seed: request.seed })
      const { result, outcomes, combinedInvestment } = yield* Forecast.run(model, {
        scenario: { ...request.scenario, year, asOf, knownAt: asOf },
        paths: request.paths,
        ...workers
      })
      const simulation = (d: { p10: number | null; p50: number | null; p90: number | null }) =>
        d.p50 === null ? null : { point: d.p50, p10: d.p10!, p90: d.p90! }
      const simple = (metric: Metric) => Object.fromEntries(Methods.simpleNames.map((name) => {
        const point = result.methods[name][metric]
        return [name, point === null ? null : { point }]
      })) as Record<Methods.Simple, OriginForecast | null>
      const forecasts: Origin["forecasts"] = {
        investment: { simulation: simulation(result.investment), combined: simulation(result.combined.investment), ...simple("investment") },
        startRate: { simulation: simulation(result.startRate), combined: null, ...simple("startRate") }
      }
      const score = (metric: Metric, method: Method, actualValue: number | null): OriginScores | null => {
        const f = forecasts[metric][method]
        if (f === null || actualValue === null) return null
        const samples = method === "combined"
          ? combinedInvestment
          : method !== "simulation" ? undefined : metric === "investment" ? outcomes.investment : outcomes.startRate
        return scoreOrigin(f, actualValue, samples)
      }
      const scores = Object.fromEntries(metrics.map((metric) => [
        metric,
        Object.fromEntries(methods.map((method) => [method, score(metric, method, metric === "investment" ? actual.completedInvestment : actual.startRate)]))
      ])) as unknown as Origin["scores"]
      origins.push({
        year,
        asOf,
        actual: { investment: actual.completedInvestment, startRate: actual.startRate },
        toDate: { investment: result.investment.actualToDate ?? 0, startRate: result.startRate.actualToDate },
        forecasts,
        scores
      })
      request.onOrigin?.(origins.length, total)
    }
  }
  return { years: request.years, asOfs: request.asOfs, paths: request.paths, seed: request.seed, origins, scores: summarize(origins) } satisfies BacktestResult
})
