/** `groundbreak forecast-series FILE.csv --as-of YYYY-MM`: year-end forecast from a published cumulative series. */
import { Console, Effect } from "effect"
import { Command, Flag } from "effect/cli"
import * as Commands from "../Commands.ts"
import { plainTable } from "../Tables.ts"
import { Calendar } from "@groundbreak/domain"
import { Series } from "@groundbreak/forecast"
import { UserFile } from "@groundbreak/scenario"
import * as Flags from "../Flags.ts"
import { fill, label, methodName } from "../Labels.ts"
import { BadInput, userFacing } from "../UserFacing.ts"

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 })

/** A series is in whatever unit its file uses. */
const units = { value: "the series' own unit (as in the file)", rates: "fraction" } as const

/** Reads and uses a series file (with every user file's limits: a regular UTF-8 file of at most 10 MB); a problem in it is an error naming the file. */
const withSeries = <A>(file: string, use: (points: Array<Series.SeriesPoint>) => A) =>
  UserFile.read(file).pipe(Effect.flatMap((text) =>
    Effect.try({
      try: () => use(Series.readCsv(text, file)),
      catch: (e) => e instanceof Series.SeriesInvalid ? e : new BadInput({ reason: `${file}: ${(e as Error).message}` })
    })
  ))

const seriesFile = Flags.fileArgument("file", "CSV with columns period (YYYY-MM) and value (cumulative year to date, any unit)")

export const forecastSeriesCommand = Command.make(
  "forecast-series",
  {
    file: seriesFile,
    asOf: Flags.make("as-of", "The last month the forecast knows, YYYY-MM", Flags.checkMonth),
    format: Flag.Literals("format", ["table", "json"]).pipe(Flag.withDefault("table")),
    lang: Flags.lang
  },
  Effect.fn(function*({ file, asOf, format, lang }) {
    const month = Calendar.parseMonth(asOf)!
    const result = yield* withSeries(file, (points) => Series.forecast(points, month)).pipe(userFacing)
    if (format === "json") return yield* Console.log(JSON.stringify({ units, ...result }, null, 2))
    // Every method, the combination with its weights, the headline marked.
    const table = plainTable([label("method", lang), label("mean", lang), "P10", "P50", "P90", label("weight", lang), ""])
    const mark = (name: string) => (result.headline === name ? `← ${label("headline", lang)}` : "")
    for (const name of Series.methods) {
      const f = result[name]
      table.push([methodName(name, lang), fmt(f.mean), fmt(f.p10), fmt(f.p50), fmt(f.p90), result.combined.weights[name].toFixed(2), mark(name)])
    }
    const c = result.combined
    table.push([methodName("combined", lang), fmt(c.mean), fmt(c.p10), fmt(c.p50), fmt(c.p90), "", mark("combined")])
    yield* Console.log(fill("seriesHead", lang, { file, toDate: fmt(result.toDate), asOf: result.asOf, years: result.years.join(", ") }))
    yield* Console.log(table.toString())
  })
).pipe(Command.withDescription(Commands.description("forecast-series")))

/** `groundbreak backtest-series FILE.csv --as-of MM`: the series forecast made at month MM of every past year, scored. */
export const backtestSeriesCommand = Command.make(
  "backtest-series",
  {
    file: seriesFile,
    asOf: Flags.make("as-of", "The month of each year the forecast is made at, MM", Flags.checkMonthNumber),
    format: Flag.Literals("format", ["table", "json"]).pipe(Flag.withDefault("table")),
    lang: Flags.lang
  },
  Effect.fn(function*({ file, asOf: month, format, lang }) {
    const result = yield* withSeries(file, (points) => Series.backtest(points, month)).pipe(userFacing)
    if (format === "json") return yield* Console.log(JSON.stringify({ units, ...result }, null, 2))
    if (result.origins.length === 0) return yield* Console.log(fill("seriesNoOrigin", lang, { file }))
    const table = plainTable([label("method", lang), label("n", lang), label("bias", lang), label("mape", lang), label("coverage", lang), label("winkler", lang),
      label("pinball", lang), label("crps", lang), label("skill", lang)])
    for (const s of result.scores) {
      table.push([methodName(s.method, lang), String(s.origins), fmt(s.bias), `${(s.mape * 100).toFixed(1)}%`, s.coverage === null ? "—" : `${(s.coverage * 100).toFixed(1)}%`,
        s.winkler === null ? "—" : fmt(s.winkler), fmt(s.pinball), fmt(s.crps), s.skill === null ? "—" : s.skill.toFixed(2)])
    }
    yield* Console.log(fill("seriesBacktestHead", lang, { file, month, years: result.origins.map((o) => o.year).join(", ") }))
    yield* Console.log(table.toString())
  })
).pipe(Command.withDescription(Commands.description("backtest-series")))
