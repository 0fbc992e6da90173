import { describe, expect, it } from "vitest"
import { Accuracy } from "../src/index.ts"

describe("accuracy measures, against values computed by hand", () => {
  it("error, absolute percentage error", () => {
    expect(Accuracy.error(110, 100)).toBe(10)
    expect(Accuracy.absolutePercentageError(90, 100)).toBeCloseTo(0.1, 12)
  })

  it("coverage and the Winkler score of an 80% interval", () => {
    expect(Accuracy.covers(90, 110, 100)).toBe(true)
    expect(Accuracy.winkler(90, 110, 100)).toBe(20) // inside: the width
    expect(Accuracy.winkler(90, 110, 85)).toBe(20 + 10 * 5) // below: width + (2/0.2)·5
    expect(Accuracy.winkler(90, 110, 112)).toBe(20 + 10 * 2)
  })

  it("pinball loss: τ(y − q) above the quantile, (1 − τ)(q − y) below it", () => {
    // P90 of 100, actual 110: under-forecast of a high quantile costs 0.9 per unit.
    expect(Accuracy.pinball(100, 0.9, 110)).toBeCloseTo(9, 12)
    // P90 of 100, actual 90: over-forecast costs only 0.1 per unit.
    expect(Accuracy.pinball(100, 0.9, 90)).toBeCloseTo(1, 12)
    expect(Accuracy.pinball(100, 0.1, 110)).toBeCloseTo(1, 12)
    expect(Accuracy.pinball(100, 0.5, 100)).toBe(0)
  })

  it("CRPS from samples: mean |x − y| − half the mean |x − x'|", () => {
    // Samples 1, 2, 3; actual 2: mean |x−y| = 2/3; mean |x−x'| over 9 pairs = 8/9; CRPS = 2/3 − 4/9 = 2/9.
    expect(Accuracy.crps([3, 1, 2], 2)).toBeCloseTo(2 / 9, 12)
    // A point forecast: CRPS is the absolute error.
    expect(Accuracy.crps([5, 5, 5, 5], 2)).toBeCloseTo(3, 12)
  })

  it("CRPS of a normal in closed form: 2φ(0) − 1/√π for N(0, 1) at 0; the absolute error with no spread", () => {
    expect(Accuracy.crpsNormal(0, 1, 0)).toBeCloseTo(2 / Math.sqrt(2 * Math.PI) - 1 / Math.sqrt(Math.PI), 6)
    expect(Accuracy.crpsNormal(10, 0, 7)).toBe(3)
    // Far from the centre, CRPS approaches the absolute error less σ/√π.
    expect(Accuracy.crpsNormal(0, 1, 8)).toBeCloseTo(8 - 1 / Math.sqrt(Math.PI), 4)
  })

  it("skill against a reference", () => {
    expect(Accuracy.skill(2, 4)).toBe(0.5)
    expect(Accuracy.skill(6, 4)).toBe(-0.5)
  })
})

describe("probability forecasts", () => {
  it("Brier: 0 when certain and right, 1 when certain and wrong, b(1 − b) for the base rate", () => {
    expect(Accuracy.brier([{ p: 1, happened: true }, { p: 0, happened: false }])).toBe(0)
    expect(Accuracy.brier([{ p: 1, happened: false }])).toBe(1)
    const events = [true, false, false, false].map((happened) => ({ p: 0.25, happened }))
    expect(Accuracy.brier(events)).toBeCloseTo(0.25 * 0.75, 12)
    expect(Accuracy.brier([])).toBeNull()
  })

  it("reliability bins by probability, 100% in the last bin, each with its mean forecast and observed share", () => {
    const table = Accuracy.reliability([{ p: 0.65, happened: true }, { p: 0.61, happened: false }, { p: 1, happened: true }, { p: 0, happened: false }])
    expect(table).toHaveLength(10)
    expect(table[6]).toEqual({ from: 0.6, to: 0.7, count: 2, meanForecast: 0.63, observed: 0.5 })
    expect(table[9]!.count).toBe(1)
    expect(table[0]!.observed).toBe(0)
    expect(table[3]!.meanForecast).toBeNull()
  })
})
