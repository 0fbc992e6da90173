/** Every way a clerk writes a date, a month, a share or an amount reads as the same value. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Calendar } from "@groundbreak/domain"
import { CellValues } from "../src/index.ts"

const days = fc.integer({ min: Calendar.parseDate("1990-01-01")!, max: Calendar.parseDate("2099-12-31")! })
const cell = (value: CellValues.Cell["value"], numFmt?: string): CellValues.Cell => ({ value, numFmt })

describe("reading cell values", () => {
  it("a date reads the same as an ISO date, with slashes or dots, in Chinese, as an Excel date cell or serial", () =>
    fc.assert(fc.property(days, (day) => {
      const [y, m, d] = Calendar.formatDate(day).split("-").map(Number) as [number, number, number]
      const ways: Array<CellValues.Cell["value"]> = [
        Calendar.formatDate(day), `${y}/${m}/${d}`, `${y}.${m}.${d}`, `${y}年${m}月${d}日`, `${y}年${m}月${d}日 `,
        new Date(day * 86_400_000), day + 25_569
      ]
      for (const value of ways) expect(CellValues.date(cell(value), y, 202312), String(value)).toEqual({ day, precision: "day" })
    })))

  it("a month reads as its last day, written 2023-03, 2023.3, 2023年3月 or 3月 (in the table's year)", () =>
    fc.assert(fc.property(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
      const last = Calendar.endOfMonth(y * 100 + m)
      for (const value of [Calendar.formatMonth(y * 100 + m), `${y}.${m}`, `${y}年${m}月`, `${m}月`]) {
        expect(CellValues.date(cell(value), y, 202312), value).toEqual({ day: last, precision: "month" })
      }
    })))

  it("是 in a date column is the last day of the reporting month; 否 and empty are no date", () => {
    expect(CellValues.date(cell("是"), 2023, 202303)).toEqual({ day: Calendar.parseDate("2023-03-31"), precision: "yes" })
    expect([CellValues.date(cell("否"), 2023, 202303), CellValues.date(cell(null), 2023, 202303)]).toEqual([undefined, undefined])
    expect(CellValues.date(cell("2023-02-30"), 2023, 202303)).toEqual({ bad: true, expected: "a real calendar date" })
  })

  it("a share reads the same as 85.3, 0.853 formatted as a percentage, and \"85.3%\"", () =>
    fc.assert(fc.property(fc.integer({ min: 0, max: 2000 }), (tenths) => {
      const fraction = tenths / 1000
      expect(CellValues.percent(cell(`${tenths / 10}%`), 1)).toBeCloseTo(fraction, 12)
      expect(CellValues.percent(cell(tenths / 10), 100)).toBeCloseTo(fraction, 12)
      expect(CellValues.percent(cell(fraction, "0.0%"), 100)).toBeCloseTo(fraction, 12)
    })))

  it("a column writes percent points when a plain number in it exceeds 1.5", () => {
    expect(CellValues.percentScaleOf([cell(0.5), cell(85.3)])).toBe(100)
    expect(CellValues.percentScaleOf([cell(0.5), cell(1.2), cell("40%")])).toBe(1)
    expect(CellValues.percentScaleOf([cell(85.3, "0.0%")])).toBe(1)
  })

  it("money in 亿元 becomes 万元 exactly to a hundredth of a yuan, thousands separators and full-width digits included", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), (tenThousandths) => {
      const yi = tenThousandths / 10_000
      expect(CellValues.money(cell(yi), 10_000)).toBe(tenThousandths)
      expect(CellValues.money(cell(String(yi)), 10_000)).toBe(tenThousandths)
    }))
    expect(CellValues.money(cell("1,234.5"), 1)).toBe(1234.5)
    expect(CellValues.money(cell("１２３"), 1)).toBe(123)
    expect(CellValues.money(cell("一百"), 1)).toEqual({ bad: true, expected: "a number" })
    expect([CellValues.money(cell("—"), 1), CellValues.money(cell(null), 1)]).toEqual([undefined, undefined])
  })

  it("是/否 and the words clerks use for them", () => {
    expect(["是", "√", "Y", "已开工", "否", "", "×", "正常"].map((v) => CellValues.yesNo(cell(v)))).toEqual([true, true, true, true, false, false, false, false])
    expect(CellValues.yesNo(cell("也许"))).toEqual({ bad: true, expected: "是 or 否" })
  })
})
