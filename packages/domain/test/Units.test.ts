import { describe, expect, it } from "vitest"
import { Calendar, Units } from "../src/index.ts"

describe("units as the bureaus report them", () => {
  it("start rate 238 of 286 is 83.2%", () => expect(Units.formatPercent(238 / 286)).toBe("83.2%"))
  it("rounds half up, even where binary floating point falls a hair short", () => {
    expect(Units.roundHalfUp(83.25, 1)).toBe(83.3)
    expect(Units.roundHalfUp(1.005, 2)).toBe(1.01)
    expect(Units.formatPercent(0.70749999999)).toBe("70.7%")
    expect(Units.formatPercent(0.7075)).toBe("70.8%")
  })
  it("shows 万元 as 亿元 with one decimal", () => expect(Units.formatYi(10_503_000)).toBe("1050.3"))
  it("a rate with no denominator is shown as a dash", () => {
    expect(Units.ratio(1, 0)).toBeNull()
    expect(Units.formatPercent(null)).toBe("—")
  })
})

describe("calendar", () => {
  it("accepts real dates only", () => {
    expect(Calendar.isDate("2020-02-29")).toBe(true)
    expect(Calendar.isDate("2021-02-29")).toBe(false)
    expect(Calendar.isDate("2020-13-01")).toBe(false)
    expect(Calendar.formatDate(Calendar.parseDate("2023-09-30")!)).toBe("2023-09-30")
  })
  it("needs an offset on knowledge times", () => {
    expect(Calendar.parseInstant("2019-11-05T10:00:00+08:00")).toBe(Date.parse("2019-11-05T02:00:00Z"))
    expect(Calendar.parseInstant("2019-11-05T10:00:00")).toBeUndefined()
  })
  it("a bare date as a knowledge cut is the end of that day in China time", () =>
    expect(Calendar.parseKnowledgeCut("2020-09-30")).toBe(Date.parse("2020-09-30T15:59:59.999Z")))
  it("months", () => {
    expect(Calendar.monthOfDay(Calendar.parseDate("2020-09-30")!)).toBe(202009)
    expect(Calendar.formatDate(Calendar.endOfMonth(202002))).toBe("2020-02-29")
  })
})

describe("numbers that are not finite (issue 9 item 10)", () => {
  it("are never shown as Infinity or NaN", () => {
    for (const value of [Infinity, -Infinity, NaN]) {
      expect(Units.formatYi(value)).toBe("n/a")
      expect(Units.formatPercent(value)).toBe("n/a")
      expect(Units.formatNumber(value, 0)).toBe("n/a")
    }
    expect(Units.formatPercent(null)).toBe("—")
    expect(Units.formatYi(10_503_000)).toBe("1050.3")
  })
})

describe("one project's money", () => {
  it("is whole 万元, rounded half-up", () => {
    expect(Units.formatWan(4750.5)).toBe("4751")
    expect(Units.formatWan(4750.49)).toBe("4750")
  })
})
