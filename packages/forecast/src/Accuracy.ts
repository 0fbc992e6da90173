/**
 * Accuracy measures, one signature each: a forecast (a point, an interval,
 * quantiles or samples) against the actual outcome. Lower is better for
 * every score; skill is the share of a reference method's error removed.
 *
 * - error = forecast − actual; absolute percentage error = |error| / |actual|.
 * - coverage: whether the actual lies in [P10, P90] (nominal rate 80%).
 * - Winkler interval score for the central (1 − α) interval [l, u], α = 0.2:
 *   (u − l) + (2/α)(l − y) if y < l, + (2/α)(y − u) if y > u.
 * - pinball (quantile) loss at level τ for quantile q: τ(y − q) if y ≥ q,
 *   (1 − τ)(q − y) if y < q. An under-forecast of a high quantile costs more.
 * - CRPS from n samples x₁…xₙ (exact for the empirical distribution):
 *   (1/n)Σ|xᵢ − y| − (1/(2n²))ΣΣ|xᵢ − xⱼ|, computed in O(n log n) from the sorted samples.
 * - CRPS of a normal N(μ, σ), closed form: σ[z(2Φ(z) − 1) + 2φ(z) − 1/√π], z = (y − μ)/σ.
 */

export const error = (forecast: number, actual: number): number => forecast - actual

export const absolutePercentageError = (forecast: number, actual: number): number =>
  actual === 0 ? (forecast === 0 ? 0 : Infinity) : Math.abs(forecast - actual) / Math.abs(actual)

export const covers = (lower: number, upper: number, actual: number): boolean => lower <= actual && actual <= upper

export const winkler = (lower: number, upper: number, actual: number, alpha = 0.2): number =>
  upper - lower + (actual < lower ? (2 / alpha) * (lower - actual) : 0) + (actual > upper ? (2 / alpha) * (actual - upper) : 0)

export const pinball = (quantile: number, level: number, actual: number): number =>
  actual >= quantile ? level * (actual - quantile) : (1 - level) * (quantile - actual)

export const crps = (samples: ArrayLike<number>, actual: number): number => {
  const sorted = Float64Array.from(samples).sort()
  const n = sorted.length
  if (n === 0) return NaN
  let absolute = 0
  for (let i = 0; i < n; i++) absolute += Math.abs(sorted[i]! - actual)
  // Σᵢ Σⱼ |xᵢ − xⱼ| = 2 Σᵢ (2i − n + 1) x₍ᵢ₎ for sorted x (0-based i).
  let spread = 0
  for (let i = 0; i < n; i++) spread += (2 * i - n + 1) * sorted[i]!
  return absolute / n - spread / (n * n)
}

/** The error function (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
const erf = (x: number): number => {
  const sign = x < 0 ? -1 : 1
  const t = 1 / (1 + 0.3275911 * Math.abs(x))
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x)
  return sign * y
}

/** CRPS of N(μ, σ) at the actual; the absolute error when σ = 0. */
export const crpsNormal = (mu: number, sigma: number, actual: number): number => {
  if (!(sigma > 0)) return Math.abs(actual - mu)
  const z = (actual - mu) / sigma
  const phi = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI)
  const cdf = 0.5 * (1 + erf(z / Math.SQRT2))
  return sigma * (z * (2 * cdf - 1) + 2 * phi - 1 / Math.sqrt(Math.PI))
}

/** 1 − score / referenceScore: 1 is perfect, 0 no better than the reference, below 0 worse. */
export const skill = (score: number, referenceScore: number): number =>
  referenceScore === 0 ? (score === 0 ? 0 : -Infinity) : 1 - score / referenceScore

/**
 * Brier score of probability forecasts of an event: the mean of (p − o)²,
 * o = 1 when the event happened, else 0 (0 is perfect; always saying the
 * base rate b scores b(1 − b)).
 */
export const brier = (pairs: ReadonlyArray<{ readonly p: number; readonly happened: boolean }>): number | null =>
  pairs.length === 0 ? null : pairs.reduce((s, { p, happened }) => s + (p - (happened ? 1 : 0)) ** 2, 0) / pairs.length

export interface ReliabilityBin {
  /** The bin [from, to), the last one closed: 0–10%, …, 90–100%. */
  readonly from: number
  readonly to: number
  readonly count: number
  /** Mean forecast probability in the bin, and the share of the bin's events that happened (null when empty). */
  readonly meanForecast: number | null
  readonly observed: number | null
}

/** A reliability table: forecasts binned by probability, each bin's mean forecast beside its observed frequency. */
export const reliability = (pairs: ReadonlyArray<{ readonly p: number; readonly happened: boolean }>, bins = 10): Array<ReliabilityBin> => {
  const sums = Array.from({ length: bins }, () => ({ count: 0, p: 0, happened: 0 }))
  for (const { p, happened } of pairs) {
    const b = sums[Math.min(bins - 1, Math.max(0, Math.floor(p * bins)))]!
    b.count++
    b.p += p
    if (happened) b.happened++
  }
  return sums.map((b, k) => ({
    from: k / bins,
    to: (k + 1) / bins,
    count: b.count,
    meanForecast: b.count === 0 ? null : b.p / b.count,
    observed: b.count === 0 ? null : b.happened / b.count
  }))
}
