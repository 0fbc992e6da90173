/**
 * The generator keeps what made its ledgers agree with the practice cities (`pnpm bench:realism`), so the
 * calibration test keeps meaning something: its months are lumpy with heavy tails (the old, smooth generator had a
 * spread of 0.22 and almost no month beyond a factor e of its neighbours), the city's months stray together, the
 * plans' completion moves from year to year, northern sites stop for the winter with a suspension, and starts are
 * known days after they happen. Measured with the bench's own statistics on fixed seeds.
 */
import { describe, expect, it } from "vitest"
import { LedgerGenerator } from "@groundbreak/synth"
import * as LedgerStatistics from "../bench/realism/LedgerStatistics.ts"

const statistics = (northern: boolean) =>
  LedgerStatistics.compute(
    LedgerGenerator.generateLedger({ seed: 77, prefix: "R", firstYear: 2017, lastYear: 2024, newPerYear: 100, until: "2024-06-30", northern }),
    { from: 2020, to: 2023 }
  )

describe("generator realism", () => {
  const south = statistics(false), north = statistics(true)

  it("months are lumpy around a project's own course, with heavy tails, and rarely empty while a site works", () => {
    for (const s of [south, north]) {
      expect(s.logRatio.sd).toBeGreaterThan(0.35)
      expect(s.logRatio.beyondOne).toBeGreaterThan(0.02)
      expect(s.logRatio.p05).toBeLessThan(-0.6)
      expect(s.zeroShare).toBeLessThan(0.02)
    }
  })

  it("the city's months and years stray together", () => {
    expect(south.cityShock).toBeGreaterThan(0.08)
    const spread = (c: ReadonlyArray<number>) => Math.max(...c) - Math.min(...c)
    expect(spread(south.completion)).toBeGreaterThan(0.05)
  })

  it("northern sites are suspended for the winter; southern ones only now and then", () => {
    expect(north.suspensions.share).toBeGreaterThan(0.6)
    expect(north.suspensions.winter).toBeGreaterThan(0.8)
    expect(north.monthProfile[0]!).toBeLessThan(0.01)
    expect(south.suspensions.share).toBeLessThan(0.2)
    expect(south.monthProfile[11]!).toBeGreaterThan(south.monthProfile[10]!)
  })

  it("starts are known days after they happen, before the month's first report", () => {
    expect(south.startLag.p50).toBeGreaterThan(3)
    expect(south.startLag.p90).toBeLessThan(16)
  })
})
