/** Kaplan–Meier survival of waits and durations, and its table sampler. */
import { describe, expect, it } from "vitest"
import { Survival } from "../src/index.ts"

describe("Kaplan–Meier", () => {
  it("counts censored projects as at risk until their censoring time", () => {
    // Starts after 1, 2, 2 months; two projects still waiting after 2 months.
    const s = Survival.kaplanMeier([
      { months: 1, observed: true },
      { months: 2, observed: true },
      { months: 2, observed: true },
      { months: 2, observed: false },
      { months: 2, observed: false }
    ], { from: 0, mean: 1, span: 10 })
    expect(Survival.survivalAt(s, 1)).toBeCloseTo(4 / 5, 12)
    expect(Survival.survivalAt(s, 2)).toBeCloseTo((4 / 5) * (2 / 4), 12)
    // Conditional on waiting more than 2 months, the draw falls beyond the observed range.
    expect(Survival.drawBeyond(s, 2, 0.5)).toBeUndefined()
    expect(Survival.drawBeyond(s, 0, 0.01)).toBe(1)
  })

  it("the table sampler agrees with exact inversion at its bins' middles", () => {
    const s = Survival.kaplanMeier(Array.from({ length: 200 }, (_, i) => ({ months: 1 + (i % 17), observed: i % 5 !== 0 })), { from: 0, mean: 1, span: 10 })
    const table = Survival.sampler(s)
    for (let e = 0; e < 17; e++) {
      for (const u of [0.5 / 1024, 0.2, 0.5, 0.9]) {
        const bin = (Math.floor(u * 1024) + 0.5) / 1024
        expect(Survival.sample(table, e, u)).toBe(Survival.drawBeyond(s, e, bin) ?? Survival.BEYOND)
      }
    }
  })
})
