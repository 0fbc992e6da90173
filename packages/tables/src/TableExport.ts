/**
 * Writing the monthly table an office hands in: a title and the date it
 * speaks for, the unit row, a two-row header (the completed-investment
 * columns grouped under one merged cell), the total and the new/continuing
 * subtotals, each county's subtotal followed by its projects, and the
 * indicators at the foot. The xlsx has frozen header rows and the first
 * three columns, column widths a person can read, borders, and an A4
 * landscape print setup with the header repeated on every page. The CSV
 * carries the same cells (UTF-8 with a byte-order mark, which Excel opens as
 * such), with text that a spreadsheet would run as a formula neutralised.
 */
import { stringify } from "csv-stringify/sync"
import ExcelJS from "exceljs"
import JSZip from "jszip"
import { Calendar, SafeText, Units } from "@groundbreak/domain"
import * as Columns from "./Columns.ts"
import { sectorLabel } from "./Mapping.ts"
import type { ProjectRow, Subtotal, TableModel } from "./TableModel.ts"

export type Lang = "zh" | "en"

type Value = string | number | Date | null

interface Spec {
  readonly field: Columns.Field
  readonly width: number
  /** Width in an English table, when English words need more room. */
  readonly enWidth?: number
  readonly format?: string
  /** The group it sits under in the header's first row, if any. */
  readonly group?: boolean
}

const money = "#,##0"
const specs: ReadonlyArray<Spec> = [
  { field: "seq", width: 6 },
  { field: "projectId", width: 16 },
  { field: "name", width: 30 },
  { field: "district", width: 10 },
  { field: "sector", width: 10, enWidth: 14 },
  { field: "kind", width: 7, enWidth: 11 },
  { field: "totalInvestment", width: 11, format: money },
  { field: "plannedInvestment", width: 11, format: money },
  { field: "plannedStart", width: 10 },
  { field: "startedOn", width: 11, format: "yyyy-mm-dd" },
  { field: "toppedOutOn", width: 11, format: "yyyy-mm-dd" },
  { field: "commissionedOn", width: 11, enWidth: 14, format: "yyyy-mm-dd" },
  { field: "suspendedOn", width: 11, format: "yyyy-mm-dd" },
  { field: "resumedOn", width: 11, format: "yyyy-mm-dd" },
  { field: "cancelledOn", width: 11, format: "yyyy-mm-dd" },
  { field: "sinceStart", width: 11, format: money, group: true },
  { field: "yearToDate", width: 11, format: money, group: true },
  { field: "thisMonth", width: 10, format: money, group: true },
  { field: "shareOfPlan", width: 12, format: "0.0%", group: true },
  { field: "progress", width: 12, enWidth: 15 }
]

const groupLabel = { zh: "完成投资", en: "Completed" } as const
const childLabels: Partial<Record<Columns.Field, { zh: string; en: string }>> = {
  sinceStart: { zh: "开工至今累计", en: "since start" },
  yearToDate: { zh: "1-{M}月累计", en: "Jan–{M}" },
  thisMonth: { zh: "{M}月", en: "in {M}" },
  shareOfPlan: { zh: "占年度计划%", en: "Share of annual plan" }
}

const monthName = (month: number, lang: Lang) =>
  lang === "zh" ? String(month) : ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month - 1]!

const headerOf = (spec: Spec, lang: Lang, month: number): string => {
  const child = childLabels[spec.field]
  return child === undefined ? Columns.label(Columns.byField.get(spec.field)!, lang, month) : child[lang].replaceAll("{M}", monthName(month, lang))
}

/** A date cell: midnight UTC of the day, which Excel shows as that day. */
const dateValue = (day: number | undefined): Value => day === undefined ? null : new Date(day * 86_400_000)

const progressOf = (r: ProjectRow, lang: Lang): string => {
  const [zh, en] = r.cancelledOn !== undefined ? ["已取消", "cancelled"]
    : r.commissionedOn !== undefined ? ["竣工投产", "commissioned"]
    : r.suspendedOn !== undefined ? ["停工", "suspended"]
    : r.toppedOutOn !== undefined ? ["主体封顶", "topped out"]
    : r.startedOn !== undefined ? ["在建", "under way"]
    : ["未开工", "not started"]
  return lang === "zh" ? zh : en
}

