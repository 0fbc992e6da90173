/**
 * The monthly noise factors' table (CounterRandom.lognormalFactorTable): 2^12 bins since it replaced a table of 2^16
 * bins that did not stay in the cache. The test shows that what the simulator draws from it is the same distribution:
 * the table is a mean-one lognormal, and a year of noisy months drawn from the same random bits through the old table
 * and through the new one gives the same quantiles, draw for draw within a bin's width.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CounterRandom } from "../src/index.ts"

/** The table it replaced: 2^16 bins at their midpoints, picked by the top 16 bits of a draw. */
const oldTable = (sigma: number): Float64Array => {
  const table = new Float64Array(65_536)
  for (let i = 0; i < table.length; i++) table[i] = Math.exp(sigma * CounterRandom.normalQuantile((i + 0.5) / 65_536) - (sigma * sigma) / 2)
  return table
}

const quantile = (sorted: Float64Array, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!

describe("noise table", () => {
  it("is a mean-one lognormal with the spread of σ, increasing bin by bin", () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 0.8, noNaN: true }), (sigma) => {
      const table = CounterRandom.lognormalFactorTable(sigma)
      expect(table.length).toBe(2 ** CounterRandom.NOISE_BITS)
      let sum = 0, squares = 0, decreases = 0
      for (let i = 0; i < table.length; i++) {
        sum += table[i]!
        squares += table[i]! ** 2
        if (i > 0 && !(table[i]! > table[i - 1]!)) decreases++
      }
      expect(decreases).toBe(0)
      const mean = sum / table.length
      expect(Math.abs(mean - 1)).toBeLessThan(1e-12)
      // The lognormal's standard deviation is √(e^σ² − 1); the bins' midpoints cut the far tails, by under 1%.
      const sd = Math.sqrt(squares / table.length - mean * mean)
      expect(Math.abs(sd / Math.sqrt(Math.expm1(sigma * sigma)) - 1)).toBeLessThan(0.01)
    }), { numRuns: 40 })
  })

  it("gives a year of noisy months the same distribution as the 2^16-bin table, on the same random bits", () => {
    for (const sigma of [0.05, 0.15, 0.25, 0.5]) {
      const table = CounterRandom.lognormalFactorTable(sigma), old = oldTable(sigma)
      const years = 40_000
      const a = new Float64Array(years), b = new Float64Array(years)
      let largestGap = 0
      for (let y = 0; y < years; y++) {
        const key = CounterRandom.streamKey(17, y, 1_000 + (y % 97))
        for (let m = 1; m <= 12; m++) {
          const bits = CounterRandom.bitsAt(key, 6 + m)
          const before = old[bits >>> 16]!, after = table[CounterRandom.noiseBinAt(key, 6 + m)]!
          a[y]! += before
          b[y]! += after
          largestGap = Math.max(largestGap, Math.abs(after / before - 1))
        }
      }
      a.sort()
      b.sort()
      for (const p of [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99]) {
        expect(Math.abs(quantile(b, p) / quantile(a, p) - 1)).toBeLessThan(0.002)
      }
      const mean = (xs: Float64Array) => xs.reduce((s, x) => s + x, 0) / xs.length
      expect(Math.abs(mean(b) / mean(a) - 1)).toBeLessThan(1e-3)
      // Draw for draw, a factor moves at most across its 1/4096 quantile bin, except in the far tails.
      expect(largestGap).toBeLessThan(sigma * 1.5)
    }
  })
})
