/**
 * Every label Groundbreak prints, in the two languages it speaks: Chinese, as
 * the bureaus write, and English. Code names (sectors, methods, assumption
 * knobs, the unknown group) are translated here, so no `runRate` or
 * `industrial` reaches a Chinese table.
 */
import { Sectors } from "@groundbreak/domain"
import { Kpis } from "@groundbreak/indicators"
import { Knobs } from "@groundbreak/scenario"
import { Methods } from "@groundbreak/forecast"
import * as WarningLabels from "@groundbreak/warnings/WarningLabels"

export type Lang = "zh" | "en"

/** A money unit as shown in a label: 亿元 in tables, 万元 in CSV. */
const moneyUnit = { yi: { zh: "(亿元)", en: " (100M yuan)" }, wan: { zh: "(万元)", en: " (10k yuan)" } } as const

/** An indicator's label as shown, money with its unit (亿元 in tables, 万元 in CSV). */
export const indicatorLabel = (indicator: Kpis.Indicator, lang: Lang, money: "yi" | "wan" = "yi"): string =>
  indicator.unit === "wan" ? `${indicator.label[lang]}${moneyUnit[money][lang]}` : indicator.label[lang]

/** The label of every indicator, keyed by its name, as tables show them. */
const kpiLabels = Object.fromEntries(
  Kpis.indicators.map((i) => [i.name, { zh: indicatorLabel(i, "zh"), en: indicatorLabel(i, "en") }])
) as { readonly [K in Kpis.KpiName]: { readonly zh: string; readonly en: string } }

