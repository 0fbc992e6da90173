/**
 * The fan chart's months: with a shift (the combination leading), each path takes it in step with its own simulated
 * work, so December ends on the headline's year-end distribution, months already reported are untouched, and no
 * month falls below what is known to date.
 */
import { describe, expect, it } from "vitest"
import * as CompiledPlan from "../src/CompiledPlan.ts"
import * as Fan from "../src/Fan.ts"
import type { PathOutcomes } from "../src/Simulator.ts"

/** Three paths that work only in October–December (万元 per month). */
const monthly = [[10, 20, 30], [20, 20, 20], [0, 40, 50]]
const outcomes = {
  investment: Float64Array.from(monthly.map((m) => m.reduce((a, b) => a + b, 0))),
  monthlyInvestment: Float64Array.from(monthly.flatMap((m) => [0, 0, 0, 0, 0, 0, 0, 0, 0, ...m])),
  monthlyStarts: new Float64Array(36),
  newProjects: new Float64Array(3)
} as unknown as PathOutcomes
const plan = { count: 0, year: 2020, asOfMonth: 9, isNew: new Uint8Array(0), startMonth: new Uint8Array(0) } as unknown as CompiledPlan.Compiled

describe("Fan.of", () => {
  it("without a shift, December is the simulated year-end", () => {
    const december = Fan.of([], plan, outcomes, 9).investment[11]!
    expect(december.p50).toBe(60)
  })

  it("with a shift, December moves by it and earlier months by the share of each path's work done by then", () => {
    const fan = Fan.of([], plan, outcomes, 9, -12).investment
    expect(fan[11]!.p50).toBeCloseTo(48, 9)
    // October: the paths have done 1/6, 1/3 and 0 of their work, so 10, 20, 0 move by −2, −4 and 0 to 8, 16, 0 (P10 and P90 interpolated).
    expect([fan[9]!.p10, fan[9]!.p50, fan[9]!.p90].map((v) => Math.round(v * 1000) / 1000)).toEqual([1.6, 8, 14.4])
    expect(fan[8]!.p50).toBe(0)
  })

  it("never falls below what is known to date", () => {
    const fan = Fan.of([], plan, outcomes, 9, -1_000).investment
    for (const month of fan) expect(month.p10).toBeGreaterThanOrEqual(0)
  })
})
