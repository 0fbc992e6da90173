/**
 * One path's draws of a prepared scenario (ScenarioDraws) and of the model's path-wide uncertainty: the pace
 * multipliers, the start-delay shift, the cancellation chances, the pauses' intensities, the model's own error and
 * this year's start pace, each from its own random stream of the path (CounterRandom), so a path draws the same
 * values in every scenario that shares the assumption. Pure arithmetic on the prepared arrays: the simulation's
 * worker threads load this, not the scenario's schema.
 */
import { normalQuantile, pathKey, streamKeyOf, streamOf, uniformAt } from "./CounterRandom.ts"
import type { Model } from "./Estimation.ts"
import type { Compiled } from "./CompiledPlan.ts"
import { draw } from "./Quantities.ts"
import type { Drawn, Prepared } from "./ScenarioDraws.ts"

/** One path's draws of the scenario and of the model's path-wide uncertainty. */
export interface PathDraws {
  /** The path's key, from which every project's stream is derived. */
  readonly key: number
  readonly byDistrict: Float64Array
  readonly bySector: Float64Array
  /** Seasonality × the path's pace, by month (index = month). */
  readonly seasonPace: Float64Array
  readonly shift: number
  /** Probability of cancellation over the rest of the year: the scenario's, else the fitted monthly hazard's. */
  readonly cancel: number
  /** The same for a project still waiting to start, from the waiting projects' own hazard. */
  readonly cancelWaiting: number
  readonly intensity: Float64Array
  /** The model's own error, common to every project of the path (a mean-one lognormal factor, biased). */
  readonly shock: number
  /**
   * This year's start pace, a hazard ratio against the start-delay model, inverted: a level u of the conditional
   * distribution becomes 1 − (1 − u)^(1/r) (proportional hazards).
   */
  readonly inverseStartRatio: number
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x))

/** The draws of path `path`; `season` is the model's work calendar by month (index = month). */
export const drawPath = (portfolio: Compiled, model: Model, prepared: Prepared, season: Float64Array, path: number): PathDraws => {
  const key = pathKey(prepared.seed, path)
  const u = (d: Drawn) => uniformAt(streamKeyOf(key, d.stream), 0)
  const value = (d: Drawn | undefined) => d === undefined ? 1 : draw(d.quantity, u(d))
  const overall = value(prepared.overall)
  const seasonPace = new Float64Array(13)
  for (let m = 1; m <= 12; m++) seasonPace[m] = season[m]! * (overall * value(prepared.byMonth[m]))
  const remaining = 12 - portfolio.asOfMonth
  const cancellation = prepared.cancellationProbability
  const scenarioCancel = cancellation === undefined ? 0 : clamp01(draw(cancellation.quantity, u(cancellation)))
  const e = model.error
  const sp = model.startPace
  return {
    key,
    byDistrict: Float64Array.from(prepared.byDistrict, value),
    bySector: Float64Array.from(prepared.bySector, value),
    seasonPace,
    shift: prepared.startDelayShift === undefined ? 0 : draw(prepared.startDelayShift.quantity, u(prepared.startDelayShift)),
    cancel: cancellation === undefined ? 1 - (1 - model.cancellationHazard) ** remaining : scenarioCancel,
    cancelWaiting: cancellation === undefined ? 1 - (1 - model.waitingCancellationHazard) ** remaining : scenarioCancel,
    intensity: Float64Array.from(prepared.pauses, (p) => clamp01(draw(p.intensity.quantity, u(p.intensity)))),
    shock: e.sigma === 0 && e.bias === 0
      ? 1
      : Math.exp(e.bias + e.sigma * normalQuantile(uniformAt(streamKeyOf(key, streamOf("model.error")), 0)) - (e.sigma * e.sigma) / 2),
    inverseStartRatio: sp.sigma === 0 && sp.logRatio === 0
      ? 1
      : Math.exp(-(sp.logRatio + sp.sigma * normalQuantile(uniformAt(streamKeyOf(key, streamOf("model.startPace")), 0))))
  }
}
