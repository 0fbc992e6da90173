/**
 * How warnings and rankings are shown: JSON with raw numbers (fractions,
 * 万元, points), CSV one row per project or group, and terminal tables in
 * the bureaus' units, in Chinese or English.
 */
import * as CsvOutput from "./CsvOutput.ts"
import { Units } from "@groundbreak/domain"
import type { LikelyToMiss, Ranking, Warnings } from "@groundbreak/warnings"
import { groupName, label, type Lang } from "./Labels.ts"
import { plainTable } from "./Tables.ts"

const text = {
  title: { zh: "项目预警(红黄绿灯)", en: "Project warnings (red / yellow / green)" },
  rules: { zh: "规则", en: "Rules" },
  pace: { zh: "序时进度", en: "Pace" },
  red: { zh: "红灯", en: "Red" },
  yellow: { zh: "黄灯", en: "Yellow" },
  green: { zh: "绿灯", en: "Green" },
  colour: { zh: "灯色", en: "Colour" },
  project: { zh: "项目", en: "Project" },
  progress: { zh: "完成年度计划", en: "Plan done" },
  behind: { zh: "落后序时(百分点)", en: "Behind pace (points)" },
  reasons: { zh: "原因", en: "Reasons" },
  pMiss: { zh: "完不成概率", en: "P(miss)" },
  changes: { zh: "较上月调度会", en: "Since last month's meeting" },
  noPrevious: { zh: "本年度无上月调度会可比", en: "no earlier meeting this year to compare with" },
  newRed: { zh: "新亮红灯", en: "New reds" },
  recovered: { zh: "红灯转出", en: "Recovered" },
  stillRed: { zh: "持续红灯", en: "Still red" },
  months: { zh: "个月", en: "months" },
  none: { zh: "无", en: "none" },
  likely: { zh: "可能完不成(模拟)", en: "Likely to miss (simulation)" },
  missing: { zh: "风险", en: "Risk of" },
  start: { zh: "年内不开工", en: "not starting" },
  plan: { zh: "完不成年度计划", en: "missing the plan" },
  planYi: { zh: "年度计划(万元)", en: "Plan (10k yuan)" },
  yearEnd: { zh: "年末完成 P10–P90(万元)", en: "Year-end P10–P90 (10k yuan)" },
  ranking: { zh: "排名(完成年度计划由低到高)", en: "Ranking (lowest completion of the annual plan first)" },
  rank: { zh: "排名", en: "Rank" },
  gap: { zh: "差距", en: "Gap" },
  previousRank: { zh: "上月排名", en: "Last month" },
  change: { zh: "变化", en: "Change" }
} as const
type Key = keyof typeof text
const t = (key: Key, lang: Lang) => text[key][lang]

const points = (v: number | null | undefined): string => (v === null || v === undefined ? "—" : Units.roundHalfUp(v, 1).toFixed(1))
const signed = (v: number | null): string => (v === null ? "—" : v > 0 ? `+${points(v)}` : points(v))
const colourName = (c: "red" | "yellow" | "green", lang: Lang) => t(c, lang)

export interface WarningsReport {
  readonly result: Warnings.WarningsResult
  readonly risk?: LikelyToMiss.RiskColumn | undefined
}

