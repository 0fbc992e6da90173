/**
 * Reading one monthly progress table out of a sheet: finding the header
 * (whatever title rows stand above it, over one or two rows with merged
 * group cells), the money unit (a unit row such as 单位：万元, or a header
 * such as 总投资（亿元）), the project rows, and the subtotal rows (合计,
 * 小计, 新建项目, 续建项目, 海州区小计 …), which are skipped and checked
 * against the rows they total. Every problem names the file, the cell
 * (`Sheet1!F12`), the column's header, what was expected and what was found.
 */
import { Calendar, Units } from "@groundbreak/domain"
import * as CellValues from "./CellValues.ts"
import type { Cell, TableDate } from "./CellValues.ts"
import * as Columns from "./Columns.ts"
import * as Mapping from "./Mapping.ts"
import { cellName, type Sheet, type Workbook } from "./Workbook.ts"

/** A problem in a cell of the table. */
export interface CellProblem {
  /** `Sheet1!F12` */
  readonly cell: string
  /** The column's header as written, when the problem is in a column. */
  readonly header: string
  readonly expected: string
  readonly found: string
}

export const formatProblem = (file: string, p: CellProblem): string =>
  `${file}: ${p.cell}${p.header === "" ? "" : ` (${p.header})`}: expected ${p.expected}, found ${p.found}`

export interface RowValues {
  readonly projectId: string | undefined
  readonly name: string
  readonly district: string
  readonly sector: string | undefined
  readonly kind: "new" | "continuing" | undefined
  /** Money in 万元. */
  readonly totalInvestment: number | undefined
  readonly plannedInvestment: number
  /** `yyyymm` */
  readonly plannedStart: number | undefined
  readonly startedOn: TableDate | undefined
  readonly toppedOutOn: TableDate | undefined
  readonly commissionedOn: TableDate | undefined
  readonly suspendedOn: TableDate | undefined
  readonly resumedOn: TableDate | undefined
  readonly cancelledOn: TableDate | undefined
  readonly sinceStart: number | undefined
  readonly yearToDate: number
  readonly thisMonth: number | undefined
  /** A fraction. */
  readonly shareOfPlan: number | undefined
}

export interface TableRow {
  /** 0-based row in the sheet. */
  readonly row: number
  readonly values: RowValues
  /** The cell name of a field in this row (`Sheet1!C12`), for messages. */
  readonly at: (field: Columns.Field) => string
  /** What the cell of a field in this row holds, as messages show it. */
  readonly shown: (field: Columns.Field) => string
}

export interface ReadTable {
  readonly file: string
  readonly sheet: string
  readonly rows: ReadonlyArray<TableRow>
  /** The header of each column found, as written. */
  readonly headers: ReadonlyMap<Columns.Field, string>
  /** Subtotal mismatches and other findings that do not stop an import. */
  readonly warnings: ReadonlyArray<string>
}

export type ReadResult = { readonly table: ReadTable } | { readonly problems: ReadonlyArray<CellProblem> }

const wanPer = { 万元: 1, 亿元: Units.wanPerYi } as const

/** Completion beyond this multiple of the total investment is refused as a slip rather than reported as an overrun. */
export const maxOverrun = 1.5

const subtotalPattern = /^(其中[:：]?|ofwhich)?(.*?)(合计|总计|小计|新建项目|续建项目|新建|续建|total|subtotal|newprojects|continuingprojects)$/i
const footPattern = /^(主要指标|填报说明|说明|备注|注[:：]|keyindicators|notes?)/i

interface Layout {
  readonly headerTop: number
  readonly headerBottom: number
  readonly columnOf: Map<Columns.Field, number>
  readonly headerOf: Map<Columns.Field, string>
}

const rowText = (sheet: Sheet, r: number, c: number): string => CellValues.textOf(sheet.rows[r]?.[c])

/** The fields a header row names, alone or joined with the row above (a merged group header such as 完成投资 over 当月). */
const layoutAt = (sheet: Sheet, r: number, mapping: Mapping.Mapping): Layout => {
  const columnOf = new Map<Columns.Field, number>()
  const headerOf = new Map<Columns.Field, string>()
  const width = Math.max(sheet.rows[r]?.length ?? 0, r > 0 ? sheet.rows[r - 1]?.length ?? 0 : 0)
  let usedAbove = false
  for (let c = 0; c < width; c++) {
    const own = rowText(sheet, r, c)
    const above = r > 0 ? rowText(sheet, r - 1, c) : ""
    const candidates: Array<[string, boolean]> = [[own, false]]
    if (above !== "" && above !== own) candidates.push([own + above, true], [above + own, true], [above, true])
    for (const [text, fromAbove] of candidates) {
      const field = text === "" ? undefined : Mapping.fieldOf(mapping, text)
      if (field !== undefined && !columnOf.has(field)) {
        columnOf.set(field, c)
        headerOf.set(field, fromAbove && text !== above ? `${above}/${own}` : text)
        usedAbove ||= fromAbove
        break
      }
    }
  }
  return { headerTop: usedAbove ? r - 1 : r, headerBottom: r, columnOf, headerOf }
}