const labels = {
  // Indicators (KPI fields): declared with the indicators, in `Kpis`
  ...kpiLabels,
  total: { zh: "合计", en: "Total" },
  indicator: { zh: "指标", en: "Indicator" },
  value: { zh: "数值", en: "Value" },
  district: { zh: "区县", en: "District" },
  sector: { zh: "行业", en: "Sector" },
  kind: { zh: "类别", en: "Kind" },
  new: { zh: "新建", en: "new" },
  continuing: { zh: "续建", en: "continuing" },
  asOf: { zh: "统计截至", en: "As of" },
  knownAt: { zh: "数据口径(已知时点)", en: "As known at" },
  year: { zh: "年度", en: "Year" },
  // Forecasts
  forecastTitle: { zh: "年末预测", en: "Year-end forecast" },
  scenario: { zh: "情景", en: "Scenario" },
  metric: { zh: "指标", en: "Metric" },
  toDate: { zh: "截至目前", en: "To date" },
  mean: { zh: "均值", en: "Mean" },
  investmentYi: { zh: "完成投资(亿元)", en: "Completed investment (100M yuan)" },
  group: { zh: "分组", en: "Group" },
  combinedForecast: { zh: "组合预测 P50(P10–P90, 按回测加权)", en: "Combination P50 (P10–P90, weighted by backtests)" },
  combinedHeadline: { zh: "回测优于模拟, 作为主预测", en: "beat the simulation in backtests: the headline" },
  headline: { zh: "主预测", en: "headline" },
  weight: { zh: "权重", en: "weight" },
  pCompletePlan: { zh: "完成年度计划概率", en: "P(plan completed)" },
  plannedYi: { zh: "年度计划投资(亿元)", en: "Annual planned investment (100M yuan)" },
  commissionedCount: { zh: "竣工投产(个)", en: "Commissioned (projects)" },
  target: { zh: "目标", en: "Target" },
  probability: { zh: "达成概率", en: "Probability of meeting it" },
  simpleMethods: { zh: "简单方法(完成投资, 亿元)", en: "Simple methods (investment, 100M yuan)" },
  paths: { zh: "条路径", en: "paths" },
  seed: { zh: "随机种子", en: "seed" },
  thinHistory: {
    zh: "注意: 模型误差只来自 {n} 个往年 (少于 2 个), P10–P90 区间偏窄, 低估了不确定性",
    en: "Note: the model error comes from {n} earlier year(s) (fewer than two), so the P10–P90 band is too narrow and understates the uncertainty"
  },
  cappedAsOf: {
    zh: "{asked} 在 {year} 年度之后: 按 {year}-12-31 统计 (年度计划的统计期截至年末)",
    en: "{asked} is after plan year {year}: counted as of {year}-12-31 (a plan year's window ends on 31 December)"
  },
  // Backtests
  backtestTitle: { zh: "回测", en: "Backtest" },
  origins: { zh: "个预测时点", en: "origins" },
  method: { zh: "方法", en: "Method" },
  n: { zh: "次数", en: "n" },
  bias: { zh: "偏差", en: "bias" },
  mape: { zh: "平均绝对百分比误差", en: "MAPE" },
  coverage: { zh: "P10–P90 覆盖率", en: "P10–P90 coverage" },
  coverageGap: { zh: "与 80% 之差", en: "gap to 80%" },
  winkler: { zh: "Winkler 区间得分", en: "Winkler" },
  pinball: { zh: "分位数损失", en: "pinball" },
  crps: { zh: "CRPS", en: "CRPS" },
  skill: { zh: "相对按月均推算的技能", en: "skill vs run-rate" },
  actualYi: { zh: "实际(亿元)", en: "actual (100M yuan)" },
  actualStartRate: { zh: "实际开工率", en: "actual start rate" },
  simulationP50: { zh: "模拟 P50", en: "simulation P50" },
  // Comparisons
  compareTitle: { zh: "个情景, 同一组合与同一组随机数", en: "scenarios on the same portfolio and random numbers" },
  perScenario: { zh: "每个情景", en: "each" },
  sensitivity: { zh: "敏感性", en: "sensitivity" },
  low: { zh: "低值", en: "low" },
  high: { zh: "高值", en: "high" },
  atLow: { zh: "低值时完成投资(亿元)", en: "investment at low (100M yuan)" },
  atHigh: { zh: "高值时", en: "at high" },
  swing: { zh: "摆幅", en: "swing" },
  startRateAtLow: { zh: "低值时开工率", en: "start rate at low" },
  // Series
  seriesHead: { zh: "{file}: 截至 {asOf} 为 {toDate}; 据 {years} 年预测年末值", en: "{file}: {toDate} to {asOf}; year-end forecast from {years}" },
  seriesBacktestHead: { zh: "{file}: 在 {years} 年的第 {month} 月预测", en: "{file}: forecasts at month {month} of {years}" },
  seriesNoOrigin: { zh: "{file}: 没有既有 12 月数值又有更早完整年份可学习的年份", en: "{file}: no year has both a December value and an earlier full year to learn from" },
  // Scenario check
  valid: { zh: "有效情景", en: "valid scenario" },
  namesNotChecked: { zh: "未核对区县和行业名称: 情景未指定项目组合 (请给出 --store)", en: "names not checked: it names no portfolio (give --store)" },
  namesFound: { zh: "所列区县和行业均在项目组合中", en: "its names found in the portfolio" },
  diffColumn: { zh: "逐路径差值", en: "path by path" },
  diffNote: {
    zh: "差值列为同一随机数下逐路径 B − A 的分位数, 其 P10–P90 是差值本身的区间, 不是两个情景区间之差",
    en: "the difference columns are B − A on each path (the same random numbers), summarized: its P10–P90 is the spread of the difference itself, not of either scenario"
  },
  portfolioOf: { zh: "项目组合", en: "portfolio" },
  figure: { zh: "指标", en: "figure" },
  published: { zh: "公布值", en: "published" },
  reproduced: { zh: "复现值", en: "reproduced" },
  declared: { zh: "已声明", en: "declared" },
  reproducedBy: {
    zh: "截至 {asOf} 的公布数据 (已知时点 {knownAt}), 由 {events} 条事件的合成台账复现:",
    en: "published figures as of {asOf} (known at {knownAt}), reproduced by a synthesized ledger of {events} events:"
  },
  cannotReproduce: { zh: "无法复现", en: "cannot be reproduced" },
  allReproduced: { zh: "✓ 全部公布数据均已复现", en: "✓ every published figure is reproduced" },
  othersReproduced: { zh: "✓ 其余公布数据均已复现", en: "✓ every other published figure is reproduced" },
  // Warnings and rankings
  warnTitle: { zh: "项目预警(红黄绿灯)", en: "Project warnings (red / yellow / green)" },
  warnRules: WarningLabels.words.rules,
  warnPace: WarningLabels.words.pace,
  warnRed: WarningLabels.words.red,
  warnYellow: WarningLabels.words.yellow,
  warnGreen: WarningLabels.words.green,
  warnColour: { zh: "灯色", en: "Colour" },
  warnProject: WarningLabels.words.project,
  warnProgress: WarningLabels.words.planDone,
  warnBehind: { zh: "落后序时(百分点)", en: "Behind pace (points)" },
  warnReasons: WarningLabels.words.reasons,
  warnPMiss: { zh: "完不成概率", en: "P(miss)" },
  warnChanges: { zh: "较上月调度会", en: "Since last month's meeting" },
  warnNoPrevious: WarningLabels.words.noPrevious,
  warnNewRed: WarningLabels.words.newRed,
  warnRecovered: WarningLabels.words.recovered,
  warnStillRed: WarningLabels.words.stillRed,
  warnMonths: { zh: "个月", en: "months" },
  warnNone: WarningLabels.words.none,
  warnLikely: WarningLabels.words.likely,
  warnMissing: WarningLabels.words.riskOf,
  warnPlanYi: WarningLabels.words.planWan,
  warnYearEnd: WarningLabels.words.yearEndRange,
  warnRanking: { zh: "排名(完成年度计划由低到高)", en: "Ranking (lowest completion of the annual plan first)" },
  warnRank: WarningLabels.words.rank,
  warnGap: { zh: "差距", en: "Gap" },
  warnPreviousRank: { zh: "上月排名", en: "Last month" },
  warnChange: { zh: "变化", en: "Change" }
} as const