export const toJson = ({ result, risk }: WarningsReport): string =>
  JSON.stringify({
    ...result,
    projects: result.projects.map((p) => {
      if (risk === undefined) return p
      const r = risk.risk.get(p.projectId)
      return { ...p, pMiss: risk.pMiss.get(p.projectId) ?? null, risk: r === undefined ? null : { pComplete: r.pComplete, pStart: r.pStart, p10: r.p10, p50: r.p50, p90: r.p90 } }
    }),
    ...(risk === undefined ? {} : { likelyToMiss: risk.likely })
  }, null, 2)

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
  const head = `${t("title", lang)} · ${label("year", lang)} ${result.year} · ${label("asOf", lang)} ${result.asOf} · ${label("knownAt", lang)} ${result.knownAt} · ${t("pace", lang)} ${Units.formatPercent(result.pace)} · ${t("rules", lang)}: ${result.rules}`
  const counts = plainTable([label(result.by, lang), t("red", lang), t("yellow", lang), t("green", lang)])
  for (const g of result.groups) counts.push([groupName(g.key, result.by, lang), g.red, g.yellow, g.green])
  counts.push([label("total", lang), result.total.red, result.total.yellow, result.total.green])
  const c = result.changes
  const ids = (list: ReadonlyArray<string>) => (list.length === 0 ? t("none", lang) : list.join(", "))
  const changes = c.hasPrevious
    ? [
      `${t("changes", lang)}:`,
      `  ${t("newRed", lang)} (${c.newRed.length}): ${ids(c.newRed)}`,
      `  ${t("recovered", lang)} (${c.recovered.length}): ${ids(c.recovered)}`,
      `  ${t("stillRed", lang)} (${c.stillRed.length}): ${c.stillRed.length === 0 ? t("none", lang) : c.stillRed.map((s) => `${s.projectId} ${s.months} ${t("months", lang)}`).join(", ")}`
    ].join("\n")
    : `${t("changes", lang)}: ${t("noPrevious", lang)}`
  const list = plainTable(
    [t("colour", lang), t("project", lang), label("district", lang), label("kind", lang), t("progress", lang), t("behind", lang), ...(risk ? [t("pMiss", lang)] : []), t("reasons", lang)],
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
    const likely = plainTable([t("project", lang), label("district", lang), t("colour", lang), t("missing", lang), t("pMiss", lang), t("planYi", lang), t("yearEnd", lang)],
      ["left", "left", "left", "left", "right", "right", "right"])
    for (const l of risk.likely) {
      likely.push([l.projectId, l.district, colourName(l.colour, lang), t(l.missing, lang), Units.formatPercent(l.probability), Units.formatWan(l.planned),
        `${Units.formatWan(l.p10)}–${Units.formatWan(l.p90)}`])
    }
    parts.push(`${t("likely", lang)} (${risk.likely.length}):\n${likely.toString()}`)
  }
  return parts.join("\n")
}

export const rankingToJson = (r: Ranking.RankingResult): string => JSON.stringify(r, null, 2)

export const rankingToCsv = (r: Ranking.RankingResult): string =>
  CsvOutput.document([
    ["year", "asOf", "knownAt", "pace", r.by, "rank", "previousRank", "rankChange", "completionRate", "completionGap", "startRate", "startGap", "startResumeRate", "startResumeGap", "plannedInvestment", "completedInvestment"],
    ...r.rows.map((row) => [r.year, r.asOf, r.knownAt, r.pace, row.key, row.rank, row.previousRank ?? "", row.rankChange ?? "",
      row.values.completionRate ?? "", row.completionGap ?? "", row.values.startRate ?? "", row.startGap ?? "", row.values.startResumeRate ?? "", row.startResumeGap ?? "",
      row.values.plannedInvestment, row.values.completedInvestment])
  ])

export const rankingToTable = (r: Ranking.RankingResult, lang: Lang): string => {
  const head = `${t("ranking", lang)} · ${label("year", lang)} ${r.year} · ${label("asOf", lang)} ${r.asOf} · ${label("knownAt", lang)} ${r.knownAt} · ${t("pace", lang)} ${Units.formatPercent(r.pace)}` +
    (r.previous === null ? "" : ` · ${t("previousRank", lang)}: ${r.previous.asOf}`)
  const table = plainTable([t("rank", lang), label(r.by, lang), label("completionRate", lang), t("gap", lang), label("startRate", lang), t("gap", lang), label("startResumeRate", lang), t("gap", lang), t("previousRank", lang), t("change", lang)],
    ["right", "left", "right", "right", "right", "right", "right", "right", "right", "right"])
  for (const row of r.rows) {
    table.push([row.rank, groupName(row.key, r.by, lang), Units.formatPercent(row.values.completionRate), signed(row.completionGap), Units.formatPercent(row.values.startRate), signed(row.startGap),
      Units.formatPercent(row.values.startResumeRate), signed(row.startResumeGap), row.previousRank ?? "—", row.rankChange === null ? "—" : row.rankChange > 0 ? `+${row.rankChange}` : String(row.rankChange)])
  }
  table.push(["", label("total", lang), Units.formatPercent(r.total.values.completionRate), signed(r.total.completionGap), Units.formatPercent(r.total.values.startRate), signed(r.total.startGap),
    Units.formatPercent(r.total.values.startResumeRate), signed(r.total.startResumeGap), "", ""])
  return `${head}\n${table.toString()}`
}
