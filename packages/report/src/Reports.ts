/**
 * The three reports: a forecast (fan chart, start-rate path, targets,
 * districts, methods), a comparison (side by side, tornado) and a backtest
 * (scores, calibration, errors by forecast date).
 */
import { Units } from "@groundbreak/domain"
import { type Backtest, type Forecast, Methods, type ScenarioComparison } from "@groundbreak/forecast"
import type { WarningsBacktest } from "@groundbreak/warnings"
import * as Charts from "./Charts.ts"
import { escape, figure, page, type Section, table } from "./Html.ts"

export { dispatchBrief, type DispatchBriefInput } from "./DispatchBrief.ts"

const yi = (v: number | null) => (v === null || Number.isNaN(v) ? "—" : Units.formatYi(v))
const pct = (v: number | null) => (v === null || Number.isNaN(v) ? "—" : Units.formatPercent(v))

type ForecastOutput = Forecast.ForecastOutput

/** When the model's error rests on fewer than two earlier years, the band is too narrow: said in both languages. */
export const historyWarning = (r: Forecast.ForecastResult): string =>
  r.history.enough
    ? ""
    : `<p class="warning">注意: 模型误差只来自 ${r.history.modelErrorYears} 个往年 (少于 2 个), P10–P90 区间偏窄, 低估了不确定性。 ` +
      `Note: the model error comes from ${r.history.modelErrorYears} earlier year(s) (fewer than two), so the P10–P90 band is too narrow and understates the uncertainty.</p>`

const summaryTable = (r: Forecast.ForecastResult) =>
  table(["指标 Metric", "截至目前 To date", "均值 Mean", "P10", "P50", "P90"], [
    // The combination leads when it beat the simulation in the backtests; the simulation stays beside it.
    ...(r.combined.headline
      ? [[`完成投资 (亿元) Investment · ${Methods.labels.combined.zh} (主预测) ${Methods.labels.combined.en} (headline)`,
        ...[r.combined.investment.actualToDate, r.combined.investment.mean, r.combined.investment.p10, r.combined.investment.p50, r.combined.investment.p90].map(yi)]]
      : []),
    [`完成投资 (亿元) Investment${r.combined.headline ? ` · ${Methods.labels.simulation.zh} ${Methods.labels.simulation.en}` : ""}`,
      ...[r.investment.actualToDate, r.investment.mean, r.investment.p10, r.investment.p50, r.investment.p90].map(yi)],
    ["年度计划投资 (亿元) Planned investment", ...[r.plannedInvestment.actualToDate, r.plannedInvestment.mean, r.plannedInvestment.p10, r.plannedInvestment.p50, r.plannedInvestment.p90].map(yi)],
    ["完成年度计划 Share of the plan completed", ...[r.completionRate.actualToDate, r.completionRate.mean, r.completionRate.p10, r.completionRate.p50, r.completionRate.p90].map(pct)],
    ["开工率 Start rate", ...[r.startRate.actualToDate, r.startRate.mean, r.startRate.p10, r.startRate.p50, r.startRate.p90].map(pct)],
    ["开复工率 Start-and-resume rate", ...[r.startResumeRate.actualToDate, r.startResumeRate.mean, r.startResumeRate.p10, r.startResumeRate.p50, r.startResumeRate.p90].map(pct)],
    ["竣工投产 Commissioned", ...[r.commissioned.actualToDate, r.commissioned.mean, r.commissioned.p10, r.commissioned.p50, r.commissioned.p90].map((v) => (v === null ? "—" : v.toFixed(0)))]
  ])

