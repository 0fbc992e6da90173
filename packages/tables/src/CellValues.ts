/**
 * Reading the values clerks type into a progress table: money, dates and
 * months in the many ways they are written, Excel date cells and serials,
 * percentages as 85.3, 0.853 or "85.3%", and 是/否. Each reader returns the
 * value or a `Bad` naming what was expected.
 */
import { Calendar } from "@groundbreak/domain"

/** A cell as read from a sheet: what the file holds, with its number format when it has one. */
export interface Cell {
  readonly value: string | number | boolean | Date | null
  readonly numFmt?: string | undefined
}

export interface Bad {
  readonly bad: true
  readonly expected: string
}

export const isBad = (value: unknown): value is Bad => typeof value === "object" && value !== null && "bad" in value

const bad = (expected: string): Bad => ({ bad: true, expected })

/** The text of a cell as written, trimmed; empty for an empty cell. */
export const textOf = (cell: Cell | undefined): string => {
  const v = cell?.value
  if (v === null || v === undefined) return ""
  if (v instanceof Date) return Calendar.formatDate(Math.floor(v.getTime() / 86_400_000))
  return String(v).trim()
}

/** The text of a cell folded for reading a value: full-width digits, letters and signs as half-width. */
const foldedOf = (cell: Cell | undefined): string => textOf(cell).normalize("NFKC").trim()

export const isEmpty = (cell: Cell | undefined): boolean => textOf(cell) === ""

/** How a cell was written, for error messages: `"abc"`, `12.5`, `(empty)`. */
export const shown = (cell: Cell | undefined): string => {
  const v = cell?.value
  if (v === null || v === undefined || (typeof v === "string" && v.trim() === "")) return "(empty)"
  if (typeof v === "string") return JSON.stringify(v)
  if (v instanceof Date) return textOf(cell)
  return String(v)
}

/** Rounds money to 1e-6 万元 (a hundredth of a yuan), so that unit conversions and differences are exact in practice. */
export const roundMoney = (wan: number): number => Math.round(wan * 1e6) / 1e6

const numberPattern = /^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$/

/** A money amount in the table's unit, converted to 万元; an empty cell is `undefined`. */
export const money = (cell: Cell | undefined, wanPerUnit: number): number | undefined | Bad => {
  const v = cell?.value
  if (v === null || v === undefined) return undefined
  if (typeof v === "number") return Number.isFinite(v) ? roundMoney(v * wanPerUnit) : bad("a number")
  const text = foldedOf(cell).replace(/\s/g, "")
  if (text === "" || text === "-" || text === "—" || text === "/") return undefined
  if (!numberPattern.test(text) || text === "." ) return bad("a number")
  return roundMoney(Number(text.replaceAll(",", "")) * wanPerUnit)
}

/** Epoch day of an Excel date serial (days since 1899-12-30, the 1900 leap-year bug included). */
export const excelSerialDay = (serial: number): number => Math.floor(serial) - 25_569

/** A date: what the table says, and how precisely. */
export interface TableDate {
  /** Epoch day (for a month, its last day; for "yes", the reporting month's last day). */
  readonly day: number
  readonly precision: "day" | "month" | "yes"
}

