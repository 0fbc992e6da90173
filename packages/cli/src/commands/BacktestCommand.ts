/** `groundbreak backtest`: forecasts made at past dates, each as known then, scored against how the years ended. */
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as Commands from "../Commands.ts"
import { plainTable } from "../Tables.ts"
import { Calendar, Units } from "@groundbreak/domain"
import { Backtest, Methods } from "@groundbreak/forecast"
import * as Flags from "../Flags.ts"
import * as JsonOutput from "../JsonOutput.ts"
import { type Lang, label, methodName } from "../Labels.ts"
import * as OutputFile from "../OutputFile.ts"
import { progressBar } from "../Progress.ts"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import { BadInput, userFacing } from "../UserFacing.ts"
import { checkReport, optionalScenario, reportFlag, seedFlag, writeReport } from "./ForecastCommand.ts"
import { RulesFile, WarningsBacktest } from "@groundbreak/warnings"

const num = (v: number | null, kind: "money" | "rate") =>
  v === null || !Number.isFinite(v) ? "—" : kind === "money" ? Units.formatYi(v) : Units.formatPercent(v)

export const toTable = (r: Backtest.BacktestResult, lang: Lang): string => {
  const parts: Array<string> = [
    `${label("backtestTitle", lang)}: ${r.origins.length} ${label("origins", lang)} (${r.years.join(", ")} × ${r.asOfs.join(", ")}), ${r.paths} ${label("paths", lang)}, ${label("seed", lang)} ${r.seed}`
  ]
  for (const metric of Backtest.metrics) {
    const money = metric === "investment"
    const unit = money ? "money" : "rate"
    const table = plainTable([money ? label("investmentYi", lang) : label("startRate", lang), label("n", lang), label("bias", lang), label("mape", lang),
      label("coverage", lang), label("coverageGap", lang), label("winkler", lang), label("pinball", lang), label("crps", lang), label("skill", lang)])
    for (const s of r.scores.filter((x) => x.metric === metric)) {
      table.push([methodName(s.method, lang), String(s.origins), num(s.bias, unit), num(s.mape, "rate"), num(s.coverage, "rate"),
        s.coverageGap === null ? "—" : `${s.coverageGap >= 0 ? "+" : ""}${Units.formatPercent(s.coverageGap)}`,
        num(s.winkler, unit), num(s.pinball, unit), num(s.crps, unit), s.skill === null || !Number.isFinite(s.skill) ? "—" : s.skill.toFixed(2)])
    }
    parts.push(table.toString())
  }
  const origins = plainTable(
    [label("year", lang), label("asOf", lang), label("actualYi", lang), "P10", "P50", "P90", ...Methods.simpleNames.map((m) => methodName(m, lang)),
      label("actualStartRate", lang), label("simulationP50", lang)],
    ["left", "left", ...Array.from({ length: 6 + Methods.simpleNames.length }, () => "right" as const)]
  )
  for (const o of r.origins) {
    const i = o.forecasts.investment
    origins.push([String(o.year), o.asOf, num(o.actual.investment, "money"), num(i.simulation?.p10 ?? null, "money"), num(i.simulation?.point ?? null, "money"),
      num(i.simulation?.p90 ?? null, "money"), ...Methods.simpleNames.map((m) => num(i[m]?.point ?? null, "money")),
      num(o.actual.startRate, "rate"), num(o.forecasts.startRate.simulation?.point ?? null, "rate")])
  }
  parts.push(origins.toString())
  return parts.join("\n")
}

const moneyForecast = (f: Backtest.OriginForecast | null) => f === null ? null : JsonOutput.moneyRecord(f)

/** The backtest as JSON: investment figures in 万元 rounded to 0.01, start rates as fractions. */
export const toJson = (r: Backtest.BacktestResult, warnings?: WarningsBacktest.WarningsBacktestResult): string =>
  JsonOutput.document({
    ...r,
    ...(warnings === undefined ? {} : { warningsBacktest: warnings }),
    origins: r.origins.map((o) => ({
      ...o,
      actual: { ...o.actual, investment: JsonOutput.money(o.actual.investment) },
      toDate: { ...o.toDate, investment: JsonOutput.money(o.toDate.investment) },
      forecasts: { ...o.forecasts, investment: Object.fromEntries(Object.entries(o.forecasts.investment).map(([k, f]) => [k, moneyForecast(f)])) },
      scores: {
        ...o.scores,
        investment: Object.fromEntries(Object.entries(o.scores.investment).map(([k, s]) =>
          [k, s === null ? null : { ...s, error: JsonOutput.money(s.error), winkler: JsonOutput.moneyOrNull(s.winkler), pinball: JsonOutput.money(s.pinball), crps: JsonOutput.money(s.crps) }]))
      }
    })),
    scores: r.scores.map((s) => s.metric !== "investment" ? s : {
      ...s, bias: JsonOutput.money(s.bias), winkler: JsonOutput.moneyOrNull(s.winkler), pinball: JsonOutput.money(s.pinball), crps: JsonOutput.money(s.crps)
    })
  })

