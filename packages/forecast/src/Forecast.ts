/**
 * A forecast, in three steps with one shape each (fit, simulate,
 * summarize): fit the lifecycle to the store's history as known at the cut,
 * simulate the rest of the year under the scenario, and report year-end
 * outcomes as distributions, beside the simple methods.
 */
import { Effect, Schema } from "effect"
import { Calendar, type ProjectFacts } from "@groundbreak/domain"
import { Kpis, Replay } from "@groundbreak/indicators"
import { Scenario } from "@groundbreak/scenario"
import * as Estimation from "./Estimation.ts"
import * as Fan from "./Fan.ts"
import * as GroupForecast from "./GroupForecast.ts"
import * as Methods from "./Methods.ts"
import * as ModelError from "./ModelError.ts"
import * as Portfolio from "./Portfolio.ts"
import * as ProjectRisk from "./ProjectRisk.ts"
import * as RiskTally from "./RiskTally.ts"
import * as SimulationPool from "./SimulationPool.ts"
import * as Simulator from "./Simulator.ts"
import * as Summary from "./Summary.ts"
import * as Survival from "./Survival.ts"

export interface ForecastRequest {
  readonly scenario: Scenario.Scenario
  readonly year: number
  /** Valid date D, YYYY-MM-DD. */
  readonly asOf: string
  /** Knowledge cut K as written (a date or a date-time with offset). */
  readonly knownAt: string
  readonly paths: number
  readonly seed: number
  readonly workers?: number
  readonly onProgress?: (pathsDone: number) => void
  /** Keep per-project risk counters (probabilities of completing the plan and of starting, year-end P10–P90). */
  readonly risk?: boolean
  /** Keep per-path sums by this grouping, for per-group distributions. */
  readonly groupBy?: Kpis.GroupBy
}

export interface Target {
  readonly metric: "investment" | "startRate" | "startResumeRate"
  readonly target: number
  readonly probability: number
}

export interface ForecastResult {
  readonly scenario: string
  readonly year: number
  readonly asOf: string
  readonly knownAt: string
  readonly paths: number
  readonly seed: number
  /** Completed investment of the plan at 31 December, 万元: the simulation. */
  readonly investment: Summary.Distribution
  /** Planned investment of the year's plan at 31 December (extra projects' plans included), 万元. */
  readonly plannedInvestment: Summary.Distribution
  /** 完成年度计划 at 31 December: completed / planned investment, path by path. */
  readonly completionRate: Summary.Distribution
  /**
   * A combination of year-end investment forecasts: the simulation and the simple methods weighted by how well
   * each forecast earlier years from the same date (Methods.combinationWeights); its distribution is the
   * simulation's, moved to the combined median. The headline when it beat the simulation in those backtests.
   */
  readonly combined: {
    readonly investment: Summary.Distribution
    readonly weights: Readonly<Record<Methods.Combined, number>>
    readonly backtests: ReadonlyArray<ModelError.YearBacktest>
    /** Whether the combination beat the simulation in the backtests (leave one year out): then it is the headline. */
    readonly headline: boolean
  }
  readonly startRate: Summary.Distribution
  readonly startResumeRate: Summary.Distribution
  readonly commissioned: Summary.Distribution
  readonly targets: ReadonlyArray<Target>
  /** Every simple method's forecasts (Methods.simple), in the order shown. */
  readonly methods: Readonly<Record<Methods.Simple, MethodForecasts>>
  /**
   * How much history the model's own error rests on: the earlier years
   * backtested. With fewer than two, the P10–P90 band understates the
   * uncertainty (`enough` is false) and every output says so.
   */
  readonly history: { readonly modelErrorYears: number; readonly enough: boolean }
  readonly model: {
    readonly curve: string
    /** Sectors with a curve of their own (better on their held-out projects than the overall curve). */
    readonly sectorCurves: ReadonlyArray<string>
    readonly curveHeldOutError: { readonly kenleyWilson: number; readonly linear: number }
    readonly noiseSigma: number
    readonly reportLagDays: number
    readonly medianStartDelayMonths: number | null
    readonly medianConstructionMonths: number | null
    readonly monthlyCancellationHazard: number
    /** Monthly hazard of cancellation of a new project still waiting to start. */
    readonly monthlyWaitingCancellationHazard: number
    /** This year's start pace against the start-delay model (a hazard ratio, as its log and spread). */
    readonly startPace: Estimation.StartPace
    /** This year's pace of work against the curves, city and districts, and how far projects stray from it. */
    readonly investmentPace: Estimation.InvestmentPace
    /** Calendar factor of a project's work in each month (mean 1). */
    readonly workCalendar: ReadonlyArray<number>
    readonly error: Estimation.ModelError
    readonly seasonality: ReadonlyArray<number>
    readonly projects: number
  }
}