const projectValues = (r: ProjectRow, seq: number, lang: Lang): Record<Columns.Field, Value> => ({
  seq,
  projectId: r.projectId,
  name: r.name,
  owner: null,
  district: r.district,
  sector: sectorLabel(r.sector, lang),
  kind: lang === "zh" ? (r.isNew ? "新建" : "续建") : (r.isNew ? "new" : "continuing"),
  scope: null,
  totalInvestment: r.totalInvestment,
  plannedInvestment: r.plannedInvestment,
  plannedStart: r.plannedStart > 0 ? Calendar.formatMonth(r.plannedStart) : null,
  startedOn: dateValue(r.startedOn),
  isStarted: null,
  toppedOutOn: dateValue(r.toppedOutOn),
  commissionedOn: dateValue(r.commissionedOn),
  suspendedOn: dateValue(r.suspendedOn),
  isSuspended: null,
  resumedOn: dateValue(r.resumedOn),
  cancelledOn: dateValue(r.cancelledOn),
  sinceStart: r.sinceStart,
  yearToDate: r.yearToDate,
  thisMonth: r.thisMonth ?? null,
  shareOfPlan: r.plannedInvestment > 0 ? r.yearToDate / r.plannedInvestment : null,
  progress: progressOf(r, lang),
  problems: null,
  responsible: null
})

const subtotalValues = (s: Subtotal, lang: Lang): Partial<Record<Columns.Field, Value>> => ({
  name: s.label[lang],
  totalInvestment: s.totalInvestment,
  plannedInvestment: s.plannedInvestment,
  sinceStart: s.sinceStart,
  yearToDate: s.yearToDate,
  thisMonth: s.thisMonth,
  shareOfPlan: s.plannedInvestment > 0 ? s.yearToDate / s.plannedInvestment : null
})

interface Line {
  readonly kind: "total" | "subtotal" | "project"
  readonly values: Partial<Record<Columns.Field, Value>>
}

const lines = (model: TableModel, lang: Lang): Array<Line> => {
  const out: Array<Line> = [{ kind: "total", values: subtotalValues(model.total, lang) }]
  for (const s of model.byKind) out.push({ kind: "subtotal", values: subtotalValues(s, lang) })
  let seq = 0
  for (const county of model.counties) {
    out.push({ kind: "subtotal", values: subtotalValues(county.subtotal, lang) })
    for (const r of county.rows) out.push({ kind: "project", values: projectValues(r, ++seq, lang) })
  }
  return out
}

const texts = (model: TableModel, lang: Lang) => {
  const month = model.period % 100
  const k = model.kpis
  const yi = (wan: number) => Units.formatYi(wan)
  const pct = (r: number | null) => Units.formatPercent(r)
  const asOf = Calendar.formatDate(model.asOf)
  const knownAt = Calendar.formatInstantChina(model.knownAt).slice(0, 16).replace("T", " ")
  return lang === "zh"
    ? {
      title: `${model.year}年1-${month}月重点项目进展情况表`,
      subtitle: `统计截至 ${asOf}，数据截至 ${knownAt}（北京时间）`,
      unit: "单位：万元",
      footTitle: "主要指标",
      foot: [
        `重点项目 ${k.projects} 个，其中新建 ${k.newProjects} 个、续建 ${k.continuingProjects} 个；年度计划投资 ${yi(k.plannedInvestment)} 亿元。`,
        `1-${month}月完成投资 ${yi(k.completedInvestment)} 亿元，完成年度计划 ${pct(k.completionRate)}。`,
        `新建项目已开工 ${k.newStarted} 个，开工率 ${pct(k.startRate)}；续建项目在建 ${k.continuingActive} 个，开复工率 ${pct(k.startResumeRate)}。`,
        `本年主体封顶 ${k.toppedOut} 个，竣工投产 ${k.commissioned} 个。`
      ]
    }
    : {
      title: `Key projects: progress, January–${monthName(month, "en")} ${model.year}`,
      subtitle: `As of ${asOf}, as known at ${knownAt} (China time)`,
      unit: "Unit: 10k yuan",
      footTitle: "Key indicators",
      foot: [
        `${k.projects} key projects (${k.newProjects} new, ${k.continuingProjects} continuing); annual plan ${yi(k.plannedInvestment)} 100M yuan.`,
        `Completed January–${monthName(month, "en")}: ${yi(k.completedInvestment)} 100M yuan, ${pct(k.completionRate)} of the annual plan.`,
        `New projects started: ${k.newStarted}, start rate ${pct(k.startRate)}; continuing projects active: ${k.continuingActive}, start-and-resume rate ${pct(k.startResumeRate)}.`,
        `Topped out this year: ${k.toppedOut}; commissioned: ${k.commissioned}.`
      ]
    }
}