const brierCell = (v: number | null) => v === null || !Number.isFinite(v) ? "—" : v.toFixed(3)

/** The warnings backtest: Brier scores, the colours as forecasts, the reliability table. */
export const warningsTable = (w: WarningsBacktest.WarningsBacktestResult): string => {
  const head = `warnings backtest: ${w.projects} project-origins (${w.years.join(", ")} × ${w.asOfs.join(", ")}), base rate of missing ${num(w.baseRate, "rate")}`
  const brier = plainTable(["forecast of a miss", "Brier score"])
  brier.push(["simulation: probability of missing", brierCell(w.brier.simulation)])
  brier.push(["rules: red = 1, else 0", brierCell(w.brier.red)])
  brier.push(["rules: red or yellow = 1, else 0", brierCell(w.brier.redOrYellow)])
  brier.push(["base rate, for every project", brierCell(w.brier.baseRate)])
  const colours = plainTable(["colour at the origin", "projects", "missed", "mean P(miss)"])
  for (const c of w.byColour) colours.push([c.colour, String(c.count), num(c.missed, "rate"), num(c.meanPMiss, "rate")])
  const reliability = plainTable(["P(miss) bin", "projects", "mean forecast", "observed"])
  for (const b of w.reliability) reliability.push([`${Math.round(b.from * 100)}–${Math.round(b.to * 100)}%`, String(b.count), num(b.meanForecast, "rate"), num(b.observed, "rate")])
  return [head, brier.toString(), colours.toString(), reliability.toString()].join("\n")
}


export const backtestCommand = Command.make(
  "backtest",
  {
    scenario: optionalScenario,
    store: storeFlag,
    years: Flags.make("years", "Plan years to backtest, e.g. 2021,2022,2023 (each year's December must be reported)", Flags.checkYears),
    asOf: Flags.make("as-of", "Forecast dates within each year, MM-DD,MM-DD, e.g. 06-30,09-30", Flags.checkMonthDays),
    paths: Flags.backtestPathsFlag,
    seed: seedFlag,
    format: Flag.Literals("format", ["table", "json"]).pipe(Flag.withDefault("table")),
    lang: Flags.lang,
    report: reportFlag,
    warnings: Flag.Boolean("warnings").pipe(
      Flag.withDescription("Also backtest the early warnings: each project's probability of missing against what happened, beside the rules' colours"),
      Flag.withDefault(false)
    ),
    rules: Flags.inputFile("rules", "Warning rules file for --warnings (default: the shipped rules)")
  },
  Effect.fn(function*(flags) {
    yield* OutputFile.checkFlag("report", flags.report).pipe(userFacing)
    const { years, asOf: asOfs } = flags
    for (const year of years) {
      for (const md of asOfs) {
        if (Calendar.parseDate(`${year}-${md}`) === undefined) {
          return yield* Effect.fail(new BadInput({ reason: `--as-of: ${md} is not a day of ${year}` })).pipe(userFacing)
        }
      }
    }
    const context = yield* ScenarioContext.resolve({
      scenario: flags.scenario, store: flags.store, year: Option.some(years[0]!), asOf: Option.some(`${years[0]}-${asOfs[0]}`),
      knownAt: Option.none(), paths: flags.paths, seed: flags.seed
    }).pipe(userFacing)
    yield* checkReport(flags.report, context.storeLabel)
    const paths = Option.getOrElse(flags.paths, () => Flags.backtestPaths)
    const bar = progressBar("backtesting", years.length * asOfs.length)
    const result = yield* Backtest.backtest({
      scenario: context.scenario, years, asOfs, paths, seed: context.seed, onOrigin: (done) => bar.update(done)
    }).pipe(Effect.ensuring(Effect.sync(() => bar.stop())), Effect.provide(context.layer), userFacing)
    const warnings = flags.warnings
      ? yield* Effect.gen(function*() {
        const rules = yield* RulesFile.load(Option.getOrUndefined(flags.rules)).pipe(userFacing)
        const wbar = progressBar("backtesting the warnings", years.length * asOfs.length)
        return yield* WarningsBacktest.backtest({ scenario: context.scenario, years, asOfs, rules, paths, seed: context.seed, onOrigin: (done) => wbar.update(done) })
          .pipe(Effect.ensuring(Effect.sync(() => wbar.stop())), Effect.provide(context.layer), userFacing)
      })
      : undefined
    yield* Console.log(flags.format === "json"
      ? toJson(result, warnings)
      : toTable(result, flags.lang) + (warnings === undefined ? "" : "\n" + warningsTable(warnings)))
    yield* writeReport(flags.report, (reports) => reports.backtestReport(result, warnings))
  })
).pipe(Command.withDescription(Commands.description("backtest")))
