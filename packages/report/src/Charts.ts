/**
 * The report's charts: Vega-Lite specifications rendered to SVG on the
 * server by Vega (no browser, no network), so a report is one static file.
 * Money is shown in 亿元, rates in percent; labels are Chinese and English.
 */
import * as vega from "vega"
import * as vl from "vega-lite"
import { Units } from "@groundbreak/domain"
import type { Accuracy, Backtest, Fan, ScenarioComparison, Forecast } from "@groundbreak/forecast"
import { Knobs } from "@groundbreak/scenario"

export const fontFamily = `"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif`

const config: vl.Config = {
  font: fontFamily,
  title: { fontSize: 14, anchor: "start" },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: "#eee" },
  legend: { labelFontSize: 11, titleFontSize: 11 },
  view: { stroke: null }
}

/** Renders a Vega-Lite specification to an SVG string. */
export const toSvg = async (spec: vl.TopLevelSpec): Promise<string> => {
  const compiled = vl.compile({ ...spec, config: { ...config, ...(spec as { config?: vl.Config }).config } } as vl.TopLevelSpec).spec
  const view = new vega.View(vega.parse(compiled), { renderer: "none" })
  const svg = await view.toSVG()
  view.finalize()
  return svg
}

const yi = Units.wanToYi
const monthAxis = { field: "month", type: "quantitative", title: "月份 Month", scale: { domain: [1, 12] }, axis: { tickCount: 12, format: "d" } } as const

/** Cumulative investment: known to date, then the P10–P90 band and the P50 to December; plan and target lines. */
export const fan = (data: ReadonlyArray<Fan.FanMonth>, lines: { readonly plan?: number; readonly target?: number }): vl.TopLevelSpec => {
  const values = data.map((d) => ({ month: d.month, actual: d.actual === null ? null : yi(d.actual), p10: yi(d.p10), p50: yi(d.p50), p90: yi(d.p90) }))
  const rules = [
    ...(lines.plan === undefined ? [] : [{ label: "年度计划 Plan", value: yi(lines.plan) }]),
    ...(lines.target === undefined ? [] : [{ label: "目标 Target", value: yi(lines.target) }])
  ]
  return {
    width: 640,
    height: 300,
    title: "累计完成投资 (亿元) · Cumulative completed investment (100M yuan)",
    layer: [
      { data: { values }, mark: { type: "area", color: "#9ecae1", opacity: 0.6 }, encoding: { x: monthAxis, y: { field: "p10", type: "quantitative", title: "亿元" }, y2: { field: "p90" } } },
      { data: { values }, mark: { type: "line", color: "#3182bd", strokeDash: [4, 3] }, encoding: { x: monthAxis, y: { field: "p50", type: "quantitative" } } },
      { data: { values: values.filter((v) => v.actual !== null) }, mark: { type: "line", color: "#000", point: true }, encoding: { x: monthAxis, y: { field: "actual", type: "quantitative" } } },
      ...(rules.length === 0 ? [] : [
        { data: { values: rules }, mark: { type: "rule" as const, strokeDash: [2, 2] }, encoding: { y: { field: "value", type: "quantitative" as const }, color: { field: "label", type: "nominal" as const, title: null, scale: { range: ["#e6550d", "#31a354"] } } } }
      ])
    ]
  } as vl.TopLevelSpec
}

/** The start rate month by month: known, then the band of the paths. */
export const startRatePath = (data: ReadonlyArray<Fan.FanMonth>, target: number | undefined): vl.TopLevelSpec => ({
  width: 640,
  height: 220,
  title: "开工率 · Start rate",
  layer: [
    { data: { values: data.map((d) => ({ ...d })) }, mark: { type: "area", color: "#c7e9c0", opacity: 0.7 }, encoding: { x: monthAxis, y: { field: "p10", type: "quantitative", title: "开工率", axis: { format: ".0%" }, scale: { domain: [0, 1] } }, y2: { field: "p90" } } },
    { data: { values: data.map((d) => ({ ...d })) }, mark: { type: "line", color: "#31a354", strokeDash: [4, 3] }, encoding: { x: monthAxis, y: { field: "p50", type: "quantitative" } } },
    { data: { values: data.filter((d) => d.actual !== null).map((d) => ({ ...d })) }, mark: { type: "line", color: "#000", point: true }, encoding: { x: monthAxis, y: { field: "actual", type: "quantitative" } } },
    ...(target === undefined ? [] : [{ data: { values: [{ target }] }, mark: { type: "rule" as const, color: "#e6550d", strokeDash: [2, 2] }, encoding: { y: { field: "target", type: "quantitative" as const } } }])
  ]
}) as vl.TopLevelSpec

