/**
 * A forecast, in three steps with one shape each: fit (a `Model`, see
 * Model.ts: the lifecycle fitted to the store's history as known at the cut),
 * simulate the rest of the year under the scenario on that model, and
 * summarize the year-end outcomes as distributions, beside the simple
 * methods. A command that forecasts several times (scenarios, sensitivity
 * knobs, one simulated path) fits once and runs the last two steps on the
 * same model.
 */
import { Effect } from "effect"
import type { KnowledgeCut } from "@groundbreak/domain"
import { Kpis, Replay } from "@groundbreak/indicators"
import { Scenario } from "@groundbreak/scenario"
import type * as Estimation from "./Estimation.ts"
import * as Fan from "./Fan.ts"
import * as GroupForecast from "./GroupForecast.ts"
import * as Methods from "./Methods.ts"
import * as Model from "./Model.ts"
import type * as ModelError from "./ModelError.ts"
import * as ProjectRisk from "./ProjectRisk.ts"
import * as RiskTally from "./RiskTally.ts"
import * as SimulationPool from "./SimulationPool.ts"
import * as Simulator from "./Simulator.ts"
import * as ScenarioDraws from "./ScenarioDraws.ts"
import * as Summary from "./Summary.ts"
import * as Survival from "./Survival.ts"

/** What a simulation of a fitted model asks for: the scenario, how many paths, and what to tally beyond the totals. */
export interface SimulationRequest {
  readonly scenario: Scenario.Scenario
  readonly paths: number
  readonly workers?: number
  /** Workers started ahead (SimulationPool.pool), used instead of starting new ones. */
  readonly pool?: SimulationPool.Pool
  readonly onProgress?: (pathsDone: number) => void
  /** Keep per-project risk counters (probabilities of completing the plan and of starting, year-end P10–P90). */
  readonly risk?: boolean
  /** Keep per-path sums by this grouping, for per-group distributions. */
  readonly groupBy?: Kpis.GroupBy
}

/** A whole forecast: the model to fit (plan year, D, K, seed) and the simulation to run on it. */
export interface ForecastRequest extends SimulationRequest, Model.FitRequest {
  /** Knowledge cut K. */
  readonly knownAt: KnowledgeCut.KnowledgeCut
}

