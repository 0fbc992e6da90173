/**
 * A fitted model: the first of a forecast's three steps (fit → simulate →
 * summarize). It holds everything a forecast rests on that does not depend
 * on the scenario: the store's facts as known at the cut, the plan compiled
 * for the simulation, the lifecycle fitted to that history (Estimation), the
 * model's own error measured by backtests of earlier years (ModelError), and
 * the year so far as the simple methods see it. A command fits it once and
 * reuses it for every scenario, sensitivity knob and simulated path.
 */
import { Effect } from "effect"
import { Calendar, type KnowledgeCut, type ProjectFacts } from "@groundbreak/domain"
import { Kpis, type Replay } from "@groundbreak/indicators"
import * as Estimation from "./Estimation.ts"
import * as Methods from "./Methods.ts"
import * as ModelError from "./ModelError.ts"
import * as CompiledPlan from "./CompiledPlan.ts"
import * as PlanCompiler from "./PlanCompiler.ts"
import { ForecastInvalid } from "./ForecastInvalid.ts"

export interface Model {
  readonly year: number
  /** Valid date D as written, YYYY-MM-DD, and as an epoch day. */
  readonly asOf: string
  readonly asOfDay: number
  readonly cut: KnowledgeCut.KnowledgeCut
  /** The seed of the model-error backtests (a forecast's own seed). */
  readonly seed: number
  /** The day the simulation starts from ({@link simulationStart}). */
  readonly start: number
  /** Every project's facts as known at the cut. */
  readonly facts: ReadonlyArray<ProjectFacts.ProjectFacts>
  /** The year's plan compiled for the simulation. */
  readonly compiled: CompiledPlan.Compiled
  /** The fitted lifecycle, its error included. */
  readonly parameters: Estimation.Model
  /** The earlier years the error was measured on, each method's forecast of them beside their actual end. */
  readonly backtests: ReadonlyArray<ModelError.YearBacktest>
  /** The indicators of the year as of D, as known at the cut. */
  readonly toDate: Kpis.KpiValues
  /** The year's cumulative investment month by month, for the simple methods. */
  readonly series: Methods.MonthlySeries
  /** The start rate month by month, for the simple methods; null without new projects. */
  readonly starts: Methods.StartSeries | null
}

export interface FitRequest {
  readonly year: number
  /** Valid date D, YYYY-MM-DD, within the plan year. */
  readonly asOf: string
  readonly seed: number
}

/**
 * The day the simulation starts from: everything known at K counts, so when
 * K is later than D, facts after D already known count (capped at 31
 * December). The months after this day's month are simulated.
 */
export const simulationStart = (year: number, asOf: number, cut: KnowledgeCut.KnowledgeCut): number =>
  Math.min(Calendar.startOfYear(year + 1) - 1, Math.max(asOf, cut.day))

/** How many projects have a plan for `year`: at most the plan a model of that year simulates (withdrawals aside). */
export const withPlanFor = (facts: ReadonlyArray<ProjectFacts.ProjectFacts>, year: number): number =>
  facts.reduce((n, f) => (f.plans.has(year) ? n + 1 : n), 0)

/** The start rate of the plan's new projects month by month, and the share of a year's starts usually made by D's month. */
const startSeries = (facts: ReadonlyArray<ProjectFacts.ProjectFacts>, compiled: CompiledPlan.Compiled): Methods.StartSeries | null => {
  const a = compiled.asOfMonth
  let newProjects = 0
  const byMonth = new Float64Array(13)
  for (let i = 0; i < compiled.count; i++) {
    if (compiled.isNew[i] !== 1) continue
    newProjects++
    const s = compiled.startMonth[i]!
    if (s !== CompiledPlan.NEVER) byMonth[Math.max(1, Math.min(a, s))]!++
  }
  if (newProjects === 0) return null
  const cumulative: Array<number> = []
  let sum = 0
  for (let m = 1; m <= a; m++) cumulative.push((sum += byMonth[m]!) / newProjects)
  // Earlier years: of the new projects that started within their plan year, the share started by the end of month a.
  let byThen = 0, byYearEnd = 0
  for (const f of facts) {
    if (f.startedOn === undefined) continue
    const started = Calendar.monthOfDay(f.startedOn)
    for (const [year, plan] of f.plans) {
      if (!plan.isNew || year >= compiled.year || Math.floor(started / 100) !== year) continue
      byYearEnd++
      if (started % 100 <= a) byThen++
    }
  }
  return { cumulative, usualShare: byYearEnd >= 10 ? byThen / byYearEnd : undefined }
}

/** Fits the model to a history (one read of the store, at the forecast's cut) for the plan year as of D. */
export const fit = Effect.fn("Model.fit")(function*(history: Replay.History, request: FitRequest) {
  const asOfDay = Calendar.parseDate(request.asOf)
  if (asOfDay === undefined) return yield* new ForecastInvalid({ reason: `asOf must be a date YYYY-MM-DD, found ${request.asOf}` })
  if (Calendar.yearOfDay(asOfDay) !== request.year) {
    return yield* new ForecastInvalid({ reason: `asOf ${request.asOf} is not in the plan year ${request.year}` })
  }
  const { cut, facts } = history
  const start = simulationStart(request.year, asOfDay, cut)
  const { error, backtests } = yield* ModelError.estimate(history, request.year, start, request.seed)
  const parameters: Estimation.Model = { ...Estimation.fit(facts, request.year, start), error }
  const compiled = PlanCompiler.compile(facts, request.year, start)
  if (compiled.count === 0) {
    return yield* new ForecastInvalid({ reason: `no project is on the ${request.year} plan as known at ${cut.text}` })
  }
  return {
    year: request.year,
    asOf: request.asOf,
    asOfDay,
    cut,
    seed: request.seed,
    start,
    facts,
    compiled,
    parameters,
    backtests,
    toDate: Kpis.compute(facts, { year: request.year, asOf: asOfDay }),
    series: Methods.monthlySeriesOf(facts, compiled),
    starts: startSeries(facts, compiled)
  } satisfies Model
})
