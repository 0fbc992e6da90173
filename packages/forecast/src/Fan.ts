/**
 * The month-by-month picture of a forecast: cumulative investment (known
 * reports to date, then the P10–P50–P90 of the paths to December) and the
 * start rate's path, for fan charts.
 */
import type { ProjectFacts } from "@groundbreak/domain"
import { quantileSorted } from "simple-statistics"
import { type Compiled, NEVER } from "./CompiledPlan.ts"
import { onPlanAtYearEnd } from "./PlanCompiler.ts"
import type { PathOutcomes } from "./Simulator.ts"

export interface FanMonth {
  readonly month: number
  /** Known to date (cumulative), for months up to the last one reported; null after. */
  readonly actual: number | null
  readonly p10: number
  readonly p50: number
  readonly p90: number
}

export interface Fan {
  readonly investment: ReadonlyArray<FanMonth>
  readonly startRate: ReadonlyArray<FanMonth>
}

const band = (values: Float64Array) => {
  const sorted = Array.from(values).sort((a, b) => a - b)
  return { p10: quantileSorted(sorted, 0.1), p50: quantileSorted(sorted, 0.5), p90: quantileSorted(sorted, 0.9) }
}

/**
 * `shift` (万元) moves every path's year-end investment, as the combination does when it is the headline
 * (`Methods.combinationShift`): each path takes it in step with its own simulated work, so the fan ends on the
 * headline's distribution and never falls below what is known to date.
 */
export const of = (
  facts: ReadonlyArray<ProjectFacts.ProjectFacts>,
  compiled: Compiled,
  outcomes: PathOutcomes,
  coveredMonths: number,
  shift = 0
): Fan => {
  const paths = outcomes.investment.length
  const knownByMonth = new Float64Array(13)
  for (const f of facts) {
    if (!onPlanAtYearEnd(f, compiled.year)) continue
    for (const [period, report] of f.investment) if (Math.floor(period / 100) === compiled.year) knownByMonth[period % 100]! += report.amount
  }
  const startsByMonth = new Float64Array(13)
  for (let i = 0; i < compiled.count; i++) {
    const s = compiled.startMonth[i]!
    if (compiled.isNew[i] === 1 && s !== NEVER) startsByMonth[Math.max(1, s)]!++
  }
  const investment: Array<FanMonth> = [], startRate: Array<FanMonth> = []
  const cumulative = new Float64Array(paths), started = new Float64Array(paths)
  // Each path's simulated work for the rest of the year, and how much of it is done by each month.
  const simulatedTotal = new Float64Array(paths), simulatedSoFar = new Float64Array(paths), shown = new Float64Array(paths)
  for (let p = 0; p < paths; p++) for (let m = 0; m < 12; m++) simulatedTotal[p]! += outcomes.monthlyInvestment[p * 12 + m]!
  const rates = new Float64Array(paths)
  let knownCumulative = 0, knownStarts = 0
  const newProjects = Math.max(1, compiled.isNew.reduce((a, b) => a + b, 0))
  for (let m = 1; m <= 12; m++) {
    knownCumulative += knownByMonth[m]!
    knownStarts += startsByMonth[m]!
    for (let p = 0; p < paths; p++) {
      cumulative[p]! += knownByMonth[m]! + outcomes.monthlyInvestment[p * 12 + m - 1]!
      simulatedSoFar[p]! += outcomes.monthlyInvestment[p * 12 + m - 1]!
      const share = simulatedTotal[p]! > 0 ? simulatedSoFar[p]! / simulatedTotal[p]! : m === 12 ? 1 : 0
      shown[p] = Math.max(knownCumulative, cumulative[p]! + shift * share)
      started[p]! += outcomes.monthlyStarts[p * 12 + m - 1]!
      rates[p] = outcomes.newProjects[p]! === 0 ? 0 : (knownStarts + started[p]!) / outcomes.newProjects[p]!
    }
    investment.push({ month: m, actual: m <= coveredMonths ? knownCumulative : null, ...band(shown) })
    startRate.push({ month: m, actual: m <= compiled.asOfMonth ? knownStarts / newProjects : null, ...band(rates) })
  }
  return { investment, startRate }
}
