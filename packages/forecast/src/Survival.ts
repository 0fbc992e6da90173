/**
 * Kaplan–Meier survival on whole months, for durations seen with
 * right-censoring: a project not yet started (or not yet commissioned) at
 * the knowledge cut tells us only that its duration is longer than what has
 * elapsed, and is counted as at risk until then.
 */

export interface Observation {
  /** Months (an integer; may be negative for starts ahead of plan). */
  readonly months: number
  /** False when the event has not happened yet: the duration is longer than `months`. */
  readonly observed: boolean
}

export interface Survival {
  /** The smallest duration with support. */
  readonly from: number
  /** `survival[i]` = P(duration > from + i). The last value is the mass beyond the observed range ("never", for starts). */
  readonly survival: Float64Array
  readonly observations: number
}

/** The Kaplan–Meier estimate; with no observation, `fallback` (a geometric-like spread around its mean). */
export const kaplanMeier = (observations: ReadonlyArray<Observation>, fallback: { from: number; mean: number; span: number }): Survival => {
  if (observations.length === 0) {
    const survival = new Float64Array(fallback.span)
    for (let i = 0; i < fallback.span; i++) survival[i] = Math.exp(-(i + 1) / Math.max(0.5, fallback.mean - fallback.from))
    survival[fallback.span - 1] = 0
    return { from: fallback.from, survival, observations: 0 }
  }
  let from = Infinity, to = -Infinity
  for (const o of observations) {
    from = Math.min(from, o.months)
    to = Math.max(to, o.months)
  }
  const span = to - from + 1
  const events = new Float64Array(span), censored = new Float64Array(span)
  for (const o of observations) (o.observed ? events : censored)[o.months - from]! += 1
  const survival = new Float64Array(span)
  let atRisk = observations.length, s = 1
  for (let i = 0; i < span; i++) {
    if (atRisk > 0 && events[i]! > 0) s *= 1 - events[i]! / atRisk
    survival[i] = s
    atRisk -= events[i]! + censored[i]!
  }
  return { from, survival, observations: observations.length }
}

/** P(duration > d). */
export const survivalAt = (s: Survival, d: number): number => {
  const i = d - s.from
  if (i < 0) return 1
  return s.survival[Math.min(i, s.survival.length - 1)]!
}

/**
 * A duration drawn from the distribution conditional on being longer than
 * `elapsed`, by inversion with `u`; `undefined` when the draw falls in the
 * mass beyond the observed range (the event does not happen in that range).
 */
export const drawBeyond = (s: Survival, elapsed: number, u: number): number | undefined => {
  const base = survivalAt(s, elapsed)
  if (base <= 0) return undefined
  // The smallest d > elapsed with S(d) ≤ base·(1 − u): S is non-increasing, so a binary search.
  const threshold = base * (1 - u)
  let lo = Math.max(elapsed + 1, s.from) - s.from, hi = s.survival.length - 1
  if (s.survival[hi]! > threshold) return undefined
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (s.survival[mid]! <= threshold) hi = mid
    else lo = mid + 1
  }
  return s.from + lo
}

/** The median duration, or `undefined` when more than half the mass lies beyond the observed range. */
export const median = (s: Survival): number | undefined => {
  for (let i = 0; i < s.survival.length; i++) if (s.survival[i]! <= 0.5) return s.from + i
  return undefined
}

/** What a {@link Sampler} returns when the draw falls beyond the observed range. */
export const BEYOND = 32_767

/**
 * `drawBeyond` as lookup tables, for hot loops: for each elapsed value in the
 * observed range, the conditional quantiles at 1,024 evenly spaced levels.
 * A draw takes the quantile of its level's bin (exact at the bin's middle).
 */
export interface Sampler {
  readonly from: number
  readonly to: number
  readonly tables: ReadonlyArray<Int16Array>
}

const bins = 1024

export const sampler = (s: Survival): Sampler => {
  const from = s.from - 1, to = s.from + s.survival.length
  const tables: Array<Int16Array> = []
  for (let elapsed = from; elapsed <= to; elapsed++) {
    const table = new Int16Array(bins)
    for (let b = 0; b < bins; b++) table[b] = drawBeyond(s, elapsed, (b + 0.5) / bins) ?? BEYOND
    tables.push(table)
  }
  return { from, to, tables }
}

/** The duration drawn beyond `elapsed` at level `u`, or {@link BEYOND}. */
export const sample = (sampler: Sampler, elapsed: number, u: number): number => {
  const e = elapsed < sampler.from ? sampler.from : elapsed
  if (e > sampler.to) return BEYOND
  return sampler.tables[e - sampler.from]![(u * bins) | 0]!
}
