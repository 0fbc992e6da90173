/**
 * Scenario comparison and sensitivity. Comparing runs every scenario on the
 * same portfolio and the same random numbers, so differences are the
 * assumptions'. Sensitivity moves one assumption at a time to a low and a
 * high value (its distribution's P10 and P90, or ±20% of a fixed value, or
 * off), holding the rest, and records how far the mean year-end investment
 * and start rate move: the bars of a tornado chart. Each scenario after the
 * first is also set against the first path by path (B − A on the same random
 * numbers), so the difference has its own P10–P90, narrower than the two
 * bands side by side suggest. Every run, scenario or knob, simulates the
 * one model the command fitted: the store is read and the model fitted once.
 */
import { Effect } from "effect"
import type { Scenario } from "@groundbreak/scenario"

import type * as Fan from "./Fan.ts"
import * as Forecast from "./Forecast.ts"
import type * as Model from "./Model.ts"
import { draw } from "./Quantities.ts"
import * as Summary from "./Summary.ts"

export interface Knob {
  readonly name: string
  readonly low: Scenario.Scenario
  readonly high: Scenario.Scenario
  readonly lowLabel: string
  readonly highLabel: string
}

export interface Bar {
  readonly name: string
  readonly lowLabel: string
  readonly highLabel: string
  /** Mean year-end investment at the low and the high setting (万元). */
  readonly investment: { readonly low: number; readonly high: number }
  readonly startRate: { readonly low: number; readonly high: number }
  /** |high − low| of investment: the length of the bar. */
  readonly swing: number
}

const lowHigh = (q: Scenario.Quantity): readonly [number, number] => {
  if (typeof q === "number") return [q * 0.8, q * 1.2]
  return [draw(q, 0.1), draw(q, 0.9)]
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2))

/** One knob per assumption the scenario sets. */
export const knobs = (scenario: Scenario.Scenario): Array<Knob> => {
  const a = scenario.assumptions ?? {}
  const out: Array<Knob> = []
  const withAssumptions = (assumptions: Scenario.Assumptions): Scenario.Scenario => ({ ...scenario, assumptions })
  const quantity = (name: string, q: Scenario.Quantity, set: (v: number) => Scenario.Assumptions) => {
    const [lo, hi] = lowHigh(q)
    out.push({ name, low: withAssumptions(set(lo)), high: withAssumptions(set(hi)), lowLabel: fmt(lo), highLabel: fmt(hi) })
  }
  if (a.pace?.overall !== undefined) quantity("pace.overall", a.pace.overall, (v) => ({ ...a, pace: { ...a.pace, overall: v } }))
  for (const [group, key] of [["byDistrict", "district"], ["bySector", "sector"], ["byMonth", "month"]] as const) {
    for (const [k, q] of Object.entries(a.pace?.[group] ?? {})) {
      quantity(`pace.${key} ${k}`, q, (v) => ({ ...a, pace: { ...a.pace, [group]: { ...a.pace?.[group], [k]: v } } }))
    }
  }
  if (a.startDelayShift !== undefined) {
    // A shift adds months: a fixed shift is moved a month either way.
    const [lo, hi] = typeof a.startDelayShift === "number" ? [a.startDelayShift - 1, a.startDelayShift + 1] : lowHigh(a.startDelayShift)
    out.push({ name: "startDelayShift (months)", low: withAssumptions({ ...a, startDelayShift: lo }), high: withAssumptions({ ...a, startDelayShift: hi }), lowLabel: fmt(lo), highLabel: fmt(hi) })
  }
  if (a.cancellationProbability !== undefined) {
    quantity("cancellationProbability", a.cancellationProbability, (v) => ({ ...a, cancellationProbability: Math.min(1, Math.max(0, v)) }))
  }
  ;(a.pauses ?? []).forEach((pause, i) => {
    const [lo, hi] = lowHigh(pause.intensity)
    const set = (v: number) => ({ ...a, pauses: (a.pauses ?? []).map((p, j) => j === i ? { ...p, intensity: Math.min(1, Math.max(0, v)) } : p) })
    out.push({ name: `pause ${pause.name}`, low: withAssumptions(set(lo)), high: withAssumptions(set(hi)), lowLabel: fmt(lo), highLabel: fmt(hi) })
  })
  ;(a.extraProjects ?? []).forEach((entry, i) => {
    const set = (scale: number) => ({
      ...a,
      extraProjects: (a.extraProjects ?? []).map((e, j) => j === i ? { ...e, perMonth: Object.fromEntries(Object.entries(e.perMonth).map(([m, n]) => [m, n * scale])) } : e)
    })
    out.push({ name: `extra projects ${entry.name}`, low: withAssumptions(set(0)), high: withAssumptions(set(1.5)), lowLabel: "none", highLabel: "×1.5" })
  })
  return out
}

