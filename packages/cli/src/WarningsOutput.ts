/**
 * How warnings and rankings are shown: JSON with raw numbers (fractions,
 * 万元, points), CSV one row per project or group, and terminal tables in
 * the bureaus' units, in Chinese or English.
 */
import * as CsvOutput from "./CsvOutput.ts"
import * as JsonOutput from "./JsonOutput.ts"
import { Units } from "@groundbreak/domain"
import type { LikelyToMiss, Ranking, Warnings } from "@groundbreak/warnings"
import * as WarningLabels from "@groundbreak/warnings/WarningLabels"
import { groupName, label, type Lang } from "./Labels.ts"
import { plainTable } from "./Tables.ts"


const points = (v: number | null | undefined): string => (v === null || v === undefined ? "—" : Units.roundHalfUp(v, 1).toFixed(1))
const signed = (v: number | null): string => (v === null ? "—" : v > 0 ? `+${points(v)}` : points(v))
const colourName = (c: "red" | "yellow" | "green", lang: Lang) => label(colourKey[c], lang)
const colourKey = { red: "warnRed", yellow: "warnYellow", green: "warnGreen" } as const

export interface WarningsReport {
  readonly result: Warnings.WarningsResult
  readonly risk?: LikelyToMiss.RiskColumn | undefined
}

/** The warnings as JSON: money in 万元 rounded to 0.01 and the units stated once, like every command's JSON. */
export const toJson = ({ result, risk }: WarningsReport): string =>
  JsonOutput.document({
    ...result,
    projects: result.projects.map((p) => {
      const money = { ...p, plannedInvestment: JsonOutput.money(p.plannedInvestment), completed: JsonOutput.money(p.completed) }
      if (risk === undefined) return money
      const r = risk.risk.get(p.projectId)
      return {
        ...money,
        pMiss: risk.pMiss.get(p.projectId) ?? null,
        risk: r === undefined ? null : { pComplete: r.pComplete, pStart: r.pStart, p10: JsonOutput.money(r.p10), p50: JsonOutput.money(r.p50), p90: JsonOutput.money(r.p90) }
      }
    }),
    ...(risk === undefined ? {} : { likelyToMiss: risk.likely })
  })

const riskCells = (risk: LikelyToMiss.RiskColumn, id: string, likely: ReadonlySet<string>) => {
  const r = risk.risk.get(id)
  return [risk.pMiss.get(id) ?? "", likely.has(id) ? 1 : 0, r?.pComplete ?? "", r?.pStart ?? "", r?.p10 ?? "", r?.p50 ?? "", r?.p90 ?? ""]
}

export const toCsv = ({ result, risk }: WarningsReport, lang: Lang): string => {
  const likely = new Set(risk?.likely.map((l) => l.projectId))
  return CsvOutput.document([
    ["year", "asOf", "knownAt", "projectId", "district", "sector", "kind", "colour", "previousColour", "redMonths", "plannedInvestment", "completed", "progress", "pace", "pointsBehindPace", "rules", "reasons", ...(risk ? ["pMiss", "likelyToMiss", "pComplete", "pStart", "yearEndP10", "yearEndP50", "yearEndP90"] : [])],
    ...result.projects.map((p) => [
      result.year, result.asOf, result.knownAt, p.projectId, p.district, p.sector, p.kind, p.colour, p.previousColour ?? "", p.redMonths,
      p.plannedInvestment, p.completed, p.progress ?? "", p.pace, p.pointsBehindPace ?? "",
      p.reasons.map((r) => r.rule).join(";"), p.reasons.map((r) => r[lang]).join("; "),
      ...(risk ? riskCells(risk, p.projectId, likely) : [])
    ])
  ])
}