/** The header: the row among the first 30 naming the most columns (with 项目名称 among them). */
const findLayout = (sheet: Sheet, mapping: Mapping.Mapping): Layout | undefined => {
  let best: Layout | undefined
  for (let r = 0; r < Math.min(30, sheet.rows.length); r++) {
    const layout = layoutAt(sheet, r, mapping)
    if (!layout.columnOf.has("name")) continue
    if (best === undefined || layout.columnOf.size > best.columnOf.size) best = layout
  }
  return best !== undefined && best.columnOf.size >= 3 ? best : undefined
}

const required: ReadonlyArray<Columns.Field> = ["name", "district", "plannedInvestment", "yearToDate"]

/** Reads the table of `--period` (`yyyymm`) from the workbook. */
export const read = (workbook: Workbook, period: number, mapping: Mapping.Mapping, sheetName?: string): ReadResult => {
  const wanted = sheetName ?? mapping.sheet
  const problem = (cell: string, header: string, expected: string, found: string): CellProblem => ({ cell, header, expected, found })
  let sheet: Sheet | undefined
  let layout: Layout | undefined
  if (wanted !== undefined) {
    sheet = workbook.sheets.find((s) => s.name === wanted)
    if (sheet === undefined) {
      return { problems: [problem(wanted, "", `a sheet named ${JSON.stringify(wanted)}`, `the sheets ${workbook.sheets.map((s) => JSON.stringify(s.name)).join(", ")}`)] }
    }
    layout = findLayout(sheet, mapping)
  } else {
    for (const s of workbook.sheets) {
      layout = findLayout(s, mapping)
      if (layout !== undefined) {
        sheet = s
        break
      }
    }
    sheet ??= workbook.sheets[0]
  }
  if (sheet === undefined) return { problems: [problem("(workbook)", "", "a sheet", "none")] }
  if (layout === undefined) {
    return { problems: [problem(`${sheet.name}!A1`, "", "a header row naming 项目名称, 所在县区, 年度计划投资 and 1-N月累计完成投资 (or a --mapping for this table's headers)", "no such row in the first 30 rows")] }
  }
  const name = sheet.name
  const at = (r: number, c: number) => `${name}!${cellName(r, c)}`
  const problems: Array<CellProblem> = []
  const headerRow = layout.headerBottom
  for (const field of required) {
    if (!layout.columnOf.has(field)) {
      const found = [...layout.headerOf.values()].map((h) => JSON.stringify(h)).join(", ")
      problems.push(problem(`${name}!${headerRow + 1}:${headerRow + 1}`, "", `a column for ${Columns.byField.get(field)!.zh} (${Columns.byField.get(field)!.en})`, `the recognised headers ${found}`))
    }
  }
  // The month the year-to-date header names must be the reporting month.
  const ytdHeader = layout.headerOf.get("yearToDate")
  const ytdMonth = ytdHeader === undefined ? undefined : /(\d{1,2})月/.exec(ytdHeader.normalize("NFKC").replace(/^.*?[-~～—至到]/, ""))
  if (ytdMonth !== null && ytdMonth !== undefined && Number(ytdMonth[1]) !== period % 100) {
    problems.push(problem(at(headerRow, layout.columnOf.get("yearToDate")!), ytdHeader!, `the reporting month ${period % 100}月 (--period ${Calendar.formatMonth(period)})`, JSON.stringify(ytdHeader)))
  }

  // Money unit: the header's own, else a unit row above the header, else the mapping's, else 万元.
  let tableUnit: Mapping.MoneyUnit | undefined
  for (let r = 0; r < layout.headerTop; r++) {
    for (let c = 0; c < (sheet.rows[r]?.length ?? 0); c++) {
      const text = rowText(sheet, r, c)
      if (c > 0 && text === rowText(sheet, r, c - 1)) continue // a merged cell's area
      const m = /(?<![填报送])单位[:：]\s*([^\s，,；;）)]+)/.exec(text) ?? /^unit[:：]\s*(.+?)\s*$/i.exec(text)
      if (m === null) continue
      const unit = m[1]!.replace(/[(（].*$/, "")
      if (unit === "万元" || unit === "亿元") tableUnit = unit
      else if (/^(10k yuan|ten thousand yuan)$/i.test(unit)) tableUnit = "万元"
      else if (/^(100m yuan|hundred million yuan)$/i.test(unit)) tableUnit = "亿元"
      else problems.push(problem(at(r, c), "", "the unit 万元 or 亿元", JSON.stringify(text)))
    }
  }
  const unitOf = (field: Columns.Field): number => {
    const header = layout.headerOf.get(field) ?? ""
    const own = Columns.unitInHeader(header)
    return wanPer[own ?? tableUnit ?? mapping.unit ?? "万元"]
  }
  for (const [field, header] of layout.headerOf) {
    if (Columns.byField.get(field)!.kind !== "money") continue
    const m = /[（(]([^）)]*)[）)]/.exec(header.normalize("NFKC"))
    if (m !== null && /元/.test(m[1]!) && Columns.unitInHeader(m[1]!) === undefined) {
      problems.push(problem(at(headerRow, layout.columnOf.get(field)!), header, "the unit 万元 or 亿元", JSON.stringify(m[1])))
    }
  }
  if (problems.length > 0) return { problems }

  const col = (field: Columns.Field) => layout.columnOf.get(field)
  const cellOf = (r: number, field: Columns.Field): Cell | undefined => {
    const c = col(field)
    return c === undefined ? undefined : sheet.rows[r]?.[c]
  }
  const header = (field: Columns.Field) => layout.headerOf.get(field) ?? Columns.byField.get(field)!.zh
  const where = (r: number, field: Columns.Field) => at(r, col(field) ?? 0)
  const year = Math.floor(period / 100)
  const shareScale = CellValues.percentScaleOf(sheet.rows.slice(headerRow + 1).map((row) => col("shareOfPlan") === undefined ? undefined : row[col("shareOfPlan")!]))

  const rows: Array<TableRow> = []
  const overruns: Array<string> = []
  const seen: Array<{ row: number; key: string; values: RowValues }> = []
  const subtotals: Array<{ row: number; label: string; position: number }> = []
  const moneyFields = (["totalInvestment", "plannedInvestment", "sinceStart", "yearToDate", "thisMonth"] as const).filter((f) => col(f) !== undefined)
  for (let r = headerRow + 1; r < sheet.rows.length; r++) {
    const label = ["seq", "projectId", "name"].map((f) => CellValues.textOf(cellOf(r, f as Columns.Field))).find((t) => t !== "" && !/^\d+$/.test(t)) ?? ""
    const folded = label.replace(/[\s\u3000]/g, "")
    const firstText = CellValues.textOf(sheet.rows[r]?.find((c) => !CellValues.isEmpty(c))).replace(/[\s\u3000]/g, "")
    if (footPattern.test(firstText)) break
    if ([...layout.columnOf.values()].every((c) => CellValues.isEmpty(sheet.rows[r]?.[c]))) continue
    const id = CellValues.textOf(cellOf(r, "projectId"))
    if ((id === "" || id === label) && isSubtotal(folded, CellValues.textOf(cellOf(r, "seq")))) {
      subtotals.push({ row: r, label: folded, position: rows.length })
      continue
    }
    const before = problems.length
    const text = (field: Columns.Field) => CellValues.textOf(cellOf(r, field))
    const need = (field: Columns.Field, value: string) => {
      if (value === "") problems.push(problem(where(r, field), header(field), `a ${Columns.byField.get(field)!.en.toLowerCase()}`, "(empty)"))
      return value
    }
    const moneyAt = (field: Columns.Field): number | undefined => {
      const v = CellValues.money(cellOf(r, field), unitOf(field))
      if (CellValues.isBad(v)) {
        problems.push(problem(where(r, field), header(field), `${v.expected} (money)`, CellValues.shown(cellOf(r, field))))
        return undefined
      }
      if (v !== undefined && v < 0) {
        problems.push(problem(where(r, field), header(field), "an amount ≥ 0", CellValues.shown(cellOf(r, field))))
        return undefined
      }
      return v
    }
    const dateAt = (field: Columns.Field): TableDate | undefined => {
      if (col(field) === undefined) return undefined
      const v = CellValues.date(cellOf(r, field), year, period)
      if (CellValues.isBad(v)) {
        problems.push(problem(where(r, field), header(field), v.expected, CellValues.shown(cellOf(r, field))))
        return undefined
      }
      return v
    }
    const yes = (field: Columns.Field): boolean | undefined => {
      if (col(field) === undefined) return undefined
      const v = CellValues.yesNo(cellOf(r, field))
      if (CellValues.isBad(v)) {
        problems.push(problem(where(r, field), header(field), v.expected, CellValues.shown(cellOf(r, field))))
        return undefined
      }
      return v
    }
    const kindCell = CellValues.planKind(cellOf(r, "kind"))
    if (CellValues.isBad(kindCell)) problems.push(problem(where(r, "kind"), header("kind"), kindCell.expected, CellValues.shown(cellOf(r, "kind"))))
    const share = CellValues.percent(cellOf(r, "shareOfPlan"), shareScale)
    if (CellValues.isBad(share)) problems.push(problem(where(r, "shareOfPlan"), header("shareOfPlan"), share.expected, CellValues.shown(cellOf(r, "shareOfPlan"))))
    const plannedStart = dateAt("plannedStart")
    const isStarted = yes("isStarted")
    const isSuspended = yes("isSuspended")
    const eom = Calendar.endOfMonth(period)
    const values: RowValues = {
      projectId: id === "" ? undefined : id,
      name: need("name", text("name")),
      district: Mapping.district(mapping, need("district", text("district"))),
      sector: text("sector") === "" ? undefined : Mapping.sector(mapping, text("sector")),
      kind: CellValues.isBad(kindCell) ? undefined : kindCell,
      totalInvestment: moneyAt("totalInvestment"),
      plannedInvestment: moneyAt("plannedInvestment") ?? 0,
      plannedStart: plannedStart === undefined || plannedStart.precision === "yes" ? undefined : Calendar.monthOfDay(plannedStart.day),
      startedOn: dateAt("startedOn") ?? (isStarted === true ? { day: eom, precision: "yes" } : undefined),
      toppedOutOn: dateAt("toppedOutOn"),
      commissionedOn: dateAt("commissionedOn"),
      suspendedOn: dateAt("suspendedOn") ?? (isSuspended === true ? { day: eom, precision: "yes" } : undefined),
      resumedOn: dateAt("resumedOn"),
      cancelledOn: dateAt("cancelledOn"),
      sinceStart: moneyAt("sinceStart"),
      yearToDate: moneyAt("yearToDate") ?? 0,
      thisMonth: moneyAt("thisMonth"),
      shareOfPlan: CellValues.isBad(share) ? undefined : share
    }
    seen.push({ row: r, key: values.projectId ?? `${normalizeName(values.name)}|${normalizeName(values.district)}`, values })
    if (problems.length > before) continue
    const v = values
    // Dates after the reporting month cannot be in a table of that month.
    for (const field of ["startedOn", "toppedOutOn", "commissionedOn", "suspendedOn", "resumedOn", "cancelledOn"] as const) {
      const d = v[field]
      if (d !== undefined && d.day > eom) {
        problems.push(problem(where(r, field), header(field), `a date on or before the end of the reporting month (${Calendar.formatDate(eom)})`, Calendar.formatDate(d.day)))
      }
    }
    // Completion above the total investment is an overrun (超概算), which happens: reported, not refused.
    // Half as much again is beyond any overrun: a unit or typing slip, refused.
    if (v.totalInvestment !== undefined && v.totalInvestment > 0) {
      for (const field of ["sinceStart", "yearToDate"] as const) {
        const amount = v[field]
        if (amount === undefined || amount <= v.totalInvestment + 1e-6) continue
        const what = `${CellValues.textOf(cellOf(r, field))} completed exceeds the total investment ${CellValues.textOf(cellOf(r, "totalInvestment"))} (${header("totalInvestment")})`
        if (amount > v.totalInvestment * maxOverrun) {
          problems.push(problem(where(r, field), header(field), `at most the total investment ${CellValues.textOf(cellOf(r, "totalInvestment"))} (${header("totalInvestment")}), or an overrun below ${Math.round((maxOverrun - 1) * 100)}%`, CellValues.shown(cellOf(r, field))))
        } else overruns.push(`${workbook.file}: ${where(r, field)} (${header(field)}): ${what}: an overrun; adjust 总投资 if it was revised`)
      }
    }
    rows.push({ row: r, values, at: (field) => where(r, field), shown: (field) => CellValues.shown(cellOf(r, field)) })
  }
  // The same project twice: by 项目编号, or by name and district where there is none.
  const firstOf = new Map<string, number>()
  for (const { row, key, values: v } of seen) {
    const first = firstOf.get(key)
    if (first === undefined) {
      firstOf.set(key, row)
      continue
    }
    const field = v.projectId === undefined ? "name" : "projectId"
    problems.push(problem(where(row, field), header(field), "each project once", `a repeat of row ${first + 1} (${v.projectId ?? `${v.name}, ${v.district}`})`))
  }
  if (problems.length > 0) return { problems }

  const warnings: Array<string> = [...overruns]
  // Shares of the plan: the table's own percentage against its figures.
  for (const row of rows) {
    const { shareOfPlan, yearToDate, plannedInvestment } = row.values
    if (shareOfPlan === undefined || plannedInvestment === 0) continue
    const computed = yearToDate / plannedInvestment
    if (Math.abs(computed - shareOfPlan) > 0.0006 + 1e-9) {
      warnings.push(`${workbook.file}: ${row.at("shareOfPlan")} (${header("shareOfPlan")}): the row's figures give ${(computed * 100).toFixed(1)}%, the table says ${(shareOfPlan * 100).toFixed(1)}%`)
    }
  }
  // Subtotals: each against the rows it totals.
  const districts = new Set(rows.map((r) => r.values.district))
  subtotals.forEach((s, i) => {
    const scope = scopeOf(s.label, districts, mapping)
    const members = scope.by === "all" ? rows
      : scope.by === "kind" ? rows.filter((r) => r.values.kind === scope.kind)
      : scope.by === "district" ? rows.filter((r) => r.values.district === scope.district)
      : rows.slice(i === 0 ? 0 : subtotals[i - 1]!.position, s.position)
    for (const field of moneyFields) {
      const cell = cellOf(s.row, field)
      const stated = CellValues.money(cell, unitOf(field))
      if (stated === undefined || CellValues.isBad(stated)) continue
      const sum = members.reduce((a, r) => a + (r.values[field] ?? 0), 0)
      const decimals = /\.(\d+)/.exec(CellValues.textOf(cell))?.[1]?.length ?? 0
      const tolerance = (0.5 * 10 ** -decimals) * unitOf(field) + 1e-6 * Math.abs(sum)
      if (Math.abs(sum - stated) > tolerance) {
        const perUnit = unitOf(field)
        warnings.push(
          `${workbook.file}: ${where(s.row, field)} (${header(field)}, ${s.label}): the ${members.length} row(s) it totals sum to ${CellValues.roundMoney(sum / perUnit)}, the subtotal says ${CellValues.roundMoney(stated / perUnit)}`
        )
      }
    }
  })
  return { table: { file: workbook.file, sheet: name, rows, headers: layout.headerOf, warnings } }
}

