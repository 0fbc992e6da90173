/**
 * How a forecast is shown: the JSON contract (raw numbers: money in 万元,
 * ratios as fractions), or a table in 亿元 and percentages with the
 * probability of meeting each target.
 */
import { plainTable } from "./Tables.ts"
import { Units } from "@groundbreak/domain"
import type { Forecast, Summary } from "@groundbreak/forecast"
import type { Lang } from "./Labels.ts"

export const toJson = (r: Forecast.ForecastResult): string =>
  JSON.stringify(
    {
      scenario: r.scenario,
      year: r.year,
      asOf: r.asOf,
      knownAt: r.knownAt,
      paths: r.paths,
      seed: r.seed,
      investment: r.investment,
      startRate: r.startRate,
      startResumeRate: r.startResumeRate,
      commissioned: r.commissioned,
      targets: r.targets,
      methods: r.methods,
      model: r.model
    },
    null,
    2
  )

const text = {
  title: { zh: "年末预测", en: "Year-end forecast" },
  metric: { zh: "指标", en: "Metric" },
  toDate: { zh: "截至目前", en: "To date" },
  mean: { zh: "均值", en: "Mean" },
  investment: { zh: "完成投资(亿元)", en: "Completed investment (100M yuan)" },
  startRate: { zh: "开工率", en: "Start rate" },
  startResumeRate: { zh: "开复工率", en: "Start-and-resume rate" },
  commissioned: { zh: "竣工投产(个)", en: "Commissioned (projects)" },
  target: { zh: "目标", en: "Target" },
  probability: { zh: "达成概率", en: "Probability of meeting it" },
  methods: { zh: "简单方法(完成投资, 亿元)", en: "Simple methods (investment, 100M yuan)" },
  runRate: { zh: "按进度外推", en: "Run-rate" },
  seasonalShare: { zh: "季节占比法", en: "Seasonal share" },
  regression: { zh: "累计曲线回归", en: "Cumulative regression" },
  simulation: { zh: "模拟 P50", en: "Simulation P50" },
  paths: { zh: "条路径", en: "paths" },
  seed: { zh: "随机种子", en: "seed" },
  scenario: { zh: "情景", en: "Scenario" }
} as const
type Key = keyof typeof text
const t = (key: Key, lang: Lang) => text[key][lang]

const cell = (value: number | null, kind: "money" | "rate" | "count"): string =>
  value === null ? "—" : kind === "money" ? Units.formatYi(value) : kind === "rate" ? Units.formatPercent(value) : Units.formatNumber(value, kind === "count" ? 0 : 1)

const row = (label: string, d: Summary.Distribution, kind: "money" | "rate" | "count") =>
  [label, cell(d.actualToDate, kind), cell(d.mean, kind), cell(d.p10, kind), cell(d.p50, kind), cell(d.p90, kind)]

export const toTable = (r: Forecast.ForecastResult, lang: Lang): string => {
  const head = `${t("scenario", lang)}: ${r.scenario} · ${t("title", lang)} ${r.year} · D ${r.asOf} · K ${r.knownAt} · ${r.paths} ${t("paths", lang)} · ${t("seed", lang)} ${r.seed}`
  const main = plainTable([t("metric", lang), t("toDate", lang), t("mean", lang), "P10", "P50", "P90"])
  main.push(row(t("investment", lang), r.investment, "money"))
  main.push(row(t("startRate", lang), r.startRate, "rate"))
  main.push(row(t("startResumeRate", lang), r.startResumeRate, "rate"))
  main.push(row(t("commissioned", lang), r.commissioned, "count"))
  const parts = [head, main.toString()]
  if (r.targets.length > 0) {
    const targets = plainTable([t("target", lang), "", t("probability", lang)])
    for (const target of r.targets) {
      targets.push([
        t(target.metric, lang),
        target.metric === "investment" ? Units.formatYi(target.target) : Units.formatPercent(target.target),
        Units.formatPercent(target.probability)
      ])
    }
    parts.push(targets.toString())
  }
  const methods = plainTable([t("methods", lang), ""])
  methods.push([t("simulation", lang), cell(r.investment.p50, "money")])
  methods.push([t("runRate", lang), Units.formatYi(r.methods.runRate.investment)])
  methods.push([t("seasonalShare", lang), Units.formatYi(r.methods.seasonalShare.investment)])
  methods.push([t("regression", lang), Units.formatYi(r.methods.regression.investment)])
  parts.push(methods.toString())
  return parts.join("\n")
}
