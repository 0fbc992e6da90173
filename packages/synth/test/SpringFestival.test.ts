/**
 * The Spring Festival's moving date: only January to March move, by a positive factor; over the years of the table the
 * months average out to the seasonal profile; an early New Year takes its loss from January, a late one from February.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { SpringFestival } from "../src/index.ts"

describe("SpringFestival.factor", () => {
  it("moves only January to March, by a positive finite factor, in any year", () =>
    fc.assert(fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
      const f = SpringFestival.factor(year * 100 + month)
      expect(Number.isFinite(f) && f > 0).toBe(true)
      if (month > 3) expect(f).toBe(1)
    })))

  it("averages to 1 over the years of its table, month by month", () => {
    for (const month of [1, 2, 3]) {
      let sum = 0
      for (let year = 2000; year <= 2035; year++) sum += SpringFestival.factor(year * 100 + month)
      expect(sum / 36).toBeCloseTo(1, 9)
    }
  })

  it("an early New Year (22 January 2023) empties January, a late one (10 February 2024) February", () => {
    expect(SpringFestival.factor(202301)).toBeLessThan(1)
    expect(SpringFestival.factor(202302)).toBeGreaterThan(1)
    expect(SpringFestival.factor(202401)).toBeGreaterThan(1)
    expect(SpringFestival.factor(202402)).toBeLessThan(1)
    expect(SpringFestival.factor(202301)).toBeLessThan(SpringFestival.factor(202401))
  })
})