export const forecastReport = async (out: ForecastOutput, question?: string): Promise<string> => {
  const r = out.result
  const investmentTarget = r.targets.find((t) => t.metric === "investment")?.target
  const startTarget = r.targets.find((t) => t.metric === "startRate")?.target
  const planned = out.districts.reduce((s, d) => s + d.toDate.plannedInvestment, 0)
  const sections: Array<Section> = [
    { title: "年末预测 Year-end forecast", body: (question ? `<p class="question">${escape(question)}</p>` : "") + summaryTable(r) + historyWarning(r) },
    {
      title: "累计完成投资 Cumulative investment",
      body: figure(await Charts.toSvg(Charts.fan(out.fan.investment, { plan: planned, ...(investmentTarget === undefined ? {} : { target: investmentTarget }) })),
        "黑线: 已知实际; 虚线: P50; 阴影: P10–P90. Black: known to date; dashed: P50; band: P10–P90.")
    },
    { title: "开工率路径 Start-rate path", body: figure(await Charts.toSvg(Charts.startRatePath(out.fan.startRate, startTarget)), "新建项目累计开工比例 Share of new projects started, month by month.") }
  ]
  if (r.targets.length > 0) {
    sections.push({
      title: "目标 Targets",
      body: figure(await Charts.toSvg(Charts.targets(r.targets)), "") +
        table(["目标 Target", "值 Value", "概率 Probability"], r.targets.map((t) => [Charts.metricLabel(t.metric), t.metric === "investment" ? `${yi(t.target)} 亿元` : pct(t.target), pct(t.probability)]))
    })
  }
  sections.push({
    title: "分区县 By district",
    body: table(["区县 District", "项目 Projects", "开工率 Start rate", "计划 (亿元) Plan", "已完成 (亿元) To date", "年末均值 (亿元) Year-end mean"],
      out.districts.map((d) => [d.district, String(d.toDate.projects), pct(d.toDate.startRate), yi(d.toDate.plannedInvestment), yi(d.toDate.completedInvestment), yi(d.meanYearEnd)]))
  })
  sections.push({
    title: "简单方法与模型 Simple methods and the model",
    body: table(["方法 Method", "完成投资 (亿元)", "开工率"], [
      [`${Methods.labels.simulation.zh} P50 ${Methods.labels.simulation.en}`, yi(r.investment.p50), pct(r.startRate.p50)],
      ...Methods.simpleNames.map((m) => [`${Methods.labels[m].zh} ${Methods.labels[m].en}`, yi(r.methods[m].investment), pct(r.methods[m].startRate)])
    ]) + `<p class="meta">S-curve: ${escape(r.model.curve)}; noise σ ${r.model.noiseSigma.toFixed(3)}; median start delay ${r.model.medianStartDelayMonths ?? "—"} months; median construction ${r.model.medianConstructionMonths ?? "—"} months; model error: bias ${r.model.error.bias.toFixed(3)}, σ ${r.model.error.sigma.toFixed(3)} from ${r.model.error.years.join(", ") || "no earlier year"}.</p>`
  })
  return page(`${r.scenario} · ${r.year}`, `D ${escape(r.asOf)} · K ${escape(r.knownAt)} · ${r.paths} paths · seed ${r.seed} · ${r.model.projects} projects`, sections)
}

const signed = (text: string) => (text.startsWith("-") || text === "—" ? text : `+${text}`)

export const compareReport = async (c: ScenarioComparison.Comparison, portfolio?: string): Promise<string> => {
  const first = c.results[0]!.scenario
  const head = ["", ...c.results.map((r) => r.scenario), ...c.differences.map((d) => `${d.scenario} − ${first} 差值 (逐路径 path by path)`)]
  const diff = (f: (d: ScenarioComparison.Difference) => string) => c.differences.map(f)
  const pp = (v: number | null) => (v === null ? "—" : `${signed(pct(v).replace("%", ""))} pp`)
  const rows: Array<Array<string>> = [
    ["完成投资 均值 (亿元) Investment mean", ...c.results.map((r) => yi(r.investment.mean)), ...diff((d) => signed(yi(d.investment.mean)))],
    ["完成投资 P10 (亿元)", ...c.results.map((r) => yi(r.investment.p10)), ...diff((d) => signed(yi(d.investment.p10)))],
    ["完成投资 P50 (亿元)", ...c.results.map((r) => yi(r.investment.p50)), ...diff((d) => signed(yi(d.investment.p50)))],
    ["完成投资 P90 (亿元)", ...c.results.map((r) => yi(r.investment.p90)), ...diff((d) => signed(yi(d.investment.p90)))],
    ["开工率 P10 Start rate", ...c.results.map((r) => pct(r.startRate.p10)), ...diff((d) => pp(d.startRate.p10))],
    ["开工率 P50", ...c.results.map((r) => pct(r.startRate.p50)), ...diff((d) => pp(d.startRate.p50))],
    ["开工率 P90", ...c.results.map((r) => pct(r.startRate.p90)), ...diff((d) => pp(d.startRate.p90))],
    ["开复工率 P50 Start-and-resume rate", ...c.results.map((r) => pct(r.startResumeRate.p50)), ...diff((d) => pp(d.startResumeRate.p50))],
    ...c.results[0]!.targets.map((t, k) => [
      `P(${t.metric} ≥ ${t.metric === "investment" ? yi(t.target) + "亿" : pct(t.target)})`,
      ...c.results.map((r) => pct(r.targets[k]?.probability ?? null)),
      ...diff(() => "")
    ])
  ]
  const sections: Array<Section> = [
    {
      title: "情景对比 Scenarios side by side",
      body: table(head, rows) +
        `<p class="meta">同一组合${portfolio === undefined ? "" : ` (${escape(portfolio)})`}, 同一随机数 (common random numbers): differences are the assumptions'. ` +
        "差值列为逐路径 B − A 的分位数 The difference columns are quantiles of B − A path by path, not differences of quantiles.</p>" +
        historyWarning(c.results[0]!)
    },
    {
      title: "累计完成投资, 情景叠加 Cumulative investment, scenarios overlaid",
      body: figure(await Charts.toSvg(Charts.fanCompare(c.fans)), "黑线: 已知实际; 虚线: 各情景 P50; 阴影: 各情景 P10–P90. Black: known to date; dashed: each scenario's P50; bands: P10–P90.")
    }
  ]
  for (const [k, t] of c.tornadoes.entries()) {
    if (t.bars.length === 0) continue
    sections.push({
      title: `敏感性 Sensitivity: ${t.scenario}`,
      body: figure(await Charts.toSvg(Charts.tornado(t.bars, c.results[k]!.investment.mean ?? 0)),
        "每次只动一个假设 (P10/P90 或 ±20%); ▼ 低值 = 假设取低值时的结果, ▲ 高值 = 取高值时. One assumption at a time; ▼ low = the outcome at the low setting, ▲ high = at the high setting.")
    })
  }
  const r0 = c.results[0]!
  return page("情景对比 Scenario comparison", `${escape(String(r0.year))} · D ${escape(r0.asOf)} · K ${escape(r0.knownAt)} · ${r0.paths} paths · seed ${r0.seed}`, sections)
}

