/** `groundbreak backtest`: forecasts made at past dates, each as known then, scored against how the years ended. */
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { plainTable } from "../Tables.ts"
import { Units } from "@groundbreak/domain"
import { Backtest } from "@groundbreak/forecast"
import { progressBar } from "../Progress.ts"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import { badFlag, userFacing } from "../UserFacing.ts"
import { pathsFlag, reportFlag, seedFlag, writeReport } from "./ForecastCommand.ts"
import { Reports } from "@groundbreak/report"
import { RulesFile, WarningsBacktest } from "@groundbreak/warnings"

const num = (v: number | null, kind: "money" | "rate" | "plain" | "pct") =>
  v === null || Number.isNaN(v) ? "—" : kind === "money" ? Units.formatYi(v) : kind === "rate" || kind === "pct" ? Units.formatPercent(v) : v.toFixed(3)

export const toTable = (r: Backtest.BacktestResult): string => {
  const parts: Array<string> = [`backtest: ${r.origins.length} origins (${r.years.join(", ")} × ${r.asOfs.join(", ")}), ${r.paths} paths, seed ${r.seed}`]
  for (const metric of Backtest.metrics) {
    const money = metric === "investment"
    const table = plainTable([money ? "investment (亿元)" : "start rate", "n", "bias", "MAPE", "P10–P90 coverage", "gap to 80%", "Winkler", "pinball", "CRPS", "skill vs run-rate"])
    for (const s of r.scores.filter((x) => x.metric === metric)) {
      const unit = money ? "money" : "rate"
      table.push([s.method, String(s.origins), num(s.bias, unit), num(s.mape, "pct"), num(s.coverage, "pct"), s.coverageGap === null ? "—" : `${s.coverageGap >= 0 ? "+" : ""}${Units.formatPercent(s.coverageGap)}`,
        num(s.winkler, unit), num(s.pinball, unit), num(s.crps, unit), s.skill === null ? "—" : s.skill.toFixed(2)])
    }
    parts.push(table.toString())
  }
  const origins = plainTable(["year", "as of", "actual (亿元)", "P10", "P50", "P90", "run-rate", "seasonal", "regression", "actual start rate", "sim P50"], ["left", "left", "right", "right", "right", "right", "right", "right", "right", "right", "right"])
  for (const o of r.origins) {
    const i = o.forecasts.investment
    origins.push([String(o.year), o.asOf, Units.formatYi(o.actual.investment), num(i.simulation?.p10 ?? null, "money"), num(i.simulation?.point ?? null, "money"),
      num(i.simulation?.p90 ?? null, "money"), num(i.runRate?.point ?? null, "money"), num(i.seasonalShare?.point ?? null, "money"),
      num(i.regression?.point ?? null, "money"), Units.formatPercent(o.actual.startRate), num(o.forecasts.startRate.simulation?.point ?? null, "rate")])
  }
  parts.push(origins.toString())
  return parts.join("\n")
}

/** The warnings backtest: Brier scores, the colours as forecasts, the reliability table. */
export const warningsTable = (w: WarningsBacktest.WarningsBacktestResult): string => {
  const head = `warnings backtest: ${w.projects} project-origins (${w.years.join(", ")} × ${w.asOfs.join(", ")}), base rate of missing ${num(w.baseRate, "pct")}`
  const brier = plainTable(["forecast of a miss", "Brier score"])
  brier.push(["simulation: probability of missing", num(w.brier.simulation, "plain")])
  brier.push(["rules: red = 1, else 0", num(w.brier.red, "plain")])
  brier.push(["rules: red or yellow = 1, else 0", num(w.brier.redOrYellow, "plain")])
  brier.push(["base rate, for every project", num(w.brier.baseRate, "plain")])
  const colours = plainTable(["colour at the origin", "projects", "missed", "mean P(miss)"])
  for (const c of w.byColour) colours.push([c.colour, String(c.count), num(c.missed, "pct"), num(c.meanPMiss, "pct")])
  const reliability = plainTable(["P(miss) bin", "projects", "mean forecast", "observed"])
  for (const b of w.reliability) reliability.push([`${Math.round(b.from * 100)}–${Math.round(b.to * 100)}%`, String(b.count), num(b.meanForecast, "pct"), num(b.observed, "pct")])
  return [head, brier.toString(), colours.toString(), reliability.toString()].join("\n")
}

const list = (text: string, pattern: RegExp) => text.split(",").map((s) => s.trim()).filter((s) => s.length > 0).every((s) => pattern.test(s))

export const backtestCommand = Command.make(
  "backtest",
  {
    scenario: Argument.String("scenario").pipe(Argument.withDescription("Scenario file (its assumptions apply at every origin)"), Argument.optional),
    store: storeFlag,
    years: Flag.String("years").pipe(Flag.withDescription("Plan years to backtest, e.g. 2021,2022,2023")),
    asOf: Flag.String("as-of").pipe(Flag.withDescription("Forecast dates within each year, MM-DD,MM-DD, e.g. 06-30,09-30")),
    paths: pathsFlag,
    seed: seedFlag,
    format: Flag.Literals("format", ["table", "json"]).pipe(Flag.withDefault("table")),
    report: reportFlag,
    warnings: Flag.Boolean("warnings").pipe(
      Flag.withDescription("Also backtest the early warnings: each project's probability of missing against what happened, beside the rules' colours"),
      Flag.withDefault(false)
    ),
    rules: Flag.String("rules").pipe(Flag.withDescription("Warning rules file for --warnings (default: the shipped rules)"), Flag.optional)
  },
  Effect.fn(function*(flags) {
    if (!list(flags.years, /^\d{4}$/)) return yield* badFlag("years", "years separated by commas, e.g. 2021,2022", flags.years).pipe(userFacing)
    if (!list(flags.asOf, /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)) return yield* badFlag("as-of", "MM-DD dates separated by commas, e.g. 06-30,09-30", flags.asOf).pipe(userFacing)
    const years = flags.years.split(",").map((y) => Number(y.trim()))
    const asOfs = flags.asOf.split(",").map((d) => d.trim())
    const context = yield* ScenarioContext.resolve({
      scenario: flags.scenario, store: flags.store, year: Option.some(years[0]!), asOf: Option.some(`${years[0]}-${asOfs[0]}`),
      knownAt: Option.none(), paths: flags.paths, seed: flags.seed
    }).pipe(userFacing)
    const paths = Option.getOrElse(flags.paths, () => 1000)
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
      ? JSON.stringify(warnings === undefined ? result : { ...result, warnings }, null, 2)
      : toTable(result) + (warnings === undefined ? "" : "\n" + warningsTable(warnings)))
    yield* writeReport(flags.report, () => Reports.backtestReport(result, warnings))
  })
).pipe(Command.withDescription("Backtest the forecast (and the simple methods) at past dates against actual year ends"))