/** A simple method's year-end forecasts: investment (万元) and start rate. */
export interface MethodForecasts {
  readonly investment: number
  readonly startRate: number | null
}

export class ForecastInvalid extends Schema.TaggedError<ForecastInvalid>()("ForecastInvalid", { reason: Schema.String }) {
  override get message(): string {
    return this.reason
  }
}

/** The calendar day (China time) of a knowledge cut. */
export const knownDay = (knownBy: number): number => Math.floor((knownBy + 8 * 3_600_000) / 86_400_000)

/**
 * The day the simulation starts from: everything known at K counts, so when
 * K is later than D, facts after D already known count (capped at 31
 * December). The months after this day's month are simulated.
 */
export const simulationStart = (year: number, asOf: number, knownBy: number): number =>
  Math.min(Calendar.startOfYear(year + 1) - 1, Math.max(asOf, knownDay(knownBy)))

/** The start rate of the plan's new projects month by month, and the share of a year's starts usually made by D's month. */
const startSeries = (facts: ReadonlyArray<ProjectFacts.ProjectFacts>, compiled: Portfolio.Compiled): Methods.StartSeries | null => {
  const a = compiled.asOfMonth
  let newProjects = 0
  const byMonth = new Float64Array(13)
  for (let i = 0; i < compiled.count; i++) {
    if (compiled.isNew[i] !== 1) continue
    newProjects++
    const s = compiled.startMonth[i]!
    if (s !== Portfolio.NEVER) byMonth[Math.max(1, Math.min(a, s))]!++
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

/** Earlier years the model's error must rest on before its spread is trusted. */
export const minimumErrorYears = 2

/** The baseline scenario: no assumption beyond the fitted model. */
export const baseline = (year: number, asOf: string): Scenario.Scenario => ({ name: "baseline", year, asOf })

export const forecast = Effect.fn("Forecast.forecast")(function*(request: ForecastRequest) {
  const asOf = Calendar.parseDate(request.asOf)
  const knownBy = Calendar.parseKnowledgeCut(request.knownAt)
  if (asOf === undefined) return yield* new ForecastInvalid({ reason: `asOf must be a date YYYY-MM-DD, found ${request.asOf}` })
  if (knownBy === undefined) return yield* new ForecastInvalid({ reason: `knownAt must be a date or a date-time with offset, found ${request.knownAt}` })
  if (Calendar.yearOfDay(asOf) !== request.year) {
    return yield* new ForecastInvalid({ reason: `asOf ${request.asOf} is not in the plan year ${request.year}` })
  }
  const facts = [...(yield* Replay.portfolioKnownAt(knownBy)).projects.values()]
  const start = simulationStart(request.year, asOf, knownBy)
  const { error, backtests } = yield* ModelError.estimate(facts, request.year, start, knownBy, request.seed)
  const model = { ...Estimation.fit(facts, request.year, start), error }
  const compiled = Portfolio.compile(facts, request.year, start)
  if (compiled.count === 0) {
    return yield* new ForecastInvalid({ reason: `no project is on the ${request.year} plan as known at ${request.knownAt}` })
  }
  const prepared = yield* Simulator.prepare(compiled, request.scenario, request.seed, request.risk || request.groupBy ? {
    risk: request.risk ?? false,
    ...(request.groupBy === undefined ? {} : { groups: RiskTally.groupSpec(compiled, request.scenario, request.groupBy) })
  } : undefined)
  const outcomes = yield* SimulationPool.runPaths(compiled, model, prepared, request.paths, {
    ...(request.workers === undefined ? {} : { workers: request.workers }),
    ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress })
  })
  const completion = outcomes.investment.map((v, i) => Kpis.completionRate(v, outcomes.plannedInvestment[i]!) ?? NaN)
  const actual = Kpis.compute(facts, { year: request.year, asOf })
  const series = Methods.monthlySeriesOf(facts, compiled)
  const starts = startSeries(facts, compiled)
  const simulated = Summary.summarize(outcomes.investment, actual.completedInvestment)
  const methods = Methods.forecastAll({ series, starts, seasonality: model.seasonality })
  const pointForecasts: Record<Methods.Combined, number> = {
    simulation: simulated.p50 ?? actual.completedInvestment,
    ...Methods.investments(methods)
  }
  // With the whole year reported, every method is the actual: nothing to combine.
  const weights = series.cumulative.length === 12
    ? Methods.combinationWeights([])
    : Methods.combinationWeights(backtests)
  const combinedInvestment = Methods.combineSamples(outcomes.investment, pointForecasts, weights, actual.completedInvestment)
  const targets: Array<Target> = []
  const t = request.scenario.targets
  if (t?.investment) {
    const target = Scenario.toWan(t.investment.unit, t.investment.value)
    targets.push({ metric: "investment", target, probability: Summary.probabilityAtLeast(outcomes.investment, target) })
  }
  if (t?.startRate !== undefined) targets.push({ metric: "startRate", target: t.startRate, probability: Summary.probabilityAtLeast(outcomes.startRate, t.startRate) })
  if (t?.startResumeRate !== undefined) {
    targets.push({ metric: "startResumeRate", target: t.startResumeRate, probability: Summary.probabilityAtLeast(outcomes.startResumeRate, t.startResumeRate) })
  }
  const result: ForecastResult = {
    scenario: request.scenario.name,
    year: request.year,
    asOf: request.asOf,
    knownAt: request.knownAt,
    paths: request.paths,
    seed: request.seed,
    investment: simulated,
    plannedInvestment: Summary.summarize(outcomes.plannedInvestment, actual.plannedInvestment),
    completionRate: Summary.summarize(completion, actual.completionRate),
    combined: {
      investment: Summary.summarize(combinedInvestment, actual.completedInvestment),
      weights,
      backtests,
      headline: series.cumulative.length < 12 && Methods.combinationBeatsSimulation(backtests)
    },
    startRate: Summary.summarize(outcomes.startRate, actual.startRate),
    startResumeRate: Summary.summarize(outcomes.startResumeRate, actual.startResumeRate),
    commissioned: Summary.summarize(outcomes.commissioned, actual.commissioned),
    targets,
    history: { modelErrorYears: model.error.years.length, enough: model.error.years.length >= minimumErrorYears },
    methods,
    model: {
      curve: model.curve.family,
      sectorCurves: Object.keys(model.curvesBySector).sort(),
      curveHeldOutError: model.curve.heldOutError,
      noiseSigma: model.noiseSigma,
      reportLagDays: model.reportLagDays,
      medianStartDelayMonths: Survival.median(model.startDelay) ?? null,
      medianConstructionMonths: Survival.median(model.duration) ?? null,
      monthlyCancellationHazard: model.cancellationHazard,
      monthlyWaitingCancellationHazard: model.waitingCancellationHazard,
      startPace: model.startPace,
      investmentPace: model.investmentPace,
      workCalendar: model.workCalendar,
      error: model.error,
      seasonality: model.seasonality,
      projects: compiled.count
    }
  }
  const fan = Fan.of(facts, compiled, outcomes, series.cumulative.length)
  const districts = Kpis.computeGrouped(facts, { year: request.year, asOf }, "district").groups.map((g) => ({
    district: g.key,
    toDate: g.values,
    meanYearEnd: outcomes.districtMeans[compiled.districts.indexOf(g.key)] ?? null
  }))
  const risk = outcomes.risk === undefined ? undefined : ProjectRisk.of(compiled, outcomes.risk)
  const groups = outcomes.groups === undefined || request.groupBy === undefined
    ? undefined
    : GroupForecast.summarize(outcomes.groups, Kpis.computeGrouped(facts, { year: request.year, asOf }, request.groupBy), t ?? {})
  return { result, outcomes, combinedInvestment, compiled, model, prepared, knownBy, fan, districts, risk, groups }
})

export type ForecastOutput = Effect.Success<ReturnType<typeof forecast>>