const thin = { style: "thin" as const, color: { argb: "FF808080" } }
const border = { top: thin, left: thin, bottom: thin, right: thin }

/** The table as an xlsx workbook. */
export const toWorkbook = (model: TableModel, lang: Lang): ExcelJS.Workbook => {
  const month = model.period % 100
  const t = texts(model, lang)
  const workbook = new ExcelJS.Workbook()
  workbook.creator = "Groundbreak"
  workbook.created = new Date(model.knownAt)
  workbook.modified = new Date(model.knownAt)
  const sheet = workbook.addWorksheet(lang === "zh" ? `${month}月` : monthName(month, "en"), {
    pageSetup: {
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      printTitlesRow: "4:5",
      margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.2, footer: 0.2 }
    },
    headerFooter: { oddFooter: lang === "zh" ? "第 &P 页，共 &N 页" : "Page &P of &N" },
    views: [{ state: "frozen", xSplit: 3, ySplit: 5, topLeftCell: "D6", activeCell: "D6" }]
  })
  const n = specs.length
  sheet.columns = specs.map((s) => ({ width: lang === "en" ? s.enWidth ?? s.width : s.width }))
  const font = lang === "zh" ? "等线" : "Calibri"

  sheet.mergeCells(1, 1, 1, n)
  const title = sheet.getCell(1, 1)
  title.value = t.title
  title.font = { name: font, size: 16, bold: true }
  title.alignment = { horizontal: "center", vertical: "middle" }
  sheet.getRow(1).height = 30
  sheet.mergeCells(2, 1, 2, n)
  sheet.getCell(2, 1).value = t.subtitle
  sheet.getCell(2, 1).alignment = { horizontal: "center" }
  sheet.getCell(2, 1).font = { name: font, size: 10, color: { argb: "FF595959" } }
  sheet.mergeCells(3, n - 2, 3, n)
  sheet.getCell(3, n - 2).value = t.unit
  sheet.getCell(3, n - 2).alignment = { horizontal: "right" }
  sheet.getCell(3, n - 2).font = { name: font, size: 10 }

  // The two header rows: grouped columns under one merged cell, the others merged down.
  const firstGroup = specs.findIndex((s) => s.group === true) + 1
  const lastGroup = specs.length - [...specs].reverse().findIndex((s) => s.group === true)
  specs.forEach((s, i) => {
    const c = i + 1
    if (s.group === true) {
      sheet.getCell(5, c).value = headerOf(s, lang, month)
    } else {
      sheet.mergeCells(4, c, 5, c)
      sheet.getCell(4, c).value = headerOf(s, lang, month)
    }
  })
  sheet.mergeCells(4, firstGroup, 4, lastGroup)
  sheet.getCell(4, firstGroup).value = groupLabel[lang]
  for (const r of [4, 5]) {
    const row = sheet.getRow(r)
    row.height = lang === "zh" ? 22 : 30
    for (let c = 1; c <= n; c++) {
      const cell = row.getCell(c)
      cell.font = { name: font, size: 10, bold: true }
      cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true }
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } }
      cell.border = border
    }
  }

  // One style object per kind of line and column, shared by every cell that has it (exceljs writes each style once).
  const styles = new Map<string, Partial<ExcelJS.Style>>()
  const styleOf = (kind: Line["kind"], spec: Spec, numeric: boolean): Partial<ExcelJS.Style> => {
    const key = `${kind}|${spec.field}|${numeric}`
    let style = styles.get(key)
    if (style === undefined) {
      style = {
        border,
        font: { name: font, size: 10, bold: kind !== "project" },
        alignment: spec.field === "name"
          ? { vertical: "middle", horizontal: "left", indent: 1 }
          : { vertical: "middle", horizontal: numeric && spec.field !== "seq" ? "right" : "center" },
        ...(spec.format !== undefined ? { numFmt: spec.format } : {}),
        ...(kind === "project" ? {} : { fill: { type: "pattern", pattern: "solid", fgColor: { argb: kind === "total" ? "FFFCE4D6" : "FFFFF2CC" } } })
      }
      styles.set(key, style)
    }
    return style
  }
  let r = 6
  for (const line of lines(model, lang)) {
    const row = sheet.getRow(r++)
    specs.forEach((s, i) => {
      const cell = row.getCell(i + 1)
      const value = line.values[s.field] ?? null
      cell.value = value
      cell.style = styleOf(line.kind, s, typeof value === "number")
    })
  }
  r++
  const footTitle = sheet.getCell(r, 1)
  footTitle.value = t.footTitle
  footTitle.font = { name: font, size: 11, bold: true }
  for (const text of t.foot) {
    r++
    sheet.mergeCells(r, 2, r, n)
    sheet.getCell(r, 2).value = text
    sheet.getCell(r, 2).font = { name: font, size: 10 }
  }
  return workbook
}

