/**
 * How wrong the model has been: the same forecast made for earlier plan
 * years from the same calendar date, with each year's data cut as it was
 * known then, compared with how those years actually ended. The log ratio of
 * actual to forecast investment still to come, beyond the spread the
 * simulation itself gave, is the model's extra spread (and, with enough
 * years, its bias), which every path then carries (see Estimation.ModelError
 * and `combine`). Only
 * what is known at the forecast's own cut is used: an earlier year counts
 * only when its year-end is known.
 */
import { Effect } from "effect"
import { Calendar, KnowledgeCut, type ProjectFacts } from "@groundbreak/domain"
import { Kpis, type Replay } from "@groundbreak/indicators"
import * as Estimation from "./Estimation.ts"
import * as Methods from "./Methods.ts"
import * as CompiledPlan from "./CompiledPlan.ts"
import * as PlanCompiler from "./PlanCompiler.ts"
import * as SimulationPool from "./SimulationPool.ts"
import * as Simulator from "./Simulator.ts"
import * as ScenarioDraws from "./ScenarioDraws.ts"

/** Years looked back, and paths per backtest (their mean and spread are used). */
const lookBack = 3
const backtestPaths = 64
/** The smallest spread assumed: a few backtests can agree by luck. */
const sigmaFloor = 0.02
/** Earlier years with investment reports a backtest year needs. */
const minimumHistoryYears = 1
/**
 * Prior evidence, in backtest years, that the simulation's own spread is right (no extra error): the spread
 * added is the backtests' excess squared error over what the simulation expected, pooled with this many years
 * of none, so one bad year widens the interval without exploding it and two good ones cannot collapse it.
 */
const priorYears = 2
/** Backtests needed before a bias is corrected at all: with fewer, a bias cannot be told from a bad year. */
const biasYears = 3

const historyYears = (facts: ReadonlyArray<ProjectFacts.ProjectFacts>, year: number): number => {
  const years = new Set<number>()
  for (const f of facts) for (const period of f.investment.keys()) if (Math.floor(period / 100) < year) years.add(Math.floor(period / 100))
  return years.size
}

/** One backtest: how an earlier year ended, and what each method (Methods.combined) forecast for it from the same date (万元). */
export type YearBacktest = { readonly year: number; readonly actual: number } & Readonly<Record<Methods.Combined, number>>

const sameDayIn = (day: number, year: number): number => {
  const date = Calendar.formatDate(day)
  const shifted = `${year}${date.slice(4)}`
  return Calendar.parseDate(shifted) ?? Calendar.parseDate(`${year}${date.slice(4, 8)}28`)!
}

/**
 * The model's error, from backtests of up to {@link lookBack} earlier years; each earlier year's data is taken
 * from `history` (the forecast's one read of the store) as known at that year's same day.
 */
export const estimate = Effect.fn("ModelError.estimate")(function*(
  history: Replay.History,
  year: number,
  start: number,
  seed: number
) {
  const facts = history.facts
  const ratios: Array<number> = []
  const ownVariances: Array<number> = []
  const years: Array<number> = []
  const backtests: Array<YearBacktest> = []
  for (let y = year - 1; y >= year - lookBack; y--) {
    const day = sameDayIn(start, y)
    // The year's actual end must be known now: its December reports, a month after.
    if (KnowledgeCut.endOfDay(Calendar.parseDate(`${y + 1}-01-31`)!).at > history.cut.at) continue
    const then = history.at(KnowledgeCut.endOfDay(day)).facts
    const compiled = PlanCompiler.compile(then, y, day)
    // A year whose own past is too thin to fit the model on says little about the model.
    if (compiled.count < 10 || historyYears(then, y) < minimumHistoryYears) continue
    const model = Estimation.fit(then, y, day)
    const prepared = yield* ScenarioDraws.prepare(compiled, { name: "backtest", year: y, asOf: Calendar.formatDate(day) }, seed)
    const outcomes = yield* SimulationPool.runPaths(compiled, model, prepared, backtestPaths)
    const known = compiled.known.reduce((a, b) => a + b, 0)
    const remaining = Array.from(outcomes.investment, (v) => v - known).filter((v) => v > 0)
    const forecast = remaining.reduce((a, b) => a + b, 0) / Math.max(1, remaining.length)
    const actual = Kpis.compute(facts, { year: y, asOf: Calendar.startOfYear(y + 1) - 1 }).completedInvestment - known
    if (forecast > 0 && actual > 0 && remaining.length > 1) {
      const logs = remaining.map(Math.log)
      const meanLog = logs.reduce((a, b) => a + b, 0) / logs.length
      ratios.push(Math.log(actual / forecast))
      ownVariances.push(logs.reduce((a, l) => a + (l - meanLog) ** 2, 0) / (logs.length - 1))
      years.push(y)
      const series = Methods.monthlySeriesOf(then, compiled)
      backtests.push({
        year: y,
        actual: actual + known,
        simulation: forecast + known,
        ...Methods.investments(Methods.forecastAll({ series, starts: null, seasonality: model.seasonality }))
      })
    }
  }
  return { error: combine(ratios, ownVariances, years), backtests }
})

/**
 * The model error from backtests: log(actual / forecast) of the investment still to come, and the simulation's
 * own variance of that log in each backtest. The bias is corrected only with {@link biasYears} or more backtests
 * (shrunk by the prior years); the extra spread is the mean excess of the squared errors over the simulation's own
 * variance, pooled with {@link priorYears} years of none.
 */
export const combine = (ratios: ReadonlyArray<number>, ownVariances: ReadonlyArray<number>, years: ReadonlyArray<number>): Estimation.ModelError => {
  const n = ratios.length
  if (n === 0) return Estimation.noError
  const mean = ratios.reduce((a, b) => a + b, 0) / n
  const bias = n >= biasYears ? (mean * n) / (n + priorYears) : 0
  let excess = 0
  ratios.forEach((r, k) => (excess += (r - bias) ** 2 - ownVariances[k]!))
  const sigma = Math.sqrt(Math.max(0, excess) / (n + priorYears))
  return { bias, sigma: Math.max(sigmaFloor, sigma), years }
}
