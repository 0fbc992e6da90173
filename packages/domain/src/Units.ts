/**
 * Units as the statistics bureaus report them. Money is held in 万元
 * (10,000 yuan) everywhere inside Groundbreak and shown in 亿元 (100,000,000
 * yuan, i.e. 10,000 万元) with one decimal; ratios are fractions inside and
 * percentages rounded half-up to 0.1 outside.
 */

export const wanPerYi = 10_000

export const wanToYi = (wan: number): number => wan / wanPerYi
export const yiToWan = (yi: number): number => yi * wanPerYi

/**
 * Rounds half-up (away from zero) to `decimals`, treating values that are a
 * binary hair below a half as the half they stand for (83.25 → 83.3).
 */
export const roundHalfUp = (value: number, decimals: number): number => {
  const scale = 10 ** decimals
  const scaled = Number((Math.abs(value) * scale).toPrecision(12))
  return (Math.sign(value) * Math.floor(scaled + 0.5)) / scale
}

/** What is shown for a number that is not finite: never `Infinity` or `NaN`. */
export const notANumber = "n/a"

/** `1050.3` for 10,503,000 万元. */
export const formatYi = (wan: number): string => Number.isFinite(wan) ? roundHalfUp(wanToYi(wan), 1).toFixed(1) : notANumber

/** `83.2%` for 0.83217; `—` when the ratio is undefined (no denominator). */
export const formatPercent = (fraction: number | null): string =>
  fraction === null ? "—" : Number.isFinite(fraction) ? `${roundHalfUp(fraction * 100, 1).toFixed(1)}%` : notANumber

/** A plain number with `decimals` decimals. */
export const formatNumber = (value: number, decimals: number): string => Number.isFinite(value) ? value.toFixed(decimals) : notANumber

/** A ratio, or `null` when the denominator is zero. */
export const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator

/** `4750` for 4,750.4 万元: one project's money, where 亿元 to 0.1 would be too coarse. */
export const formatWan = (wan: number): string => roundHalfUp(wan, 0).toFixed(0)
