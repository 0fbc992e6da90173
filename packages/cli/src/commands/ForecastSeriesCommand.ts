/** `groundbreak forecast-series FILE.csv --as-of YYYY-MM`: year-end forecast from a published cumulative series. */
import { readFileSync } from "node:fs"
import { Console, Effect } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { plainTable } from "../Tables.ts"
import { Calendar } from "@groundbreak/domain"
import { Series } from "@groundbreak/forecast"
import { badFlag, BadInput, userFacing } from "../UserFacing.ts"

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 })

export const forecastSeriesCommand = Command.make(
  "forecast-series",
  {
    file: Argument.String("file").pipe(Argument.withDescription("CSV with columns period (YYYY-MM) and value (cumulative year to date, any unit)")),
    asOf: Flag.String("as-of").pipe(Flag.withDescription("The last month the forecast knows, YYYY-MM")),
    format: Flag.Literals("format", ["table", "json"]).pipe(Flag.withDefault("table"))
  },
  Effect.fn(function*({ file, asOf, format }) {
    const month = Calendar.parseMonth(asOf)
    if (month === undefined) return yield* badFlag("as-of", "a month YYYY-MM", asOf).pipe(userFacing)
    const result = yield* Effect.try({
      try: () => Series.forecast(Series.readCsv(readFileSync(file, "utf8"), file), month),
      catch: (e) => new BadInput((e as Error).message)
    }).pipe(userFacing)
    if (format === "json") return yield* Console.log(JSON.stringify(result, null, 2))
    const table = plainTable(["method", "mean", "P10", "P50", "P90"])
    for (const [name, f] of [["seasonal share", result.seasonalShare], ["regression", result.regression], ["combined", result.combined]] as const) {
      table.push([name, fmt(f.mean), fmt(f.p10), fmt(f.p50), fmt(f.p90)])
    }
    yield* Console.log(`${file}: ${fmt(result.toDate)} to ${result.asOf}; year-end forecast from ${result.years.join(", ")}`)
    yield* Console.log(table.toString())
  })
).pipe(Command.withDescription("Forecast the year-end value of a published cumulative series (seasonal share and regression)"))

/** `groundbreak backtest-series FILE.csv --as-of MM`: the series forecast made at month MM of every past year, scored. */
export const backtestSeriesCommand = Command.make(
  "backtest-series",
  {
    file: Argument.String("file").pipe(Argument.withDescription("CSV with columns period (YYYY-MM) and value (cumulative year to date)")),
    asOf: Flag.String("as-of").pipe(Flag.withDescription("The month of each year the forecast is made at, MM")),
    format: Flag.Literals("format", ["table", "json"]).pipe(Flag.withDefault("table"))
  },
  Effect.fn(function*({ file, asOf, format }) {
    const month = /^(0?[1-9]|1[0-2])$/.test(asOf) ? Number(asOf) : undefined
    if (month === undefined) return yield* badFlag("as-of", "a month MM (01–12)", asOf).pipe(userFacing)
    const result = yield* Effect.try({
      try: () => Series.backtest(Series.readCsv(readFileSync(file, "utf8"), file), month),
      catch: (e) => new BadInput((e as Error).message)
    }).pipe(userFacing)
    if (format === "json") return yield* Console.log(JSON.stringify(result, null, 2))
    if (result.origins.length === 0) return yield* Console.log(`${file}: no year has both a December value and an earlier full year to learn from`)
    const table = plainTable(["method", "n", "bias", "MAPE", "P10–P90 coverage", "Winkler", "pinball", "CRPS", "skill vs run-rate"])
    for (const s of result.scores) {
      table.push([s.method, String(s.origins), fmt(s.bias), `${(s.mape * 100).toFixed(1)}%`, s.coverage === null ? "—" : `${(s.coverage * 100).toFixed(1)}%`,
        s.winkler === null ? "—" : fmt(s.winkler), fmt(s.pinball), fmt(s.crps), s.skill === null ? "—" : s.skill.toFixed(2)])
    }
    yield* Console.log(`${file}: forecasts at month ${month} of ${result.origins.map((o) => o.year).join(", ")}`)
    yield* Console.log(table.toString())
  })
).pipe(Command.withDescription("Backtest the series forecast at a month of every past year"))
