/** Every CSV the command line writes (kpis, warnings, ranking) opens in Excel as UTF-8 and never runs a formula. */
import { describe, expect, it } from "vitest"
import * as CsvOutput from "../../packages/cli/src/CsvOutput.ts"
import * as WarningsOutput from "../../packages/cli/src/WarningsOutput.ts"

describe("CSV output", () => {
  it("starts with a byte-order mark, neutralises formula text and leaves numbers alone", () => {
    expect(CsvOutput.document([["name", "amount"], ["=HYPERLINK(\"x\")", -5], ["海州区", 12.5]]))
      .toBe("\uFEFFname,amount\n\"'=HYPERLINK(\"\"x\"\")\",-5\n海州区,12.5\n")
  })

  it("is what the ranking CSV is made of (a district named like a formula stays text)", () => {
    const csv = WarningsOutput.rankingToCsv({
      year: 2020, asOf: "2020-09-30", knownAt: "2020-10-15", pace: 0.75, by: "district",
      rows: [{ key: "@evil", rank: 1, previousRank: null, rankChange: null, completionGap: -5, startGap: 0, startResumeGap: 0,
        values: { completionRate: 0.7, startRate: 0.8, startResumeRate: 0.9, plannedInvestment: 100, completedInvestment: 70 } }]
    } as never)
    expect(csv.startsWith("\uFEFFyear,")).toBe(true)
    expect(csv).toContain(",'@evil,")
  })
})
