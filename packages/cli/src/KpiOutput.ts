/**
 * How indicators are shown: JSON with raw numbers (ratios as fractions,
 * money in 万元), CSV with the same numbers, and tables in the bureaus'
 * units (亿元 to one decimal, percentages rounded half-up to 0.1).
 */
import { plainTable } from "./Tables.ts"
import { stringify } from "csv-stringify/sync"
import { Units } from "@groundbreak/domain"
import type { Kpis } from "@groundbreak/projections"
import { label, type Lang, type LabelKey } from "./Labels.ts"
import * as SafeText from "./SafeText.ts"

export interface KpiReport {
  readonly year: number
  readonly asOf: string
  readonly knownAt: string
  readonly by: Kpis.GroupBy | undefined
  readonly result: Kpis.GroupedKpis
}

const fields = [
  "projects",
  "newProjects",
  "newStarted",
  "startRate",
  "continuingProjects",
  "continuingActive",
  "startResumeRate",
  "plannedInvestment",
  "completedInvestment",
  "completionRate",
  "commissioned",
  "toppedOut"
] as const satisfies ReadonlyArray<keyof Kpis.KpiValues & LabelKey>

/** The columns of a breakdown table (JSON and CSV carry every field). */
const groupFields = [
  "projects",
  "newProjects",
  "newStarted",
  "startRate",
  "startResumeRate",
  "plannedInvestment",
  "completedInvestment",
  "completionRate"
] as const satisfies ReadonlyArray<(typeof fields)[number]>


const money = new Set<string>(["plannedInvestment", "completedInvestment"])
const rates = new Set<string>(["startRate", "startResumeRate", "completionRate"])

const show = (field: (typeof fields)[number], values: Kpis.KpiValues): string => {
  const value = values[field]
  if (rates.has(field)) return Units.formatPercent(value)
  if (money.has(field)) return Units.formatYi(value ?? 0)
  return String(value)
}

export const toJson = (report: KpiReport): string => {
  const head = { year: report.year, asOf: report.asOf, knownAt: report.knownAt }
  if (report.by === undefined) return JSON.stringify({ ...head, ...report.result.total }, null, 2)
  const by = report.by
  return JSON.stringify(
    {
      ...head,
      total: report.result.total,
      groups: report.result.groups.map((g) => ({ key: { [by]: g.key }, ...g.values }))
    },
    null,
    2
  )
}

export const toCsv = (report: KpiReport): string => {
  const keyColumn = report.by ?? "group"
  const rows = [
    { key: "total", values: report.result.total },
    ...report.result.groups
  ].map((g) => [g.key, ...fields.map((f) => g.values[f] ?? "")])
  const table = [["year", "asOf", "knownAt", keyColumn, ...fields], ...rows.map((r) => [report.year, report.asOf, report.knownAt, ...r])]
  return stringify(table.map((row) => row.map(SafeText.forSpreadsheet)))
}

const groupName = (key: string, lang: Lang): string =>
  key === "new" || key === "continuing" ? label(key, lang) : key

export const toTable = (report: KpiReport, lang: Lang): string => {
  const title = `${label("year", lang)} ${report.year} · ${label("asOf", lang)} ${report.asOf} · ${label("knownAt", lang)} ${report.knownAt}`
  if (report.by === undefined) {
    const table = plainTable([label("indicator", lang), label("value", lang)])
    for (const field of fields) table.push([label(field, lang), show(field, report.result.total)])
    return `${title}\n${table.toString()}`
  }
  const table = plainTable([label(report.by, lang), ...groupFields.map((f) => label(f, lang))], ["left", ...groupFields.map(() => "right" as const)])
  for (const g of report.result.groups) table.push([groupName(g.key, lang), ...groupFields.map((f) => show(f, g.values))])
  table.push([label("total", lang), ...groupFields.map((f) => show(f, report.result.total))])
  return `${title}\n${table.toString()}`
}
