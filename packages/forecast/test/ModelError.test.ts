import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Backtest, Methods, ModelError } from "../src/index.ts"

describe("model error from backtests", () => {
  it("does not correct a bias from one or two years, and one bad year widens the spread without exploding it", () => {
    const one = ModelError.combine([0.45], [0.0025], [2022])
    expect(one.bias).toBe(0)
    // (0.45² − 0.0025) / (1 + 2 prior years): about 0.26, not 0.45 and not the floor.
    expect(one.sigma).toBeCloseTo(Math.sqrt((0.45 ** 2 - 0.0025) / 3), 12)
    const two = ModelError.combine([0.02, -0.03], [0.0025, 0.0025], [2022, 2021])
    expect(two.bias).toBe(0)
    expect(two.sigma).toBe(0.02)
  })

  it("widens, never narrows, when a backtest year erred more, and keeps the floor", () => {
    const ratio = fc.double({ min: -1, max: 1, noNaN: true })
    const variance = fc.double({ min: 0, max: 0.05, noNaN: true })
    fc.assert(fc.property(fc.array(fc.tuple(ratio, variance), { minLength: 1, maxLength: 2 }), fc.double({ min: 1, max: 3, noNaN: true }), (years, grow) => {
      const ratios = years.map(([r]) => r), own = years.map(([, v]) => v), labels = years.map((_, k) => 2022 - k)
      const e = ModelError.combine(ratios, own, labels)
      const worse = ModelError.combine([ratios[0]! * grow, ...ratios.slice(1)], own, labels)
      expect(e.sigma).toBeGreaterThanOrEqual(0.02)
      expect(worse.sigma).toBeGreaterThanOrEqual(e.sigma - 1e-12)
    }))
  })

  it("adds nothing beyond the floor when the backtests erred no more than the simulation said", () => {
    const e = ModelError.combine([0.05, -0.05, 0.04], [0.01, 0.01, 0.01], [2022, 2021, 2020])
    expect(e.sigma).toBe(0.02)
  })

  it("corrects a bias seen in three years, shrunk by the prior years", () => {
    const e = ModelError.combine([-0.2, -0.22, -0.18], [0, 0, 0], [2022, 2021, 2020])
    expect(e.bias).toBeCloseTo((-0.6 / 3) * (3 / 5), 12)
    expect(e.sigma).toBeGreaterThan(0.02)
  })
})