/**
 * A subtotal row's label: 合计, 小计, 海州区小计, 其中：新建项目, 续建项目 …
 * A row with a 序号 is a project, whatever its name ends with.
 */
const isSubtotal = (label: string, seq: string): boolean => {
  if (/^\d+$/.test(seq)) return false
  const m = subtotalPattern.exec(label)
  if (m === null) return false
  return (m[2] ?? "").replace(/[、,，:：]/g, "").replace(/^[一二三四五六七八九十]+/, "") === "" || /合计|总计|小计|total/i.test(m[3]!)
}

/** A name made comparable: full-width to half-width, no spaces, one kind of bracket, lower case. */
export const normalizeName = (text: string): string =>
  text.normalize("NFKC").replace(/[\s\u3000]+/g, "").replace(/[【［\[〔]/g, "(").replace(/[】］\]〕]/g, ")").toLowerCase()

type Scope = { by: "all" } | { by: "kind"; kind: "new" | "continuing" } | { by: "district"; district: string } | { by: "preceding" }

/** Which rows a subtotal row totals, from its label. */
const scopeOf = (label: string, districts: ReadonlySet<string>, mapping: Mapping.Mapping): Scope => {
  const m = subtotalPattern.exec(label)!
  const what = (m[2] ?? "").replace(/[、,，:：]/g, "")
  const word = m[3]!.toLowerCase()
  if (/^(合计|总计|total)$/.test(word) && what === "") return { by: "all" }
  if (/新建|newprojects/.test(word) || /^新建(项目)?$/.test(what)) return { by: "kind", kind: "new" }
  if (/续建|continuingprojects/.test(word) || /^续建(项目)?$/.test(what)) return { by: "kind", kind: "continuing" }
  const district = Mapping.district(mapping, what.replace(/^[一二三四五六七八九十]+、/, ""))
  if (districts.has(district)) return { by: "district", district }
  return what === "" && /合计|总计|total/.test(word) ? { by: "all" } : { by: "preceding" }
}
