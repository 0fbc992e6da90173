import { describe, expect, it } from "vitest"
import { ModelError } from "../src/index.ts"

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
