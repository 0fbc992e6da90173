/**
 * How a forecast is shown: the JSON contract (money in 万元 rounded to 0.01,
 * ratios as fractions, units stated once), or a table in 亿元 and
 * percentages with the year-end completion of the plan, the probability of
 * meeting each target, the simple methods, and a warning when the model's
 * error rests on too little history.
 */
import { Units } from "@groundbreak/domain"
import { type Forecast, type GroupForecast, Methods, type Summary } from "@groundbreak/forecast"
import * as JsonOutput from "./JsonOutput.ts"
import { fill, groupName, type Lang, label, methodName, metricName } from "./Labels.ts"
import { plainTable } from "./Tables.ts"

/** The result as JSON-ready data (money rounded, units stated by the caller). */
export const toData = (r: Forecast.ForecastResult) => ({
  scenario: r.scenario,
  year: r.year,
  asOf: r.asOf,
  knownAt: r.knownAt,
  paths: r.paths,
  seed: r.seed,
  investment: JsonOutput.moneyRecord(r.investment),
  plannedInvestment: JsonOutput.moneyRecord(r.plannedInvestment),
  completionRate: r.completionRate,
  startRate: r.startRate,
  startResumeRate: r.startResumeRate,
  commissioned: r.commissioned,
  targets: r.targets.map((t) => t.metric === "investment" ? { ...t, target: JsonOutput.money(t.target) } : t),
  history: r.history,
  /** The investment forecast to lead with: the combination when it beat the simulation in the backtests. */
  headline: r.combined.headline ? "combined" : "simulation",
  methods: Object.fromEntries(Object.entries(r.methods).map(([k, m]) => [k, { ...m, investment: JsonOutput.money(m.investment) }])),
  combined: {
    ...r.combined,
    investment: JsonOutput.moneyRecord(r.combined.investment),
    backtests: r.combined.backtests.map((b) => JsonOutput.moneyRecord(b))
  },
  model: r.model
})

export const toJson = (
  r: Forecast.ForecastResult,
  warnings: ReadonlyArray<string> = [],
  groups?: ReadonlyArray<GroupForecast.GroupForecast>
): string =>
  JsonOutput.document({
    ...toData(r),
    warnings,
    ...(groups === undefined ? {} : {
      groups: groups.map((g) => ({ ...g, planned: JsonOutput.money(g.planned), investment: JsonOutput.moneyRecord(g.investment) }))
    })
  })

/** The warning printed (and reported) when the model's error rests on fewer than two earlier years; undefined otherwise. */
export const historyWarning = (r: Forecast.ForecastResult, lang: Lang): string | undefined =>
  r.history.enough ? undefined : fill("thinHistory", lang, { n: r.history.modelErrorYears })

type Kind = "money" | "rate" | "count"

const cell = (value: number | null, kind: Kind): string =>
  value === null || !Number.isFinite(value) ? "—" : kind === "money" ? Units.formatYi(value) : kind === "rate" ? Units.formatPercent(value) : value.toFixed(0)

const row = (name: string, d: Summary.Distribution, kind: Kind) =>
  [name, cell(d.actualToDate, kind), cell(d.mean, kind), cell(d.p10, kind), cell(d.p50, kind), cell(d.p90, kind)]

/** Per-group year-end distributions: investment P10–P90, start rates, the probability of completing the group's plan. */
const groupTable = (groups: ReadonlyArray<GroupForecast.GroupForecast>, by: "district" | "sector" | "kind" | undefined, lang: Lang): string => {
  const table = plainTable([label("group", lang), label("plannedYi", lang), `${label("investmentYi", lang)} P10`, "P50", "P90", `${label("startRate", lang)} P50`,
    `${label("startResumeRate", lang)} P50`, label("pCompletePlan", lang),
    ...(groups.some((g) => g.pStartRateTarget !== null) ? [`P(${label("startRate", lang)} ≥ ${label("target", lang)})`] : [])])
  for (const g of groups) {
    table.push([groupName(g.key, by, lang), Units.formatYi(g.planned), cell(g.investment.p10, "money"), cell(g.investment.p50, "money"), cell(g.investment.p90, "money"),
      cell(g.startRate.p50, "rate"), cell(g.startResumeRate.p50, "rate"), cell(g.pCompletePlan, "rate"), ...(g.pStartRateTarget !== null ? [cell(g.pStartRateTarget, "rate")] : [])])
  }
  return table.toString()
}

export const toTable = (
  r: Forecast.ForecastResult,
  lang: Lang,
  groups?: ReadonlyArray<GroupForecast.GroupForecast>,
  by?: "district" | "sector" | "kind"
): string => {
  const head = `${label("scenario", lang)}: ${r.scenario} · ${label("forecastTitle", lang)} ${r.year} · D ${r.asOf} · K ${r.knownAt} · ${r.paths} ${label("paths", lang)} · ${label("seed", lang)} ${r.seed}`
  const main = plainTable([label("metric", lang), label("toDate", lang), label("mean", lang), "P10", "P50", "P90"])
  // The combination leads when it beat the simulation in the backtests; the simulation stays beside it.
  if (r.combined.headline) {
    main.push(row(`${label("investmentYi", lang)} · ${methodName("combined", lang)} (${label("headline", lang)})`, r.combined.investment, "money"))
    main.push(row(`${label("investmentYi", lang)} · ${methodName("simulation", lang)}`, r.investment, "money"))
  } else {
    main.push(row(label("investmentYi", lang), r.investment, "money"))
  }
  main.push(row(label("plannedYi", lang), r.plannedInvestment, "money"))
  main.push(row(label("completionRate", lang), r.completionRate, "rate"))
  main.push(row(label("startRate", lang), r.startRate, "rate"))
  main.push(row(label("startResumeRate", lang), r.startResumeRate, "rate"))
  main.push(row(label("commissionedCount", lang), r.commissioned, "count"))
  const warning = historyWarning(r, lang)
  const parts = [head, main.toString(), ...(warning === undefined ? [] : [warning])]
  if (r.targets.length > 0) {
    const targets = plainTable([label("target", lang), "", label("probability", lang)])
    for (const target of r.targets) {
      targets.push([
        metricName(target.metric, lang),
        target.metric === "investment" ? Units.formatYi(target.target) : Units.formatPercent(target.target),
        Units.formatPercent(target.probability)
      ])
    }
    parts.push(targets.toString())
  }
  const methods = plainTable([label("simpleMethods", lang), ""])
  methods.push([`${methodName("simulation", lang)} P50`, cell(r.investment.p50, "money")])
  for (const method of Methods.simpleNames) methods.push([methodName(method, lang), cell(r.methods[method].investment, "money")])
  const c = r.combined.investment
  methods.push([
    label("combinedForecast", lang),
    `${cell(c.p50, "money")} (${cell(c.p10, "money")}–${cell(c.p90, "money")})${r.combined.headline ? ` · ${label("combinedHeadline", lang)}` : ""}`
  ])
  parts.push(methods.toString())
  if (groups !== undefined) parts.push(groupTable(groups, by, lang))
  return parts.join("\n")
}
