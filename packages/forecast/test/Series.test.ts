import { describe, expect, it } from "vitest"
import { Series } from "../src/index.ts"

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