export const backtestReport = async (b: Backtest.BacktestResult, warnings?: WarningsBacktest.WarningsBacktestResult): Promise<string> => {
  const scoreRows = b.scores.map((s) => {
    const money = s.metric === "investment"
    const v = (x: number | null) => (money ? yi(x) : pct(x))
    return [s.metric, s.method, String(s.origins), v(s.bias), pct(s.mape), pct(s.coverage), v(s.winkler), v(s.pinball), v(s.crps), s.skill === null ? "—" : s.skill.toFixed(2)]
  })
  const sections: Array<Section> = [
    { title: "得分 Scores", body: table(["metric", "method", "n", "bias", "MAPE", "coverage", "Winkler", "pinball", "CRPS", "skill"], scoreRows, (c) => c > 1) },
    { title: "校准 Calibration", body: figure(await Charts.toSvg(Charts.calibration(b.scores.filter((s) => s.method === "simulation"))), "") },
    { title: "各预测时点的误差 Errors by forecast date", body: figure(await Charts.toSvg(Charts.errorsByDate(b.origins)), "") },
    {
      title: "逐个时点 Origins",
      body: table(["year", "as of", "actual (亿元)", "P10", "P50", "P90", ...Methods.simpleNames.map((m) => Methods.labels[m].en)], b.origins.map((o) => {
        const i = o.forecasts.investment
        return [String(o.year), o.asOf, yi(o.actual.investment), yi(i.simulation?.p10 ?? null), yi(i.simulation?.point ?? null), yi(i.simulation?.p90 ?? null),
          ...Methods.simpleNames.map((m) => yi(i[m]?.point ?? null))]
      }), (c) => c > 1)
    }
  ]
  if (warnings !== undefined) sections.push(...await warningsSections(warnings))
  return page("回测 Backtest", `${b.origins.length} origins · ${b.years.join(", ")} × ${b.asOfs.join(", ")} · ${b.paths} paths · seed ${b.seed}`, sections)
}

/** The warnings backtest: Brier scores, colours as forecasts, and the reliability diagram with its table. */
const warningsSections = async (w: WarningsBacktest.WarningsBacktestResult): Promise<Array<Section>> => {
  const score = (v: number | null) => (v === null ? "—" : v.toFixed(3))
  return [
    {
      title: "预警回测 Warnings backtest",
      body: `<p class="meta">${w.projects} project-origins · ${w.years.join(", ")} × ${escape(w.asOfs.join(", "))} · 未完成比例 base rate of missing ${pct(w.baseRate)}</p>` +
        table(["预测 Forecast of a miss", "Brier"], [
          ["模拟概率 Simulation: P(miss)", score(w.brier.simulation)],
          ["规则: 红灯 Rules: red = 1", score(w.brier.red)],
          ["规则: 红灯或黄灯 Rules: red or yellow = 1", score(w.brier.redOrYellow)],
          ["基准: 总体比例 Base rate", score(w.brier.baseRate)]
        ]) +
        table(["灯色 Colour", "项目 Projects", "未完成 Missed", "平均概率 Mean P(miss)"], w.byColour.map((c) => [c.colour, String(c.count), pct(c.missed), pct(c.meanPMiss)]))
    },
    {
      title: "可靠性 Reliability of P(miss)",
      body: figure(await Charts.toSvg(Charts.reliability(w.reliability)), "对角线: 完全可靠 Diagonal: perfectly reliable; 点的大小: 项目数 Point size: projects.") +
        table(["区间 Bin", "项目 Projects", "平均预测 Mean forecast", "实际 Observed"], w.reliability.map((b) => [`${Math.round(b.from * 100)}–${Math.round(b.to * 100)}%`, String(b.count), pct(b.meanForecast), pct(b.observed)]))
    }
  ]
}
