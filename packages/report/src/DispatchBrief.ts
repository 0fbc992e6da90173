/**
 * The dispatch brief (调度简报): one printable page set for the monthly
 * meeting, in Chinese or English — the counties ranked against the pace
 * (bar chart and a grid coloured by gap), the red and yellow projects with
 * their reasons, the projects likely to miss with their probabilities, and
 * the year-end fan chart. Laid out for A4 landscape.
 */
import type * as vl from "vega-lite"
import { Units } from "@groundbreak/domain"
import type { Forecast } from "@groundbreak/forecast"
import type { LikelyToMiss, Ranking, Warnings } from "@groundbreak/warnings"
import * as WarningLabels from "@groundbreak/warnings/WarningLabels"
import * as Charts from "./Charts.ts"
import { escape, figure, page, type Section, table } from "./Html.ts"

export type Lang = "zh" | "en"

export interface DispatchBriefInput {
  readonly warnings: Warnings.WarningsResult
  readonly risk: LikelyToMiss.RiskColumn
  /** Ranking by district. */
  readonly ranking: Ranking.RankingResult
  readonly forecast: Forecast.ForecastOutput
  readonly lang: Lang
}

/** Project ids named in each change line (new reds, recovered, still red); the count says how many there are. */
const idsShown = 15

/** Longest list printed in full; longer ones say how many more there are (the CSV has them all). */
export const listLimit = 300

const text = {
  ...WarningLabels.words,
  title: { zh: "重点项目调度简报", en: "Key projects: dispatch brief" },
  year: { zh: "年度", en: "Year" },
  asOf: { zh: "统计截至", en: "As of" },
  knownAt: { zh: "已知时点", en: "As known at" },
  overview: { zh: "概况", en: "Overview" },
  ranking: { zh: "区县排名: 完成年度计划对照序时进度", en: "Counties: share of the annual plan done against the pace" },
  rankingNote: { zh: "由低到高排列; 竖线为序时进度", en: "Lowest first; the vertical line is the pace" },
  grid: { zh: "区县进度差距", en: "Counties by gap to the pace" },
  gridNote: { zh: "差距 = 完成年度计划 − 序时进度 (百分点)", en: "Gap = share of the plan done − pace (points)" },
  district: { zh: "区县", en: "County" },
  gap: { zh: "差距(点)", en: "Gap (points)" },
  startRate: { zh: "开工率", en: "Start rate" },
  startResumeRate: { zh: "开复工率", en: "Start-and-resume rate" },
  change: { zh: "较上月", en: "Since last month" },
  redList: { zh: "红灯项目", en: "Red projects" },
  yellowList: { zh: "黄灯项目", en: "Yellow projects" },
  kind: { zh: "类别", en: "Kind" },
  new: { zh: "新建", en: "new" },
  continuing: { zh: "续建", en: "continuing" },
  behind: { zh: "落后(点)", en: "Behind (points)" },
  months: { zh: "红灯月数", en: "Months red" },
  colour: { zh: "当前灯色", en: "Now" },
  probability: { zh: "概率", en: "Probability" },
  fan: { zh: "年末完成投资预测", en: "Year-end completed investment" },
  fanNote: { zh: "黑线: 已知实际; 虚线: P50; 阴影: P10–P90; 虚横线: 年度计划", en: "Black: known to date; dashed: P50; band: P10–P90; dotted: the annual plan" },
  more: { zh: "另有 {n} 项, 见 CSV 输出", en: "{n} more: see the CSV output" },
  paths: { zh: "条模拟路径", en: "simulated paths" },
  seed: { zh: "随机种子", en: "seed" }
} as const
type Key = keyof typeof text

const pct = (v: number | null) => (v === null || Number.isNaN(v) ? "—" : Units.formatPercent(v))
const pts = (v: number | null | undefined) => (v === null || v === undefined ? "—" : (v > 0 ? "+" : "") + Units.roundHalfUp(v, 1).toFixed(1))

/** The thresholds of the grid's colours: the rules' own for points behind the pace, else 10 and 30. */
const bands = (w: Warnings.WarningsResult) => ({ yellow: w.bands.yellow ?? 10, red: w.bands.red ?? 30 })

/** Beyond the red threshold, between the two, behind but within the yellow one, ahead of the pace. */
const tileColours = ["#e34a33", "#fdbb84", "#fff7bc", "#a1d99b"] as const

const tileColour = (gap: number | null, b: { yellow: number; red: number }): string =>
  gap === null ? "#eee" : gap < -b.red ? tileColours[0] : gap <= -b.yellow ? tileColours[1] : gap < 0 ? tileColours[2] : tileColours[3]