export interface Target {
  readonly metric: "investment" | "startRate" | "startResumeRate"
  readonly target: number
  /** The chance of reaching the target; for investment, under the headline distribution (as `completionRate`). */
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
  /** 完成年度计划 at 31 December: completed / planned investment, path by path, of the headline investment (the combination when it is the headline, else the simulation). */
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
    /** The start hazard's factor in each calendar month, January first (1: as the delay alone expects). */
    readonly startCalendar: ReadonlyArray<number>
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

export { ForecastInvalid } from "./ForecastInvalid.ts"

/** Earlier years the model's error must rest on before its spread is trusted. */
export const minimumErrorYears = 2

/** The baseline scenario: no assumption beyond the fitted model. */
export const baseline = (year: number, asOf: string): Scenario.Scenario => ({ name: "baseline", year, asOf })

/** Step 2: runs the scenario's paths on a fitted model (the model's seed draws them). */
export const simulate = Effect.fn("Forecast.simulate")(function*(model: Model.Model, request: SimulationRequest) {
  const { compiled } = model
  const prepared = yield* ScenarioDraws.prepare(compiled, request.scenario, model.seed, request.risk || request.groupBy ? {
    risk: request.risk ?? false,
    ...(request.groupBy === undefined ? {} : { groups: RiskTally.groupSpec(compiled, request.scenario, request.groupBy) })
  } : undefined)
  const outcomes = yield* SimulationPool.runPaths(compiled, model.parameters, prepared, request.paths, {
    ...(request.workers === undefined ? {} : { workers: request.workers }),
    ...(request.pool === undefined ? {} : { pool: request.pool }),
    ...(request.onProgress === undefined ? {} : { onProgress: request.onProgress })
  })
  return { prepared, outcomes }
})

export type Simulation = Effect.Success<ReturnType<typeof simulate>>

/** Step 3: the year-end distributions of a simulation, beside the simple methods, the targets and the model. */
export const summarize = (fitted: Model.Model, request: SimulationRequest, simulation: Simulation) => {
  const { facts, compiled, series, starts, toDate: actual, backtests, parameters: model } = fitted
  const { outcomes, prepared } = simulation
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
  const headline = series.cumulative.length < 12 && Methods.combinationBeatsSimulation(backtests)
  // The figures derived from year-end investment (完成年度计划, the chance of the investment target) follow the
  // headline, so that they agree with the investment figure shown first.
  const headlineInvestment = headline ? combinedInvestment : outcomes.investment
  const completion = headlineInvestment.map((v, i) => Kpis.completionRate(v, outcomes.plannedInvestment[i]!) ?? NaN)
  const targets: Array<Target> = []
  const t = request.scenario.targets
  if (t?.investment) {
    const target = Scenario.toWan(t.investment.unit, t.investment.value)
    targets.push({ metric: "investment", target, probability: Summary.probabilityAtLeast(headlineInvestment, target) })
  }
  if (t?.startRate !== undefined) targets.push({ metric: "startRate", target: t.startRate, probability: Summary.probabilityAtLeast(outcomes.startRate, t.startRate) })
  if (t?.startResumeRate !== undefined) {
    targets.push({ metric: "startResumeRate", target: t.startResumeRate, probability: Summary.probabilityAtLeast(outcomes.startResumeRate, t.startResumeRate) })
  }
  const result: ForecastResult = {
    scenario: request.scenario.name,
    year: fitted.year,
    asOf: fitted.asOf,
    knownAt: fitted.cut.text,
    paths: request.paths,
    seed: fitted.seed,
    investment: simulated,
    plannedInvestment: Summary.summarize(outcomes.plannedInvestment, actual.plannedInvestment),
    completionRate: Summary.summarize(completion, actual.completionRate),
    combined: {
      investment: Summary.summarize(combinedInvestment, actual.completedInvestment),
      weights,
      backtests,
      headline
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
      startCalendar: model.startCalendar,
      investmentPace: model.investmentPace,
      workCalendar: model.workCalendar,
      error: model.error,
      seasonality: model.seasonality,
      projects: compiled.count
    }
  }
  const query = { year: fitted.year, asOf: fitted.asOfDay }
  // The fan follows the headline: the combination's shift of the simulation when it leads.
  const fan = Fan.of(facts, compiled, outcomes, series.cumulative.length, headline ? Methods.combinationShift(pointForecasts, weights) : 0)
  const districts = Kpis.computeGrouped(facts, query, "district").groups.map((g) => ({
    district: g.key,
    toDate: g.values,
    meanYearEnd: outcomes.districtMeans[compiled.districts.indexOf(g.key)] ?? null
  }))
  const risk = outcomes.risk === undefined ? undefined : ProjectRisk.of(compiled, outcomes.risk)
  const groups = outcomes.groups === undefined || request.groupBy === undefined
    ? undefined
    : GroupForecast.summarize(outcomes.groups, Kpis.computeGrouped(facts, query, request.groupBy), t ?? {})
  return { result, outcomes, combinedInvestment, compiled, model, fitted, prepared, fan, districts, risk, groups }
}

export type ForecastOutput = ReturnType<typeof summarize>

/** Steps 2 and 3 on a model already fitted: what every scenario, knob and backtest origin of a command reuses. */
export const run = Effect.fn("Forecast.run")(function*(model: Model.Model, request: SimulationRequest) {
  return summarize(model, request, yield* simulate(model, request))
})

/**
 * Workers for `paths` paths of a plan of at most `projects` projects, started now so that they load while the model
 * is fitted; none when the job will run on this thread.
 */
export const poolFor = (projects: number, paths: number, workers?: number) =>
  SimulationPool.worthWorkers(projects, paths) && (workers ?? SimulationPool.defaultWorkers()) > 1
    ? Effect.map(SimulationPool.pool(Math.min(paths, workers ?? SimulationPool.defaultWorkers())), (pool) => ({ pool }))
    : Effect.succeed({})

/** A whole forecast: one read of the store at K, the model fitted to it (while the workers start), then simulated and summarized. */
export const forecast = Effect.fn("Forecast.forecast")(function*(request: ForecastRequest) {
  const history = yield* Replay.history(request.knownAt)
  return yield* Effect.scoped(Effect.gen(function*() {
    const workers = yield* poolFor(Model.withPlanFor(history.facts, request.year), request.paths, request.workers)
    const model = yield* Model.fit(history, request)
    return yield* run(model, { ...request, ...workers })
  }))
})
