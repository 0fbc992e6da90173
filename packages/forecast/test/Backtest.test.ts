import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Backtest } from "../src/index.ts"

describe("backtest scores", () => {
  it("a method told the actual outcome scores zero error and full coverage", () =>
    fc.assert(fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 1, max: 50 }), (actual, n) => {
      const s = Backtest.scoreOrigin({ point: actual, p10: actual, p90: actual }, actual, new Float64Array(n).fill(actual))
      expect(s.error).toBe(0)
      expect(s.covered).toBe(true)
      expect(s.winkler).toBe(0)
      expect(s.pinball).toBe(0)
      expect(s.crps).toBeCloseTo(0, 6)
      expect(s.ape === 0 || actual === 0).toBe(true)
    })))

  it("aggregates per method, with skill against run-rate and coverage's distance from 80%", () => {
    const origin = (actual: number, sim: number, runRate: number) => {
      const f = { investment: { simulation: { point: sim, p10: sim - 10, p90: sim + 10 }, combined: null, runRate: { point: runRate }, seasonalShare: null, regression: null }, startRate: { simulation: null, combined: null, runRate: null, seasonalShare: null, regression: null } }
      const scores = {
        investment: {
          simulation: Backtest.scoreOrigin(f.investment.simulation, actual),
          combined: null,
          runRate: Backtest.scoreOrigin(f.investment.runRate, actual),
          seasonalShare: null,
          regression: null
        },
        startRate: { simulation: null, combined: null, runRate: null, seasonalShare: null, regression: null }
      }
      return { year: 2020, asOf: "2020-09-30", actual: { investment: actual, startRate: null }, toDate: { investment: 0, startRate: null }, forecasts: f, scores }
    }
    const scores = Backtest.summarize([origin(100, 105, 80), origin(100, 120, 90)])
    const sim = scores.find((s) => s.metric === "investment" && s.method === "simulation")!
    expect(sim.bias).toBe(12.5)
    expect(sim.coverage).toBe(0.5)
    expect(sim.coverageGap).toBeCloseTo(-0.3, 12)
    expect(sim.skill).toBeCloseTo(1 - 12.5 / 15, 12) // CRPS of the simulation (no samples: |error|) against run-rate's mean |error| of 15
    expect(scores.find((s) => s.metric === "investment" && s.method === "seasonalShare")!.origins).toBe(0)
  })
})