describe("combination of methods", () => {
  const year = (actual: number, simulation: number, runRate: number, seasonalShare: number, regression: number) =>
    ({ actual, simulation, runRate, seasonalShare, regression })

  it("weighs each method by its backtest accuracy, shrunk towards the simulation on thin evidence, the simulation alone without any", () => {
    expect(Methods.combinationWeights([])).toEqual({ simulation: 1, runRate: 0, seasonalShare: 0, regression: 0 })
    const many = Array.from({ length: 12 }, (_, k) => year(100, 100 + (k % 2 ? 1 : -1), 90, 120, 100 + (k % 2 ? 5 : -5)))
    const w = Methods.combinationWeights(many)
    expect(w.simulation).toBeGreaterThan(w.regression)
    expect(w.regression).toBeGreaterThan(w.runRate)
    expect(w.runRate).toBeGreaterThan(w.seasonalShare)
    expect(Object.values(w).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    // Two years in which run-rate was exact and the simulation 10% off: run-rate gets at most half the weight.
    const lucky = [year(100, 110, 100, 120, 95), year(100, 90, 100, 80, 105)]
    const two = Methods.combinationWeights(lucky)
    const skill = Methods.skillWeights(Methods.combined, lucky)
    expect(skill.runRate).toBeGreaterThan(0.99)
    expect(two.runRate).toBeCloseTo(skill.runRate / 2, 12)
    expect(two.simulation).toBeCloseTo((skill.simulation * 2 + Methods.COMBINATION_PRIOR_YEARS) / (2 + Methods.COMBINATION_PRIOR_YEARS), 12)
    // One year moves it a third of the way.
    expect(Methods.combinationWeights(lucky.slice(0, 1)).runRate).toBeCloseTo(Methods.skillWeights(Methods.combined, lucky.slice(0, 1)).runRate / 3, 12)
  })

  it("skill weights are equal when every method was exact, and inverse to the mean squared log error otherwise", () => {
    expect(Methods.skillWeights(Methods.combined, [year(100, 100, 100, 100, 100)])).toEqual({ simulation: 0.25, runRate: 0.25, seasonalShare: 0.25, regression: 0.25 })
    const w = Methods.skillWeights(["a", "b"] as const, [{ actual: 100, a: 100 * Math.exp(0.1), b: 100 * Math.exp(0.2) }])
    expect(w.a / w.b).toBeCloseTo(4, 9)
  })

  it("a combination's weights lie between the skill weights and the prior, nearer the skill weights the more years there are", () => {
    const positive = fc.double({ min: 1, max: 1e6, noNaN: true })
    const backtest = fc.record({ actual: positive, simulation: positive, runRate: positive, seasonalShare: positive, regression: positive })
    fc.assert(fc.property(fc.array(backtest, { minLength: 1, maxLength: 6 }), (years) => {
      const w = Methods.combinationWeights(years)
      const skill = Methods.skillWeights(Methods.combined, years)
      const share = years.length / (years.length + Methods.COMBINATION_PRIOR_YEARS)
      for (const m of Methods.combined) expect(w[m]).toBeCloseTo(share * skill[m] + (1 - share) * (m === "simulation" ? 1 : 0), 9)
      expect(w.simulation).toBeGreaterThanOrEqual(1 - share - 1e-12)
    }))
  })

  it("is the headline only when it beat the simulation leaving each backtest year out", () => {
    expect(Methods.combinationBeatsSimulation([year(100, 90, 100, 100, 100)])).toBe(false)
    // The simulation is always right: the combination cannot beat it.
    expect(Methods.combinationBeatsSimulation([year(100, 100, 90, 110, 95), year(100, 100, 110, 90, 105)])).toBe(false)
    // The simulation errs one way, the simple methods the other: their mean is right.
    expect(Methods.combinationBeatsSimulation([year(100, 110, 90, 95, 105), year(100, 110, 92, 96, 108), year(100, 109, 91, 94, 106)])).toBe(true)
  })

  it("moves the simulated distribution to the combined point, never below what is done", () => {
    const samples = Float64Array.from([80, 100, 120])
    const moved = Methods.combineSamples(samples, { simulation: 100, runRate: 90, seasonalShare: 90, regression: 90 },
      { simulation: 0.5, runRate: 0.5, seasonalShare: 0, regression: 0 }, 78)
    expect(Array.from(moved)).toEqual([78, 95, 115])
  })
})

describe("the method registry", () => {
  it("declares each simple method once: its labels, its forecasts, and every derived list follows it", () => {
    expect(Methods.combined).toEqual(["simulation", ...Methods.simpleNames])
    expect(Backtest.methods).toEqual(["simulation", "combined", ...Methods.simpleNames])
    for (const name of [...Methods.combined, "combined" as const]) {
      expect(Methods.labels[name].zh.length).toBeGreaterThan(0)
      expect(Methods.labels[name].en.length).toBeGreaterThan(0)
    }
    const input = { series: { cumulative: [10, 20, 30] }, starts: { cumulative: [0.1, 0.2, 0.3], usualShare: 0.5 }, seasonality: Array.from({ length: 12 }, () => 1 / 12) }
    const all = Methods.forecastAll(input)
    expect(Object.keys(all)).toEqual([...Methods.simpleNames])
    for (const name of Methods.simpleNames) {
      expect(all[name].investment).toBe(Methods.simple[name].investment(input))
      expect(all[name].startRate).toBe(Methods.simple[name].startRate(input))
    }
    expect(all.runRate).toEqual({ investment: 120, startRate: 1 })
    expect(Methods.forecastAll({ ...input, starts: null }).seasonalShare.startRate).toBeNull()
  })

  it("weights are shares (non-negative, summing to 1) whatever the backtests", () => {
    const positive = fc.double({ min: 1, max: 1e6, noNaN: true })
    fc.assert(fc.property(fc.array(fc.record({ actual: positive, simulation: positive, runRate: positive, seasonalShare: positive, regression: positive }), { maxLength: 6 }), (years) => {
      const w = Methods.combinationWeights(years)
      expect(Object.values(w).every((x) => x >= 0)).toBe(true)
      expect(Object.values(w).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9)
    }))
  })
})
