/**
 * How indicators are shown: JSON (money in 万元 rounded to 0.01, ratios as
 * fractions, units stated once), CSV with the same numbers (a UTF-8 BOM so
 * Excel on Chinese Windows reads it, units in the column names), and tables
 * in the bureaus' units (亿元 to one decimal, percentages rounded half-up to
 * 0.1). A valid date after the plan year is shown as capped at Y-12-31.
 */
import { plainTable } from "./Tables.ts"
import * as CsvOutput from "./CsvOutput.ts"
import { Units } from "@groundbreak/domain"
import { Kpis } from "@groundbreak/indicators"
import * as JsonOutput from "./JsonOutput.ts"
import { fill, groupName, indicatorLabel, label, type Lang } from "./Labels.ts"

export interface KpiReport {
  readonly year: number
  /** The valid date the indicators are computed at (capped at Y-12-31). */
  readonly asOf: string
  /** The valid date asked for, when it was after the plan year. */
  readonly requestedAsOf?: string
  readonly knownAt: string
  readonly by: Kpis.GroupBy | undefined
  readonly result: Kpis.GroupedKpis
}

/** Every indicator (the rows of a total, the columns of JSON and CSV), and the columns of a breakdown table: from `Kpis`. */
const fields = Kpis.indicators
const groupFields = fields.filter((f) => f.inBreakdown)

const show = (field: Kpis.Indicator, values: Kpis.KpiValues): string => {
  const value = values[field.name]
  if (field.unit === "ratio") return Units.formatPercent(value)
  if (field.unit === "wan") return Units.formatYi(value ?? 0)
  return String(value)
}

/** Money rounded to 0.01 万元, as JSON and CSV write it. */
const rounded = (values: Kpis.KpiValues): Kpis.KpiValues =>
  Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, fields.some((f) => f.name === name && f.unit === "wan") ? JsonOutput.money(value as number) : value])
  ) as Kpis.KpiValues

export const toJson = (report: KpiReport): string => {
  const head = {
    year: report.year,
    asOf: report.asOf,
    ...(report.requestedAsOf === undefined ? {} : { requestedAsOf: report.requestedAsOf }),
    knownAt: report.knownAt
  }
  if (report.by === undefined) return JsonOutput.document({ ...head, ...rounded(report.result.total) })
  const by = report.by
  return JsonOutput.document({
    ...head,
    total: rounded(report.result.total),
    groups: report.result.groups.map((g) => ({ key: { [by]: g.key }, ...rounded(g.values) }))
  })
}

/** A CSV column name: the code name with its unit (English), or the Chinese label (its unit in it). */
const csvColumn = (field: Kpis.Indicator, lang: Lang): string => {
  if (lang === "zh") return field.unit === "ratio" ? `${field.label.zh}(比例)` : indicatorLabel(field, lang, "wan")
  return field.unit === "wan" ? `${field.name}_万元` : field.unit === "ratio" ? `${field.name}_fraction` : field.name
}

export const toCsv = (report: KpiReport, lang: Lang): string => {
  const keyColumn = report.by === undefined ? (lang === "zh" ? "分组" : "group") : lang === "zh" ? label(report.by, lang) : report.by
  const rows = [
    { key: lang === "zh" ? label("total", lang) : "total", values: report.result.total },
    ...report.result.groups.map((g) => ({ key: groupName(g.key, report.by, lang), values: g.values }))
  ].map((g) => [g.key, ...fields.map((f) => f.unit === "wan" ? JsonOutput.money(g.values[f.name] as number) : g.values[f.name] ?? "")])
  const head = lang === "zh" ? [label("year", lang), label("asOf", lang), label("knownAt", lang)] : ["year", "asOf", "knownAt"]
  const table = [
    [...head, keyColumn, ...fields.map((f) => csvColumn(f, lang))],
    ...rows.map((r) => [report.year, report.asOf, report.knownAt, ...r])
  ]
  return CsvOutput.document(table)
}

export const toTable = (report: KpiReport, lang: Lang): string => {
  const title = `${label("year", lang)} ${report.year} · ${label("asOf", lang)} ${report.asOf} · ${label("knownAt", lang)} ${report.knownAt}`
  const note = report.requestedAsOf === undefined ? "" : `\n${fill("cappedAsOf", lang, { asked: report.requestedAsOf, year: report.year })}`
  if (report.by === undefined) {
    const table = plainTable([label("indicator", lang), label("value", lang)])
    for (const field of fields) table.push([indicatorLabel(field, lang), show(field, report.result.total)])
    return `${title}${note}\n${table.toString()}`
  }
  const table = plainTable([label(report.by, lang), ...groupFields.map((f) => indicatorLabel(f, lang))], ["left", ...groupFields.map(() => "right" as const)])
  for (const g of report.result.groups) table.push([groupName(g.key, report.by, lang), ...groupFields.map((f) => show(f, g.values))])
  table.push([label("total", lang), ...groupFields.map((f) => show(f, report.result.total))])
  return `${title}${note}\n${table.toString()}`
}
