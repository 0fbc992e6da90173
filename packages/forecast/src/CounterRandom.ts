/**
 * Counter-based random numbers: the uniform for (seed, path, stream, index)
 * is a pure function of those four integers. Every draw of the simulation
 * is addressed this way, so
 * - the same seed gives the same output whatever the number of workers or
 *   the order paths are run in, and
 * - two scenarios run on the same seed share their random numbers draw by
 *   draw (common random numbers), so their difference is the assumptions',
 *   not noise.
 */

/** MurmurHash3's 32-bit finalizer: a fast, well-mixed permutation of 32-bit integers. */
const fmix32 = (h: number): number => {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** The key of a path: computed once per path. */
export const pathKey = (seed: number, path: number): number => fmix32(fmix32(seed ^ 0x9e3779b9) ^ Math.imul(path + 1, 0x27d4eb2f))

/** The key of the stream (seed, path, stream), from its path's key: computed once, then drawn from by index. */
export const streamKeyOf = (path: number, stream: number): number => fmix32(path ^ Math.imul(stream + 1, 0x165667b1))

export const streamKey = (seed: number, path: number, stream: number): number => streamKeyOf(pathKey(seed, path), stream)

/**
 * The 32 random bits at `index` of the stream `key`. Hot loops that only need a table bin take the top bits
 * (`bitsAt(k, i) >>> (32 − b)` is the bin `(uniformAt(k, i) × 2^b) | 0`, exactly) and skip the floating point.
 */
export const bitsAt = (key: number, index: number): number => fmix32(key ^ Math.imul(index + 1, 0xd3a2646c))

/** Uniform in (0, 1), never 0 or 1, at `index` of the stream `key` (32 bits of resolution). */
export const uniformAt = (key: number, index: number): number => (bitsAt(key, index) + 0.5) / 4_294_967_296

/** Uniform in (0, 1) for the address (seed, path, stream, index). */
export const uniform = (seed: number, path: number, stream: number, index: number): number =>
  uniformAt(streamKey(seed, path, stream), index)

/** A stable stream number for a name (e.g. an assumption's path in the scenario): FNV-1a. */
export const streamOf = (name: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193)
  return (h >>> 0) % 1_000_000_007
}

/** Φ⁻¹: the standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export const normalQuantile = (p: number): number => {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239]
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1]
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
  const low = 0.02425
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
  }
  if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
  }
  const q = p - 0.5
  const r = q * q
  return (((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
}

/**
 * Bits of a draw that pick a noise factor's bin (see `lognormalFactorTable`): 2^12 bins of 8 bytes are 32 KiB, which
 * stays in a core's L1 data cache while the hot loop looks factors up at random (2^16 bins, 512 KiB, did not, and
 * cost about a quarter of the simulation's time).
 */
export const NOISE_BITS = 12

/** The noise table's bin at `index` of the stream `key`: its top `NOISE_BITS` bits (the bin `(u × 2^NOISE_BITS) | 0`). */
export const noiseBinAt = (key: number, index: number): number => bitsAt(key, index) >>> (32 - NOISE_BITS)

/**
 * exp(σ·Φ⁻¹(u) − σ²/2) (a mean-one lognormal factor) as a table over the 2^NOISE_BITS bins of u (at each bin's
 * midpoint), scaled so that the table's own mean is exactly one (the bins cut the far tails, which would otherwise
 * lower the mean by 4·10⁻⁶ at σ = 0.15): the hot loop looks a factor up (at `noiseBinAt`) instead of computing a
 * quantile and an exp.
 */
export const lognormalFactorTable = (sigma: number): Float64Array => {
  const bins = 1 << NOISE_BITS
  const table = new Float64Array(bins)
  let sum = 0
  for (let i = 0; i < bins; i++) sum += table[i] = Math.exp(sigma * normalQuantile((i + 0.5) / bins) - (sigma * sigma) / 2)
  for (let i = 0; i < bins; i++) table[i]! /= sum / bins
  return table
}
