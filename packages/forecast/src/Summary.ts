/**
 * Distributions of year-end outcomes, as reported: the mean and the P10,
 * P50 and P90 of the simulated paths, beside the value to date; and the
 * probability of meeting each target.
 */
import { mean, quantileSorted } from "simple-statistics"

export interface Distribution {
  readonly actualToDate: number | null
  readonly mean: number | null
  readonly p10: number | null
  readonly p50: number | null
  readonly p90: number | null
}

export const summarize = (values: Float64Array, actualToDate: number | null): Distribution => {
  const finite = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b)
  if (finite.length === 0) return { actualToDate, mean: null, p10: null, p50: null, p90: null }
  return {
    actualToDate,
    mean: mean(finite),
    p10: quantileSorted(finite, 0.1),
    p50: quantileSorted(finite, 0.5),
    p90: quantileSorted(finite, 0.9)
  }
}

/** Share of paths at or above the target. */
export const probabilityAtLeast = (values: Float64Array, target: number): number => {
  let hits = 0
  for (const v of values) if (v >= target - 1e-9) hits++
  return values.length === 0 ? 0 : hits / values.length
}