const metricLabels: Record<string, string> = { investment: "完成投资 Investment", startRate: "开工率 Start rate", startResumeRate: "开复工率 Start-and-resume rate" }

/** A target's metric in both languages, as the chart and the report's table show it. */
export const metricLabel = (metric: string): string => metricLabels[metric] ?? metric

/** Probability of meeting each target. */
export const targets = (targets: ReadonlyArray<Forecast.Target>): vl.TopLevelSpec => ({
  width: 640,
  height: 40 * Math.max(1, targets.length),
  title: "达成目标的概率 · Probability of meeting each target",
  data: { values: targets.map((t) => ({ metric: metricLabel(t.metric), probability: t.probability })) },
  mark: { type: "bar", color: "#756bb1" },
  encoding: {
    y: { field: "metric", type: "nominal", title: null },
    x: { field: "probability", type: "quantitative", title: "概率 Probability", axis: { format: ".0%" }, scale: { domain: [0, 1] } }
  }
}) as vl.TopLevelSpec

/**
 * Tornado: the mean year-end investment at each assumption's low and high
 * setting, around the scenario's mean. Each end is marked: ▼ 低 low at the
 * low setting's value, ▲ 高 high at the high setting's, whichever side it falls.
 */
export const tornado = (rawBars: ReadonlyArray<ScenarioComparison.Bar>, baseline: number): vl.TopLevelSpec => {
  // Knobs by name in both languages (`10月施工强度 · pace in month 10`), never the code name alone.
  const both = (zh: string, en: string) => (zh === en ? zh : `${zh} · ${en}`)
  const bars = rawBars.map((b) => ({
    ...b,
    name: both(Knobs.label(b.name, "zh"), Knobs.label(b.name, "en")),
    lowLabel: Knobs.valueLabel(b.lowLabel, "zh"),
    highLabel: Knobs.valueLabel(b.highLabel, "zh")
  }))
  const values = bars.map((b) => ({ name: b.name, low: yi(b.investment.low), high: yi(b.investment.high), lo: Math.min(yi(b.investment.low), yi(b.investment.high)), hi: Math.max(yi(b.investment.low), yi(b.investment.high)) }))
  const ends = bars.flatMap((b) => [
    { name: b.name, end: `低值 low (${b.lowLabel})`, x: yi(b.investment.low), label: `低 low ${b.lowLabel}` },
    { name: b.name, end: `高值 high (${b.highLabel})`, x: yi(b.investment.high), label: `高 high ${b.highLabel}` }
  ]).map((e) => ({ ...e, setting: e.end.startsWith("低") ? "低值 low setting" : "高值 high setting" }))
  const y = { field: "name", type: "nominal", sort: null, title: null, axis: { labelLimit: 320 } } as const
  return {
    width: 640,
    height: 30 * Math.max(1, bars.length),
    title: "敏感性 (年末完成投资, 亿元) · Sensitivity of year-end investment",
    layer: [
      { data: { values }, mark: { type: "bar", color: "#fdd0a2" }, encoding: { y, x: { field: "lo", type: "quantitative", title: "亿元", scale: { zero: false } }, x2: { field: "hi" } } },
      {
        data: { values: ends },
        mark: { type: "point", filled: true, size: 90 },
        encoding: {
          y, x: { field: "x", type: "quantitative" },
          shape: { field: "setting", type: "nominal", title: "假设取值 Setting", scale: { domain: ["低值 low setting", "高值 high setting"], range: ["triangle-down", "triangle-up"] } },
          color: { field: "setting", type: "nominal", title: "假设取值 Setting", scale: { domain: ["低值 low setting", "高值 high setting"], range: ["#3182bd", "#e6550d"] } }
        }
      },
      { data: { values: ends }, mark: { type: "text", dy: -11, fontSize: 10 }, encoding: { y, x: { field: "x", type: "quantitative" }, text: { field: "label" } } },
      { data: { values: [{ baseline: yi(baseline) }] }, mark: { type: "rule", color: "#000" }, encoding: { x: { field: "baseline", type: "quantitative" } } }
    ]
  } as vl.TopLevelSpec
}