const meanOf = (values: Float64Array): number => Summary.summarize(values, null).mean ?? NaN

/** B − A of one outcome, path by path (the paths share their random numbers). */
export interface Difference {
  readonly scenario: string
  readonly versus: string
  readonly investment: Summary.Distribution
  readonly startRate: Summary.Distribution
  readonly startResumeRate: Summary.Distribution
  readonly commissioned: Summary.Distribution
}

const pathByPath = (b: Float64Array, a: Float64Array): Summary.Distribution => {
  const d = new Float64Array(Math.min(a.length, b.length))
  for (let i = 0; i < d.length; i++) d[i] = b[i]! - a[i]!
  return Summary.summarize(d, null)
}

/** Each outcome of B minus A's on the same path. */
export const difference = (
  a: { readonly name: string; readonly outcomes: Forecast.ForecastOutput["outcomes"] },
  b: { readonly name: string; readonly outcomes: Forecast.ForecastOutput["outcomes"] }
): Difference => ({
  scenario: b.name,
  versus: a.name,
  investment: pathByPath(b.outcomes.investment, a.outcomes.investment),
  startRate: pathByPath(b.outcomes.startRate, a.outcomes.startRate),
  startResumeRate: pathByPath(b.outcomes.startResumeRate, a.outcomes.startResumeRate),
  commissioned: pathByPath(b.outcomes.commissioned, a.outcomes.commissioned)
})

export interface CompareRequest {
  readonly scenarios: ReadonlyArray<Scenario.Scenario>
  readonly paths: number
  /** Paths per sensitivity run (each knob runs twice). */
  readonly sensitivityPaths?: number
  readonly onProgress?: (done: number, total: number) => void
}

/** Compares the scenarios, and runs each one's knobs, on one fitted model (its plan year, D, K and seed). */
export const compare = Effect.fn("ScenarioComparison.compare")(function*(model: Model.Model, request: CompareRequest) {
  return yield* Effect.scoped(runAll(model, request))
})

/** Every run, on one set of workers started once. */
const runAll = Effect.fnUntraced(function*(model: Model.Model, request: CompareRequest) {
  const workers = yield* Forecast.poolFor(model.compiled.count, request.paths)
  const allKnobs = request.scenarios.map(knobs)
  const total = request.scenarios.length + allKnobs.reduce((s, k) => s + k.length * 2, 0)
  let done = 0
  const tick = () => request.onProgress?.(++done, total)
  const results: Array<Forecast.ForecastResult> = []
  const fans: Array<{ readonly scenario: string; readonly investment: ReadonlyArray<Fan.FanMonth> }> = []
  const differences: Array<Difference> = []
  let first: Forecast.ForecastOutput | undefined
  for (const scenario of request.scenarios) {
    const output = yield* Forecast.run(model, { scenario, paths: request.paths, ...workers })
    results.push(output.result)
    fans.push({ scenario: scenario.name, investment: output.fan.investment })
    if (first === undefined) first = output
    else differences.push(difference({ name: first.result.scenario, outcomes: first.outcomes }, { name: scenario.name, outcomes: output.outcomes }))
    tick()
  }
  const tornadoes: Array<{ readonly scenario: string; readonly bars: ReadonlyArray<Bar> }> = []
  for (let k = 0; k < request.scenarios.length; k++) {
    const bars: Array<Bar> = []
    for (const knob of allKnobs[k]!) {
      const paths = request.sensitivityPaths ?? Math.min(request.paths, 500)
      // A knob needs only the outcomes: simulated, not summarized.
      const low = (yield* Forecast.simulate(model, { scenario: knob.low, paths, ...workers })).outcomes
      tick()
      const high = (yield* Forecast.simulate(model, { scenario: knob.high, paths, ...workers })).outcomes
      tick()
      const investment = { low: meanOf(low.investment), high: meanOf(high.investment) }
      bars.push({
        name: knob.name,
        lowLabel: knob.lowLabel,
        highLabel: knob.highLabel,
        investment,
        startRate: { low: meanOf(low.startRate), high: meanOf(high.startRate) },
        swing: Math.abs(investment.high - investment.low)
      })
    }
    tornadoes.push({ scenario: request.scenarios[k]!.name, bars: bars.sort((a, b) => b.swing - a.swing) })
  }
  return { results, differences, fans, tornadoes }
})

export type Comparison = Effect.Success<ReturnType<typeof compare>>

