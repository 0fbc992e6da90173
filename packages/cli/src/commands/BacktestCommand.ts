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
import { checkReport, pathsFlag, reportFlag, seedFlag, writeReport } from "./ForecastCommand.ts"
import { Reports } from "@groundbreak/report"

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
    report: reportFlag
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
    yield* checkReport(flags.report, context.storeLabel)
    const paths = Option.getOrElse(flags.paths, () => 1000)
    const bar = progressBar("backtesting", years.length * asOfs.length)
    const result = yield* Backtest.backtest({
      scenario: context.scenario, years, asOfs, paths, seed: context.seed, onOrigin: (done) => bar.update(done)
    }).pipe(Effect.ensuring(Effect.sync(() => bar.stop())), Effect.provide(context.layer), userFacing)
    yield* Console.log(flags.format === "json" ? JSON.stringify(result, null, 2) : toTable(result))
    yield* writeReport(flags.report, () => Reports.backtestReport(result))
  })
).pipe(Command.withDescription("Backtest the forecast (and the simple methods) at past dates against actual year ends"))
