import { describe, expect, it } from "vitest"
import { Accuracy, Backtest, CounterRandom, Series } from "../src/index.ts"

/** Two earlier years in which 60% of the year was done by September, and a current year at 120 by September. */
const csv = [
  "period,value",
  "2018-02,10", "2018-09,60", "2018-12,100",
  "2019-03,30", "2019-09,120", "2019-12,200",
  "2020-02,15", "2020-09,120"
].join("\n")

describe("forecast-series", () => {
  it("interpolates missing months (January merged into February) from 0 before January", () => {
    const points = Series.readCsv(csv, "s.csv")
    expect(Series.cumulativeAt(points, 2018, 1)).toBe(5)
    expect(Series.cumulativeAt(points, 2019, 6)).toBe(75)
    expect(Series.cumulativeAt(points, 2020, 12)).toBeUndefined()
  })

  it("seasonal share divides the value to date by the usual share done by then", () => {
    const f = Series.forecast(Series.readCsv(csv, "s.csv"), 202009)
    expect(f.toDate).toBe(120)
    expect(f.years).toEqual([2018, 2019])
    expect(f.seasonalShare.p50).toBeCloseTo(200, 9) // 120 / 0.6, both years agree
    expect(f.seasonalShare.p10).toBeCloseTo(200, 9)
    expect(f.regression.p50).toBeCloseTo(200, 9) // year-end / value at September = 300 / 180
  })

  it("spreads the forecast by how much earlier years disagree", () => {
    const disagreeing = csv.replace("2019-12,200", "2019-12,240")
    const f = Series.forecast(Series.readCsv(disagreeing, "s.csv"), 202009)
    expect(f.seasonalShare.p10).toBeLessThan(f.seasonalShare.p50)
    expect(f.seasonalShare.p50).toBeLessThan(f.seasonalShare.p90)
    expect(f.seasonalShare.p50).toBeCloseTo(Math.sqrt(200 * 240), 6)
  })

  it("names the line, the column and what was expected for bad rows", () => {
    expect(() => Series.readCsv("period,value\n2020-13,5\n2020-02,x\n", "bad.csv")).toThrow(
      'bad.csv:2: period: expected YYYY-MM, found "2020-13"\nbad.csv:3: value: expected a number, found "x"'
    )
    expect(() => Series.forecast(Series.readCsv("period,value\n2020-02,5\n", "s.csv"), 202009)).toThrow(/at least one full year/)
  })
})

describe("backtest-series", () => {
  it("forecasts each year from what was published by then, and scores zero error when every year has the same shape", () => {
    const rows = ["period,value"]
    for (const [year, total] of [[2018, 100], [2019, 150], [2020, 120], [2021, 200]] as const) {
      for (let m = 2; m <= 12; m++) rows.push(`${year}-${String(m).padStart(2, "0")},${(total * m) / 12}`)
    }
    const { origins, scores } = Series.backtest(Series.readCsv(rows.join("\n"), "s.csv"), 9)
    expect(origins.map((o) => o.year)).toEqual([2019, 2020, 2021])
    expect(origins.map((o) => o.forecasts.seasonalShare.p50)).toEqual(origins.map((o) => expect.closeTo(o.actual, 9)))
    const seasonal = scores.find((s) => s.method === "seasonalShare")!
    expect(seasonal.mape).toBeCloseTo(0, 9)
    expect(seasonal.coverage).toBe(1)
  })
})

describe("forecast-series combination", () => {
  /** Years whose share done by September swings (so seasonal share errs) while year-end ∝ September holds exactly. */
  const rows = ["period,value"]
  const septembers = [60, 50, 70, 55, 65], totals = [100, 100, 100, 100, 100]
  septembers.forEach((sep, k) => {
    const year = 2015 + k
    rows.push(`${year}-09,${sep}`, `${year}-12,${totals[k]}`)
  })
  rows.push("2020-09,60")
  const points = Series.readCsv(rows.join("\n"), "s.csv")

  it("weighs each method by how well it forecast the earlier years from the same month, and shows every method", () => {
    const f = Series.forecast(points, 202009)
    expect(f.combined.backtests.map((b) => b.year)).toEqual([2016, 2017, 2018, 2019])
    const w = f.combined.weights
    expect(Object.values(w).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    for (const m of Series.methods) expect(f[m].p50).toBeGreaterThan(0)
    expect(f.combined.p50).toBeCloseTo(Series.methods.reduce((a, m) => a + w[m] * f[m].p50, 0), 9)
    expect(f.combined.p10).toBeLessThanOrEqual(f.combined.p50)
    expect(f.combined.p50).toBeLessThanOrEqual(f.combined.p90)
  })

  it("leads with a single method only when it beat the combination in the backtests", () => {
    // Every year the same shape: every method but run-rate is exact, so the combination (which gives run-rate weight) loses.
    const same = ["period,value"]
    for (const year of [2016, 2017, 2018, 2019, 2020]) same.push(`${year}-09,60`, ...(year < 2020 ? [`${year}-12,100`] : []))
    const f = Series.forecast(Series.readCsv(same.join("\n"), "s.csv"), 202009)
    expect(f.headline).not.toBe("combined")
    expect(f[f.headline].p50).toBeCloseTo(100, 6)
    // With one earlier year there is nothing to weigh: the two learning methods alike, the combination leads.
    const thin = Series.forecast(Series.readCsv("period,value\n2019-09,60\n2019-12,100\n2020-09,66\n", "s.csv"), 202009)
    expect(thin.combined.weights).toEqual({ seasonalShare: 0.5, regression: 0.5, runRate: 0 })
    expect(thin.headline).toBe("combined")
  })

  it("scores every method and the combination with Backtest's scoring", () => {
    const { origins, scores } = Series.backtest(points, 9)
    expect(scores.map((s) => s.method)).toEqual([...Series.methods, "combined"])
    const combined = scores.find((s) => s.method === "combined")!
    const expected = Backtest.aggregate(
      origins.map((o) => Backtest.scoreOrigin({ point: o.forecasts.combined.p50, p10: o.forecasts.combined.p10, p90: o.forecasts.combined.p90 }, o.actual, undefined,
        Accuracy.crpsNormal(o.forecasts.combined.p50, (o.forecasts.combined.p90 - o.forecasts.combined.p10) / (2 * CounterRandom.normalQuantile(0.9)), o.actual))),
      origins.map((o) => Backtest.scoreOrigin({ point: o.forecasts.runRate.p50 }, o.actual))
    )
    expect(combined).toEqual({ method: "combined", ...expected })
  })
})