export type LabelKey = keyof typeof labels

export const label = (key: LabelKey, lang: Lang): string => labels[key][lang]

/** A label with `{name}` placeholders filled in. */
export const fill = (key: LabelKey, lang: Lang, values: Readonly<Record<string, string | number>>): string =>
  label(key, lang).replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))

const unknownNames = new Set(["(unknown)"])

/** A group key (district, sector or kind) as shown: sectors and kinds translated, the unknown group named. */
export const groupName = (key: string, by: "district" | "sector" | "kind" | undefined, lang: Lang): string => {
  if (unknownNames.has(key)) return lang === "zh" ? "未知" : "(unknown)"
  if (by === "kind" && (key === "new" || key === "continuing")) return label(key, lang)
  if (by === "sector") return Sectors.label(key, lang)
  return key
}


/** A forecasting method's name as shown: declared with the method (Methods.labels). */
export const methodName = (method: string, lang: Lang): string =>
  (Methods.labels as Readonly<Record<string, { zh: string; en: string }>>)[method]?.[lang] ?? method

/** An assumption knob of the tornado (`pace.month 10`) as shown (`10月施工强度`): see `Knobs`. */
export const knobName = (name: string, lang: Lang): string => Knobs.label(name, lang)

/** A knob's low or high value label as shown. */
export const knobValue = (value: string, lang: Lang): string => Knobs.valueLabel(value, lang)

const metricKeys = { investment: "investmentYi", startRate: "startRate", startResumeRate: "startResumeRate" } as const

/** A forecast metric (a target's) as shown. */
export const metricName = (metric: keyof typeof metricKeys, lang: Lang): string => label(metricKeys[metric], lang)

/** A target as a condition: `完成投资 ≥ 1600.0亿元`, `开工率 ≥ 90.0%`. */
export const targetCondition = (metric: keyof typeof metricKeys, shownValue: string, lang: Lang): string =>
  metric === "investment"
    ? lang === "zh" ? `完成投资 ≥ ${shownValue}亿元` : `completed investment ≥ ${shownValue} (100M yuan)`
    : `${metricName(metric, lang)} ≥ ${shownValue}`
