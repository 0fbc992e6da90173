/**
 * The construction S-curve: the share of a project's spending done by a
 * share t of its construction time. The Kenley–Wilson logit form,
 * logit(y) = α + β·logit(t), is fitted by least squares (ml-regression-simple-linear, of the ml-regression family) on
 * finished projects; the family used is the one that predicts held-out
 * projects better, Kenley–Wilson or the straight line y = t.
 */
import { SimpleLinearRegression } from "ml-regression-simple-linear"

export interface CurvePoint {
  /** Share of construction time elapsed, in (0, 1). */
  readonly t: number
  /** Share of the project's spending done, in (0, 1). */
  readonly y: number
  /** Which project the point belongs to (for held-out validation). */
  readonly project: number
}

export interface SCurve {
  readonly family: "kenley-wilson" | "linear"
  readonly alpha: number
  readonly beta: number
  /** Mean absolute error of each family on held-out projects (every fifth project). */
  readonly heldOutError: { readonly kenleyWilson: number; readonly linear: number }
  readonly points: number
}

const logit = (p: number): number => Math.log(p / (1 - p))

export const linear: SCurve = { family: "linear", alpha: 0, beta: 1, heldOutError: { kenleyWilson: NaN, linear: NaN }, points: 0 }

/** Cumulative share of spending at time share t. */
export const evaluate = (curve: SCurve, t: number): number => {
  if (t <= 0) return 0
  if (t >= 1) return 1
  if (curve.family === "linear") return t
  return 1 / (1 + Math.exp(-(curve.alpha + curve.beta * logit(t))))
}

/** The share of the time at which the curve reaches `y`: the inverse of {@link evaluate}. */
export const inverse = (curve: SCurve, y: number): number => {
  if (y <= 0) return 0
  if (y >= 1) return 1
  if (curve.family === "linear") return y
  return 1 / (1 + Math.exp(-(logit(y) - curve.alpha) / curve.beta))
}

/**
 * The length a project's progress implies: `months` into its curve with `share` of its work done, the length at
 * which the curve reaches that share then (months over the curve's {@link inverse}); `undefined` when the share is
 * not strictly between 0 and 1.
 */
export const impliedLength = (curve: SCurve, months: number, share: number): number | undefined => {
  if (!(share > 0 && share < 1) || !(months >= 1)) return undefined
  return months / inverse(curve, share)
}

const usable = (p: CurvePoint) => p.t > 0 && p.t < 1 && p.y > 0.001 && p.y < 0.999

const fitKenleyWilson = (points: ReadonlyArray<CurvePoint>): { alpha: number; beta: number } | undefined => {
  const fit = points.filter(usable)
  if (fit.length < 10) return undefined
  const regression = new SimpleLinearRegression(fit.map((p) => logit(p.t)), fit.map((p) => logit(p.y)))
  return Number.isFinite(regression.slope) && regression.slope > 0 ? { alpha: regression.intercept, beta: regression.slope } : undefined
}

/** Mean absolute error of a curve on the held-out fifth of the points (the projects `fit` does not train on). */
export const heldOutError = (curve: SCurve, points: ReadonlyArray<CurvePoint>): number => {
  const test = points.filter((p) => p.project % 5 === 0)
  return test.length === 0 ? Infinity : test.reduce((s, p) => s + Math.abs(evaluate(curve, p.t) - p.y), 0) / test.length
}

/** Fits on four projects in five and scores both families on the fifth; refits the winner on all. */
export const fit = (points: ReadonlyArray<CurvePoint>): SCurve => {
  const train = points.filter((p) => p.project % 5 !== 0)
  const test = points.filter((p) => p.project % 5 === 0)
  const trained = fitKenleyWilson(train)
  if (trained === undefined || test.length === 0) return { ...linear, points: points.length }
  const kw: SCurve = { ...linear, family: "kenley-wilson", ...trained }
  const error = (curve: SCurve) => test.reduce((s, p) => s + Math.abs(evaluate(curve, p.t) - p.y), 0) / test.length
  const heldOutError = { kenleyWilson: error(kw), linear: error(linear) }
  if (heldOutError.kenleyWilson >= heldOutError.linear) return { ...linear, heldOutError, points: points.length }
  const all = fitKenleyWilson(points)!
  return { family: "kenley-wilson", ...all, heldOutError, points: points.length }
}

/** The curve at t = k/L for every whole L ≤ `maxLength` and k = 0…L: construction months are whole. */
export interface CurveTable {
  readonly maxLength: number
  readonly offsets: Int32Array
  readonly values: Float64Array
  readonly curve: SCurve
}

export const table = (curve: SCurve, maxLength = 240): CurveTable => {
  const offsets = new Int32Array(maxLength + 2)
  for (let L = 1; L <= maxLength + 1; L++) offsets[L] = offsets[L - 1]! + L
  const values = new Float64Array(offsets[maxLength + 1]!)
  for (let L = 1; L <= maxLength; L++) for (let k = 0; k <= L; k++) values[offsets[L]! + k] = evaluate(curve, k / L)
  return { maxLength, offsets, values, curve }
}

/** The curve at k/L (k clamped to 0…L). */
export const at = (t: CurveTable, k: number, length: number): number => {
  if (k <= 0) return 0
  if (k >= length) return 1
  return length <= t.maxLength ? t.values[t.offsets[length]! + k]! : evaluate(t.curve, k / length)
}