/** Cumulative investment of several scenarios overlaid: each one's P10–P90 band and P50, and the known months. */
export const fanCompare = (fans: ReadonlyArray<{ readonly scenario: string; readonly investment: ReadonlyArray<Fan.FanMonth> }>): vl.TopLevelSpec => {
  const values = fans.flatMap((f) => f.investment.map((d) => ({ scenario: f.scenario, month: d.month, p10: yi(d.p10), p50: yi(d.p50), p90: yi(d.p90) })))
  const actual = (fans[0]?.investment ?? []).filter((d) => d.actual !== null).map((d) => ({ month: d.month, actual: yi(d.actual!) }))
  const color = { field: "scenario", type: "nominal", title: "情景 Scenario", scale: { range: ["#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363"] } } as const
  return {
    width: 640,
    height: 300,
    title: "累计完成投资 (亿元), 情景叠加 · Cumulative investment, scenarios overlaid",
    layer: [
      { data: { values }, mark: { type: "area", opacity: 0.25 }, encoding: { x: monthAxis, y: { field: "p10", type: "quantitative", title: "亿元" }, y2: { field: "p90" }, color } },
      { data: { values }, mark: { type: "line", strokeDash: [4, 3] }, encoding: { x: monthAxis, y: { field: "p50", type: "quantitative" }, color } },
      { data: { values: actual }, mark: { type: "line", color: "#000", point: true }, encoding: { x: monthAxis, y: { field: "actual", type: "quantitative" } } }
    ]
  } as unknown as vl.TopLevelSpec
}

/** Backtest calibration: P10–P90 coverage of the simulation against the nominal 80%. */
export const calibration = (scores: ReadonlyArray<Backtest.MethodScores>): vl.TopLevelSpec => ({
  width: 640,
  height: 120,
  title: "校准: P10–P90 覆盖率 vs 80% · Calibration: coverage against nominal",
  layer: [
    {
      data: { values: scores.filter((s) => s.coverage !== null).map((s) => ({ metric: metricLabel(s.metric), coverage: s.coverage })) },
      mark: { type: "bar", color: "#6baed6" },
      encoding: { y: { field: "metric", type: "nominal", title: null }, x: { field: "coverage", type: "quantitative", title: "覆盖率 Coverage", axis: { format: ".0%" }, scale: { domain: [0, 1] } } }
    },
    { data: { values: [{ nominal: 0.8 }] }, mark: { type: "rule", color: "#e6550d", strokeDash: [3, 2] }, encoding: { x: { field: "nominal", type: "quantitative" } } }
  ]
}) as vl.TopLevelSpec

/** Backtest errors by forecast date: absolute percentage error of year-end investment, per method. */
export const errorsByDate = (origins: ReadonlyArray<Backtest.Origin>): vl.TopLevelSpec => ({
  width: 640,
  height: 260,
  title: "各预测时点的误差 (完成投资 APE) · Errors by forecast date",
  data: {
    values: origins.flatMap((o) =>
      (Object.entries(o.scores.investment) as Array<[string, Backtest.OriginScores | null]>)
        .filter(([, s]) => s !== null)
        .map(([method, s]) => ({ origin: o.asOf, method, ape: s!.ape })))
  },
  mark: { type: "bar" },
  encoding: {
    x: { field: "origin", type: "ordinal", title: "预测时点 Forecast date" },
    xOffset: { field: "method" },
    y: { field: "ape", type: "quantitative", title: "APE", axis: { format: ".0%" } },
    color: { field: "method", type: "nominal", title: "方法 Method" }
  }
}) as vl.TopLevelSpec

/** A reliability diagram: each bin's mean forecast probability against the share that happened, sized by count. */
export const reliability = (bins: ReadonlyArray<Accuracy.ReliabilityBin>): vl.TopLevelSpec => ({
  width: 360,
  height: 360,
  title: "可靠性 · Reliability",
  layer: [
    { data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] }, mark: { type: "line", color: "#999", strokeDash: [4, 3] }, encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } },
    {
      data: { values: bins.filter((b) => b.count > 0).map((b) => ({ forecast: b.meanForecast, observed: b.observed, count: b.count })) },
      mark: { type: "line", point: true, color: "#3182bd" },
      encoding: {
        x: { field: "forecast", type: "quantitative", title: "预测概率 Forecast P(miss)", scale: { domain: [0, 1] }, axis: { format: ".0%" } },
        y: { field: "observed", type: "quantitative", title: "实际比例 Observed", scale: { domain: [0, 1] }, axis: { format: ".0%" } }
      }
    },
    {
      data: { values: bins.filter((b) => b.count > 0).map((b) => ({ forecast: b.meanForecast, observed: b.observed, count: b.count })) },
      mark: { type: "circle", color: "#3182bd", opacity: 0.5 },
      encoding: { x: { field: "forecast", type: "quantitative" }, y: { field: "observed", type: "quantitative" }, size: { field: "count", type: "quantitative", title: "项目 Projects" } }
    }
  ]
}) as vl.TopLevelSpec
