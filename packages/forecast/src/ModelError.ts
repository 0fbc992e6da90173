/**
 * How wrong the model has been: the same forecast made for earlier plan
 * years from the same calendar date, with each year's data cut as it was
 * known then, compared with how those years actually ended. The log ratio of
 * actual to forecast investment still to come gives the model's bias and
 * spread, which every path then carries (see Estimation.ModelError). Only
 * what is known at the forecast's own cut is used: an earlier year counts
 * only when its year-end is known.
 */
import { Effect } from "effect"
import { Calendar, type ProjectFacts } from "@groundbreak/domain"
import { Kpis, Replay } from "@groundbreak/projections"
import * as Estimation from "./Estimation.ts"
import * as Portfolio from "./Portfolio.ts"
import * as SimulationPool from "./SimulationPool.ts"
import * as Simulator from "./Simulator.ts"

/** Years looked back, and paths per backtest (only the mean is used). */
const lookBack = 3
const backtestPaths = 64
/** The smallest spread assumed: a few backtests can agree by luck. */
const sigmaFloor = 0.02
/** Earlier years with investment reports a backtest year needs. */
const minimumHistoryYears = 2

const historyYears = (facts: ReadonlyArray<ProjectFacts.ProjectFacts>, year: number): number => {
  const years = new Set<number>()
  for (const f of facts) for (const period of f.investment.keys()) if (Math.floor(period / 100) < year) years.add(Math.floor(period / 100))
  return years.size
}

const sameDayIn = (day: number, year: number): number => {
  const date = Calendar.formatDate(day)
  const shifted = `${year}${date.slice(4)}`
  return Calendar.parseDate(shifted) ?? Calendar.parseDate(`${year}${date.slice(4, 8)}28`)!
}

export const estimate = Effect.fn("ModelError.estimate")(function*(
  facts: ReadonlyArray<ProjectFacts.ProjectFacts>,
  year: number,
  start: number,
  knownBy: number,
  seed: number
) {
  const ratios: Array<number> = []
  const years: Array<number> = []
  for (let y = year - 1; y >= year - lookBack; y--) {
    const day = sameDayIn(start, y)
    const cut = Calendar.parseKnowledgeCut(Calendar.formatDate(day))!
    // The year's actual end must be known now: its December reports, a month after.
    if (Calendar.parseKnowledgeCut(`${y + 1}-01-31`)! > knownBy) continue
    const then = [...(yield* Replay.portfolioKnownAt(cut)).projects.values()]
    const compiled = Portfolio.compile(then, y, day)
    // A year whose own past is too thin to fit the model on says little about the model.
    if (compiled.count < 10 || historyYears(then, y) < minimumHistoryYears) continue
    const model = Estimation.fit(then, y, day)
    const prepared = Simulator.prepare(compiled, { name: "backtest", year: y, asOf: Calendar.formatDate(day) }, seed)
    const outcomes = yield* SimulationPool.runPaths(compiled, model, prepared, backtestPaths)
    const known = compiled.known.reduce((a, b) => a + b, 0)
    const forecast = outcomes.investment.reduce((a, b) => a + b, 0) / outcomes.investment.length - known
    const actual = Kpis.compute(facts, { year: y, asOf: Calendar.startOfYear(y + 1) - 1 }).completedInvestment - known
    if (forecast > 0 && actual > 0) {
      ratios.push(Math.log(actual / forecast))
      years.push(y)
    }
  }
  if (ratios.length === 0) return Estimation.noError
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length
  // Shrink the bias towards 0 by the number of years seen; the spread is what is left around it, floored.
  const bias = (mean * ratios.length) / (ratios.length + 1)
  const spread = Math.sqrt(ratios.reduce((a, r) => a + (r - bias) ** 2, 0) / ratios.length)
  return { bias, sigma: Math.max(sigmaFloor, spread), years } satisfies Estimation.ModelError
})
