/** Month arithmetic on epoch days and `yyyymm` agrees with `Date` in UTC. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Calendar } from "../src/index.ts"

const dayMs = 86_400_000
const epochDay = fc.integer({ min: Calendar.startOfYear(1800), max: Calendar.startOfYear(2400) })
const months = fc.integer({ min: -1200, max: 1200 })

describe("month arithmetic", () => {
  it("addMonthsToDay keeps the day of the month, or takes the month's last day when it is shorter", () =>
    fc.assert(fc.property(epochDay, months, (day, n) => {
      const d = new Date(day * dayMs)
      const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1))
      const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
      const expected = Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d.getUTCDate(), last)) / dayMs
      expect(Calendar.addMonthsToDay(day, n)).toBe(expected)
    })))

  it("addMonths and monthsBetween undo each other", () =>
    fc.assert(fc.property(epochDay, months, (day, n) => {
      const month = Calendar.monthOfDay(day)
      expect(Calendar.addMonths(Calendar.addMonths(month, n), -n)).toBe(month)
      expect(Calendar.monthOfDay(Calendar.addMonthsToDay(day, n))).toBe(Calendar.addMonths(month, n))
      expect(Calendar.monthsBetween(day, Calendar.addMonthsToDay(day, n))).toBe(n)
    })))

  it("crosses year ends both ways", () => {
    expect(Calendar.addMonths(202011, 2)).toBe(202101)
    expect(Calendar.addMonths(202101, -1)).toBe(202012)
    expect(Calendar.formatDate(Calendar.addMonthsToDay(Calendar.parseDate("2020-01-31")!, 1))).toBe("2020-02-29")
    expect(Calendar.monthsBetween(Calendar.parseDate("2019-12-31")!, Calendar.parseDate("2020-01-01")!)).toBe(1)
  })
})
