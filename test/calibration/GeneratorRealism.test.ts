/**
 * The generator keeps what made its ledgers agree with the practice cities (`pnpm bench:realism`), so the
 * calibration test keeps meaning something: its months are lumpy with heavy tails (the old, smooth generator had a
 * spread of 0.22 and almost no month beyond a factor e of its neighbours), the city's months stray together, the
 * plans' completion moves from year to year, northern sites stop for the winter with a suspension, and starts are
 * known days after they happen. Since issue 13 also what the practice cities showed it still lacked: larger projects
 * take longer, a start waits for its permits (a month late as often as on time), and plans set cautiously before the
 * year are more often over-fulfilled than not and stay as set. Measured with the bench's own statistics on fixed seeds.
 */
import { describe, expect, it } from "vitest"
import { Calendar, type ProjectEvent } from "@groundbreak/domain"
import { LedgerGenerator } from "@groundbreak/synth"
import * as LedgerStatistics from "../bench/realism/LedgerStatistics.ts"

const options = (seed: number, northern: boolean) =>
  ({ seed, prefix: "R", firstYear: 2017, lastYear: 2024, newPerYear: 100, until: "2024-06-30", northern }) as const
const window = { from: 2020, to: 2023 } as const
const statistics = (northern: boolean) => LedgerStatistics.compute(LedgerGenerator.generateLedger(options(77, northern)), window)
const mean = (xs: ReadonlyArray<number>) => xs.reduce((a, b) => a + b, 0) / xs.length
const median = (xs: ReadonlyArray<number>) => LedgerStatistics.quantile(xs, 0.5)
const correlation = (xs: ReadonlyArray<number>, ys: ReadonlyArray<number>) => {
  const mx = mean(xs), my = mean(ys)
  let sxy = 0, sxx = 0, syy = 0
  xs.forEach((x, i) => { sxy += (x - mx) * (ys[i]! - my); sxx += (x - mx) ** 2; syy += (ys[i]! - my) ** 2 })
  return sxy / Math.sqrt(sxx * syy)
}

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

  it("larger projects take longer from start to commissioning", () => {
    const total = new Map<string, number>(), started = new Map<string, number>(), months: Array<[number, number]> = []
    for (const e of LedgerGenerator.generateLedger(options(77, false)) as Iterable<ProjectEvent.ProjectEvent>) {
      if (e.type === "ProjectSigned") total.set(e.projectId, e.data.totalInvestment)
      if (e.type === "ProjectStarted") started.set(e.projectId, Calendar.parseDate(e.occurredOn)!)
      if (e.type === "ProjectCommissioned" && started.has(e.projectId)) {
        months.push([Math.log(total.get(e.projectId)!), Math.log(Calendar.parseDate(e.occurredOn)! - started.get(e.projectId)!)])
      }
    }
    expect(months.length).toBeGreaterThan(200)
    expect(correlation(months.map(([x]) => x), months.map(([, y]) => y))).toBeGreaterThan(0.3)
  })

  it("a start is a month late as often as on time, never early, and some slip out of their plan year", () => {
    for (const s of [south, north]) {
      expect(s.startDelay.early).toBe(0)
      expect(s.startDelay.onTime).toBeGreaterThan(0.15)
      expect(s.startDelay.one).toBeGreaterThan(0.7 * s.startDelay.onTime)
      expect(s.startDelay.notInYear).toBeGreaterThan(0.03)
    }
  })

  it("plans are dispatched early in their year, stay as set, and cities over-fulfil them more often than not", () => {
    expect(south.planKnownDays).toBeGreaterThan(14)
    expect(south.planKnownDays).toBeLessThan(60)
    expect(south.planChanges.revised).toBe(0)
    const revising = LedgerStatistics.compute(LedgerGenerator.generateLedger({ ...options(77, false), planRevisions: 0.5 }), window)
    expect(revising.planChanges.revised).toBeGreaterThan(0.2)
    const completion = [1001, 1002, 1003, 1004, 1005, 1006].map((seed) =>
      mean(LedgerStatistics.compute(LedgerGenerator.generateLedger(options(seed, false)), window).completion))
    expect(median(completion)).toBeGreaterThan(1)
  })
})