export const toTable = ({ result, risk }: WarningsReport, lang: Lang): string => {
  const head = `${label("warnTitle", lang)} · ${label("year", lang)} ${result.year} · ${label("asOf", lang)} ${result.asOf} · ${label("knownAt", lang)} ${result.knownAt} · ${label("warnPace", lang)} ${Units.formatPercent(result.pace)} · ${label("warnRules", lang)}: ${result.rules}`
  const counts = plainTable([label(result.by, lang), label("warnRed", lang), label("warnYellow", lang), label("warnGreen", lang)])
  for (const g of result.groups) counts.push([groupName(g.key, result.by, lang), g.red, g.yellow, g.green])
  counts.push([label("total", lang), result.total.red, result.total.yellow, result.total.green])
  const c = result.changes
  const ids = (list: ReadonlyArray<string>) => (list.length === 0 ? label("warnNone", lang) : list.join(", "))
  const changes = c.hasPrevious
    ? [
      `${label("warnChanges", lang)}:`,
      `  ${label("warnNewRed", lang)} (${c.newRed.length}): ${ids(c.newRed)}`,
      `  ${label("warnRecovered", lang)} (${c.recovered.length}): ${ids(c.recovered)}`,
      `  ${label("warnStillRed", lang)} (${c.stillRed.length}): ${c.stillRed.length === 0 ? label("warnNone", lang) : c.stillRed.map((s) => `${s.projectId} ${s.months} ${label("warnMonths", lang)}`).join(", ")}`
    ].join("\n")
    : `${label("warnChanges", lang)}: ${label("warnNoPrevious", lang)}`
  const list = plainTable(
    [label("warnColour", lang), label("warnProject", lang), label("district", lang), label("kind", lang), label("warnProgress", lang), label("warnBehind", lang), ...(risk ? [label("warnPMiss", lang)] : []), label("warnReasons", lang)],
    ["left", "left", "left", "left", "right", "right", ...(risk ? ["right" as const] : []), "left"]
  )
  for (const p of result.projects) {
    if (p.colour === "green") continue
    const pm = risk?.pMiss.get(p.projectId)
    list.push([colourName(p.colour, lang), p.projectId, p.district, label(p.kind, lang), Units.formatPercent(p.progress), points(p.pointsBehindPace),
      ...(risk ? [pm === undefined || pm === null ? "—" : Units.formatPercent(pm)] : []), p.reasons.map((r) => r[lang]).join("; ")])
  }
  const parts = [head, counts.toString(), changes, list.toString()]
  if (risk !== undefined) {
    const likely = plainTable([label("warnProject", lang), label("district", lang), label("warnColour", lang), label("warnMissing", lang), label("warnPMiss", lang), label("warnPlanYi", lang), label("warnYearEnd", lang)],
      ["left", "left", "left", "left", "right", "right", "right"])
    for (const l of risk.likely) {
      likely.push([l.projectId, l.district, colourName(l.colour, lang), WarningLabels.missing[l.missing][lang], Units.formatPercent(l.probability), Units.formatWan(l.planned),
        `${Units.formatWan(l.p10)}–${Units.formatWan(l.p90)}`])
    }
    parts.push(`${label("warnLikely", lang)} (${risk.likely.length}):\n${likely.toString()}`)
  }
  return parts.join("\n")
}

/** The ranking as JSON: money in 万元 rounded to 0.01 and the units stated once. */
export const rankingToJson = (r: Ranking.RankingResult): string =>
  JsonOutput.document({
    ...r,
    rows: r.rows.map((row) => ({
      ...row,
      values: { ...row.values, plannedInvestment: JsonOutput.money(row.values.plannedInvestment), completedInvestment: JsonOutput.money(row.values.completedInvestment) }
    }))
  })

export const rankingToCsv = (r: Ranking.RankingResult): string =>
  CsvOutput.document([
    ["year", "asOf", "knownAt", "pace", r.by, "rank", "previousRank", "rankChange", "completionRate", "completionGap", "startRate", "startGap", "startResumeRate", "startResumeGap", "plannedInvestment", "completedInvestment"],
    ...r.rows.map((row) => [r.year, r.asOf, r.knownAt, r.pace, row.key, row.rank, row.previousRank ?? "", row.rankChange ?? "",
      row.values.completionRate ?? "", row.completionGap ?? "", row.values.startRate ?? "", row.startGap ?? "", row.values.startResumeRate ?? "", row.startResumeGap ?? "",
      row.values.plannedInvestment, row.values.completedInvestment])
  ])

export const rankingToTable = (r: Ranking.RankingResult, lang: Lang): string => {
  const head = `${label("warnRanking", lang)} · ${label("year", lang)} ${r.year} · ${label("asOf", lang)} ${r.asOf} · ${label("knownAt", lang)} ${r.knownAt} · ${label("warnPace", lang)} ${Units.formatPercent(r.pace)}` +
    (r.previous === null ? "" : ` · ${label("warnPreviousRank", lang)}: ${r.previous.asOf}`)
  const table = plainTable([label("warnRank", lang), label(r.by, lang), label("completionRate", lang), label("warnGap", lang), label("startRate", lang), label("warnGap", lang), label("startResumeRate", lang), label("warnGap", lang), label("warnPreviousRank", lang), label("warnChange", lang)],
    ["right", "left", "right", "right", "right", "right", "right", "right", "right", "right"])
  for (const row of r.rows) {
    table.push([row.rank, groupName(row.key, r.by, lang), Units.formatPercent(row.values.completionRate), signed(row.completionGap), Units.formatPercent(row.values.startRate), signed(row.startGap),
      Units.formatPercent(row.values.startResumeRate), signed(row.startResumeGap), row.previousRank ?? "—", row.rankChange === null ? "—" : row.rankChange > 0 ? `+${row.rankChange}` : String(row.rankChange)])
  }
  table.push(["", label("total", lang), Units.formatPercent(r.total.values.completionRate), signed(r.total.completionGap), Units.formatPercent(r.total.values.startRate), signed(r.total.startGap),
    Units.formatPercent(r.total.values.startResumeRate), signed(r.total.startResumeGap), "", ""])
  return `${head}\n${table.toString()}`
}