/**
 * The bytes of a workbook with its zip entries dated `date` (exceljs dates
 * them now), so that the same workbook is always the same bytes.
 */
export const xlsxBytes = async (workbook: ExcelJS.Workbook, date: Date): Promise<Uint8Array> => {
  // Stored uncompressed by exceljs, compressed once here.
  const zip = await JSZip.loadAsync(await workbook.xlsx.writeBuffer({ zip: { compression: "STORE" } }))
  const again = new JSZip()
  for (const [name, entry] of Object.entries(zip.files)) {
    if (!entry.dir) again.file(name, await entry.async("uint8array"), { date, createFolders: false })
  }
  return again.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 } })
}

/** The table as xlsx bytes (the same table, the same bytes). */
export const toXlsx = (model: TableModel, lang: Lang): Promise<Uint8Array> => xlsxBytes(toWorkbook(model, lang), new Date(model.knownAt))

const csvCell = (value: Value, field: Columns.Field | undefined): string => {
  if (value === null) return ""
  if (value instanceof Date) return Calendar.formatDate(Math.floor(value.getTime() / 86_400_000))
  if (typeof value === "number") return field === "shareOfPlan" ? Units.formatPercent(value) : String(value)
  return SafeText.forSpreadsheet(value)
}

/** The table as CSV text (UTF-8, with a byte-order mark so that Excel reads it as UTF-8). */
export const toCsv = (model: TableModel, lang: Lang): string => {
  const month = model.period % 100
  const t = texts(model, lang)
  const n = specs.length
  const blank = (): Array<string> => Array.from({ length: n }, () => "")
  const records: Array<Array<string>> = []
  const put = (text: string, at = 0) => {
    const row = blank()
    row[at] = SafeText.forSpreadsheet(text)
    records.push(row)
  }
  put(t.title)
  put(t.subtitle)
  put(t.unit, n - 3)
  // The group label over each of its columns, as Excel writes a merged cell's area when it is unmerged and filled.
  records.push(specs.map((s) => (s.group === true ? SafeText.forSpreadsheet(groupLabel[lang]) : "")))
  records.push(specs.map((s) => SafeText.forSpreadsheet(headerOf(s, lang, month))))
  for (const line of lines(model, lang)) records.push(specs.map((s) => csvCell(line.values[s.field] ?? null, s.field)))
  records.push(blank())
  put(t.footTitle)
  for (const text of t.foot) put(text, 1)
  return "\uFEFF" + stringify(records)
}