export const dispatchBrief = async (input: DispatchBriefInput): Promise<string> => {
  const { warnings: w, risk, ranking, forecast, lang } = input
  const t = (key: Key) => text[key][lang]
  const kindName = (k: string) => (k === "new" || k === "continuing" ? t(k) : k)
  const capped = <A>(list: ReadonlyArray<A>) => ({ shown: list.slice(0, listLimit), more: Math.max(0, list.length - listLimit) })
  const moreNote = (n: number) => (n > 0 ? `<p class="meta">${escape(t("more").replace("{n}", String(n)))}</p>` : "")

  const c = w.changes
  const overview = `<div class="cards">${(["red", "yellow", "green"] as const).map((colour) =>
    `<div class="card ${colour}"><div class="count">${w.total[colour]}</div><div>${t(colour)}</div></div>`).join("")}</div>` +
    (c.hasPrevious
      ? `<ul class="changes"><li>${t("newRed")} (${c.newRed.length}): ${escape(c.newRed.slice(0, idsShown).join(", ") || t("none"))}${c.newRed.length > idsShown ? " …" : ""}</li>` +
        `<li>${t("recovered")} (${c.recovered.length}): ${escape(c.recovered.slice(0, idsShown).join(", ") || t("none"))}${c.recovered.length > idsShown ? " …" : ""}</li>` +
        `<li>${t("stillRed")} (${c.stillRed.length}): ${escape(c.stillRed.slice(0, idsShown).map((s) => `${s.projectId} (${s.months})`).join(", ") || t("none"))}${c.stillRed.length > idsShown ? " …" : ""}</li></ul>`
      : `<p class="meta">${t("noPrevious")}</p>`)

  const rows = ranking.rows
  const b = bands(w)
  const bar: vl.TopLevelSpec = {
    width: 900,
    height: Math.max(120, 18 * rows.length),
    layer: [
      {
        data: { values: rows.map((r) => ({ district: r.key, done: r.values.completionRate ?? 0, gap: r.completionGap ?? 0, rank: r.rank })) },
        mark: { type: "bar" },
        encoding: {
          y: { field: "district", type: "nominal", sort: { field: "rank", order: "ascending" }, title: null },
          x: { field: "done", type: "quantitative", title: t("planDone"), axis: { format: ".0%" } },
          color: { field: "gap", type: "quantitative", title: t("gap"), scale: { type: "threshold", domain: [-b.red - 0.05, -b.yellow, 0], range: [...tileColours] }, legend: null }
        }
      },
      {
        data: { values: [{ pace: ranking.pace, label: `${t("pace")} ${pct(ranking.pace)}` }] },
        mark: { type: "rule", color: "#222", strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { x: { field: "pace", type: "quantitative" } }
      },
      {
        data: { values: [{ pace: ranking.pace, label: `${t("pace")} ${pct(ranking.pace)}` }] },
        mark: { type: "text", align: "left", dx: 4, dy: -6, fontSize: 11, baseline: "bottom" },
        encoding: { x: { field: "pace", type: "quantitative" }, y: { value: 0 }, text: { field: "label" } }
      }
    ]
  } as vl.TopLevelSpec
  const rankingTable = table([t("rank"), t("district"), t("planDone"), t("gap"), t("startRate"), t("startResumeRate"), t("change")],
    rows.map((r) => [String(r.rank), r.key, pct(r.values.completionRate), pts(r.completionGap), pct(r.values.startRate), pct(r.values.startResumeRate),
      r.rankChange === null ? "—" : r.rankChange > 0 ? `↑${r.rankChange}` : r.rankChange < 0 ? `↓${-r.rankChange}` : "="]), (col) => col !== 1)

  const grid = `<div class="grid">${rows.slice().sort((x, y) => (x.key < y.key ? -1 : 1)).map((r) =>
    `<div class="tile" style="background:${tileColour(r.completionGap, b)}"><div class="name">${escape(r.key)}</div><div class="big">${pts(r.completionGap)}</div><div class="small">${t("planDone")} ${pct(r.values.completionRate)}</div></div>`).join("")}</div>` +
    `<p class="meta">${t("gridNote")}: <span class="key" style="background:#e34a33"></span> &lt; −${b.red} · <span class="key" style="background:#fdbb84"></span> −${b.red} … −${b.yellow} · <span class="key" style="background:#fff7bc"></span> −${b.yellow} … 0 · <span class="key" style="background:#a1d99b"></span> ≥ 0</p>`

  const projectRows = (colour: "red" | "yellow") => capped(w.projects.filter((p) => p.colour === colour))
  const reds = projectRows("red"), yellows = projectRows("yellow")
  const projectTable = (list: ReadonlyArray<Warnings.ProjectLine>, withMonths: boolean) =>
    list.length === 0 ? `<p>${t("none")}</p>` : table(
      [t("project"), t("district"), t("kind"), t("planDone"), t("behind"), ...(withMonths ? [t("months")] : []), t("reasons")],
      list.map((p) => [p.projectId, p.district, kindName(p.kind), pct(p.progress), p.pointsBehindPace === undefined ? "—" : Units.roundHalfUp(p.pointsBehindPace, 1).toFixed(1),
        ...(withMonths ? [String(p.redMonths)] : []), p.reasons.map((r) => r[lang]).join("; ")]),
      (col) => col >= 3 && col <= (withMonths ? 5 : 4)
    )
  const likely = capped(risk.likely)
  const likelyTable = likely.shown.length === 0 ? `<p>${t("none")}</p>` : table(
    [t("project"), t("district"), t("colour"), t("riskOf"), t("probability"), t("planWan"), t("yearEndRange")],
    likely.shown.map((l) => [l.projectId, l.district, t(l.colour), WarningLabels.missing[l.missing][lang], pct(l.probability), Units.formatWan(l.planned), `${Units.formatWan(l.p10)}–${Units.formatWan(l.p90)}`]),
    (col) => col >= 4
  )

  const planned = ranking.total.values.plannedInvestment
  const fanSpec = { ...(Charts.fan(forecast.fan.investment, { plan: planned }) as object), title: lang === "zh" ? "累计完成投资 (亿元)" : "Cumulative completed investment (100M yuan)", width: 900, height: 240 } as vl.TopLevelSpec
  const r = forecast.result
  const fanBody = figure(await Charts.toSvg(fanSpec), t("fanNote")) +
    table(["", "P10", "P50", "P90"], [[t("fan"), ...[r.investment.p10, r.investment.p50, r.investment.p90].map((v) => (v === null ? "—" : Units.formatYi(v)))]]) +
    `<p class="meta">${r.paths} ${t("paths")} · ${t("seed")} ${r.seed}</p>`

  // A4 landscape: the overview and the county grid on page 1, the ranking on page 2, the year end and the
  // projects likely to miss from page 3, then the red and yellow lists.
  const sections: Array<Section> = [
    { title: t("overview"), body: overview, className: "keep" },
    { title: t("grid"), body: grid, className: "keep" },
    { title: t("ranking"), body: figure(await Charts.toSvg(bar), t("rankingNote")) + rankingTable, className: "page" },
    { title: t("fan"), body: fanBody, className: "page keep" },
    { title: `${t("likely")} (${risk.likely.length})`, body: likelyTable + moreNote(likely.more), className: "list" },
    { title: `${t("redList")} (${w.total.red})`, body: projectTable(reds.shown, true) + moreNote(reds.more), className: "page list" },
    { title: `${t("yellowList")} (${w.total.yellow})`, body: projectTable(yellows.shown, false) + moreNote(yellows.more), className: "list" }
  ]
  const meta = [
    `${t("year")} ${w.year}`, `${t("asOf")} ${escape(w.asOf)}`, `${t("knownAt")} ${escape(w.knownAt)}`,
    `${t("pace")} ${pct(w.pace)}`, `${t("rules")}: ${escape(w.rules)}`
  ].join(" · ")
  return page(`${t("title")} · ${w.year}`, meta, sections, { lang: lang === "zh" ? "zh-CN" : "en", style: briefStyle })
}

const briefStyle = `
  body { max-width: 1040px; }
  .cards { display: flex; gap: 12px; margin: 8px 0; }
  .card { flex: 1; padding: 8px 12px; border-radius: 6px; border: 1px solid #ccc; font-size: 14px; }
  .card .count { font-size: 26px; font-weight: bold; }
  .card.red { background: #fde0dd; border-color: #e34a33; } .card.yellow { background: #fff7bc; border-color: #d9b300; } .card.green { background: #e5f5e0; border-color: #31a354; }
  .changes { font-size: 13px; margin: 6px 0; padding-left: 18px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 6px; }
  .tile { border-radius: 4px; padding: 6px 8px; border: 1px solid rgba(0,0,0,.15); page-break-inside: avoid; }
  .tile .name { font-weight: bold; font-size: 13px; } .tile .big { font-size: 20px; } .tile .small { font-size: 11px; color: #444; }
  .key { display: inline-block; width: 12px; height: 12px; vertical-align: middle; border: 1px solid rgba(0,0,0,.2); }
  td { vertical-align: top; } section.list td:not(:last-child), section.list th { white-space: nowrap; }
  thead { display: table-header-group; } tr { page-break-inside: avoid; }
  @page { size: A4 landscape; margin: 12mm; }
  @media print {
    body { max-width: none; font-size: 12px; }
    section.page { break-before: page; }
    section.keep { break-inside: avoid; }
    .tile, .card { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    figure svg { max-width: 100%; }
  }
`