const ymd = (y: number, m: number, d: number): number | undefined => {
  const text = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`
  return Calendar.parseDate(text)
}

const yesWords = new Set(["是", "已", "有", "y", "yes", "true", "√", "✓", "1", "已开工", "开工", "已封顶", "封顶", "已竣工", "已投产", "竣工", "投产", "已竣工投产", "停工", "已停工", "已取消", "取消", "终止"])
const noWords = new Set(["否", "未", "无", "n", "no", "false", "×", "✗", "0", "未开工", "未封顶", "未竣工", "在建", "正常", "复工", "已复工", "正常施工"])

/** 是/否 and the like; empty is no. */
export const yesNo = (cell: Cell | undefined): boolean | Bad => {
  const v = cell?.value
  if (typeof v === "boolean") return v
  const text = foldedOf(cell).toLowerCase()
  if (text === "") return false
  if (yesWords.has(text)) return true
  if (noWords.has(text)) return false
  return bad("是 or 否")
}

/**
 * A date or a month, as clerks write them: an Excel date cell or serial,
 * 2023-03-15, 2023/3/15, 2023.3.15, 2023年3月15日, or a month 2023-03,
 * 2023.3, 2023年3月, 3月 (in `year`), or 是 (the step happened, no date
 * given). A month stands for its last day, and 是 for the last day of the
 * reporting month `reportingMonth` (`yyyymm`): the days the table vouches
 * for. Empty or 否 is `undefined`.
 */
export const date = (cell: Cell | undefined, year: number, reportingMonth: number): TableDate | undefined | Bad => {
  const v = cell?.value
  if (v === null || v === undefined) return undefined
  if (v instanceof Date) return { day: Math.floor(v.getTime() / 86_400_000), precision: "day" }
  if (typeof v === "number") {
    if (Number.isInteger(v) && v >= 20_000 && v <= 80_000) return { day: excelSerialDay(v), precision: "day" }
    if (v >= 1900 && v < 2201) {
      // 2023.3 typed into a cell Excel took as a number.
      const [y, m = ""] = String(v).split(".")
      return monthOf(Number(y), Number(m))
    }
    if (v === 1) return { day: Calendar.endOfMonth(reportingMonth), precision: "yes" }
    if (v === 0) return undefined
    return bad("a date such as 2023-03-15 or a month such as 2023-03")
  }
  const text = foldedOf(cell).replace(/\s/g, "")
  if (text === "" || text === "-" || text === "—" || text === "/") return undefined
  const yn = yesNo(cell)
  if (yn === true) return { day: Calendar.endOfMonth(reportingMonth), precision: "yes" }
  if (yn === false) return undefined
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text)
  if (m !== null) {
    const day = ymd(Number(m[1]), Number(m[2]), Number(m[3]))
    return day === undefined ? bad("a real calendar date") : { day, precision: "day" }
  }
  m = /^(\d{4})[-/.年](\d{1,2})月?(份)?$/.exec(text)
  if (m !== null) return monthOf(Number(m[1]), Number(m[2]))
  m = /^(\d{1,2})月(份)?$/.exec(text)
  if (m !== null) return monthOf(year, Number(m[1]))
  m = /^(\d{1,2})月(\d{1,2})日$/.exec(text)
  if (m !== null) {
    const day = ymd(year, Number(m[1]), Number(m[2]))
    return day === undefined ? bad("a real calendar date") : { day, precision: "day" }
  }
  return bad("a date such as 2023-03-15 or a month such as 2023-03")
}

const monthOf = (y: number, m: number): TableDate | Bad =>
  m >= 1 && m <= 12 ? { day: Calendar.endOfMonth(y * 100 + m), precision: "month" } : bad("a month 1–12")

/**
 * A share, as a fraction: "85.3%" is 0.853; a number is read by the
 * column's convention (`percentScale` 100 when the column writes 85.3, 1
 * when it writes 0.853 or the cell is formatted as a percentage).
 */
export const percent = (cell: Cell | undefined, percentScale: 1 | 100): number | undefined | Bad => {
  const v = cell?.value
  if (v === null || v === undefined) return undefined
  if (typeof v === "number") return cell?.numFmt?.includes("%") ? v : v / percentScale
  const text = foldedOf(cell).replace(/\s/g, "")
  if (text === "" || text === "-" || text === "—" || text === "/") return undefined
  const withSign = /^([+-]?\d+(\.\d+)?)[%％]$/.exec(text)
  if (withSign !== null) return Number(withSign[1]) / 100
  if (numberPattern.test(text)) return Number(text) / percentScale
  return bad("a percentage such as 85.3%, 85.3 or 0.853")
}

/**
 * Whether a percentage column writes 85.3 (scale 100) or 0.853 (scale 1):
 * plain numbers above 1.5 anywhere in it mean percent points.
 */
export const percentScaleOf = (cells: ReadonlyArray<Cell | undefined>): 1 | 100 => {
  for (const cell of cells) {
    const v = cell?.value
    if (typeof v === "number" && !cell?.numFmt?.includes("%") && Math.abs(v) > 1.5) return 100
    if (typeof v === "string" && !/[%％]/.test(v) && Math.abs(Number(v)) > 1.5) return 100
  }
  return 1
}

/** 新建 / 续建 (and English), or undefined when empty. */
export const planKind = (cell: Cell | undefined): "new" | "continuing" | undefined | Bad => {
  const text = foldedOf(cell).toLowerCase()
  if (text === "") return undefined
  if (/^(新建|新开工|新开|新|new)(项目)?$/.test(text)) return "new"
  if (/^(续建|续|在建|continuing|continued)(项目)?$/.test(text)) return "continuing"
  return bad("新建 or 续建 (new or continuing)")
}
