/** `groundbreak forecast [SCENARIO]`: year-end distributions of investment, completion of the plan, start rates and commissionings. */
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as Commands from "../Commands.ts"
import { Forecast } from "@groundbreak/forecast"
import * as Flags from "../Flags.ts"
import * as ForecastOutput from "../ForecastOutput.ts"
import * as OutputFile from "../OutputFile.ts"
import { progressBar } from "../Progress.ts"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import { BadInput, userFacing } from "../UserFacing.ts"
import type { Reports } from "@groundbreak/report"

export const optionalScenario = Flags.optionalFileArgument("scenario", "Scenario file (YAML or JSON); without it, the baseline")
export const yearFlag = Flags.year("Plan year, 1990–2100 (default: the scenario's, else the year of --as-of)")
export const asOfFlag = Flags.asOf("Forecast date D, YYYY-MM-DD, within the plan year (default: the scenario's, else today)")
export const knownAtFlag = Flags.knownAt("asOf")
export const pathsFlag = Flags.paths
export const seedFlag = Flags.seed
export const reportFlag = Flags.file("report", "Also write a self-contained HTML report with charts to this file")

/** Refuses, before the work starts, a report path that cannot or must not be written (a missing folder, the store). */
export const checkReport = (file: Option.Option<string>, store: string) =>
  Option.isNone(file) ? Effect.void : OutputFile.check(file.value, { store, flag: "report" }).pipe(userFacing)

/** Writes an HTML report when asked (whole or not at all), and says where; the charting libraries load only then. */
export const writeReport = (file: Option.Option<string>, render: (reports: typeof Reports) => Promise<string>) =>
  Option.isNone(file)
    ? Effect.void
    : Effect.tryPromise({
      try: () => import("@groundbreak/report").then(({ Reports }) => render(Reports)),
      catch: (e) => new BadInput({ reason: `cannot render the report: ${(e as Error).message}` })
    }).pipe(
      Effect.flatMap((html) => OutputFile.writeFile(file.value, html)),
      Effect.flatMap(() => Console.error(`report written to ${file.value}`)),
      userFacing
    )

export const forecastCommand = Command.make(
  "forecast",
  {
    scenario: optionalScenario,
    store: storeFlag,
    year: yearFlag,
    asOf: asOfFlag,
    knownAt: knownAtFlag,
    paths: pathsFlag,
    seed: seedFlag,
    format: Flag.Literals("format", ["table", "json"]).pipe(Flag.withDefault("table")),
    lang: Flags.lang,
    report: reportFlag,
    by: Flag.Literals("by", ["district", "sector", "kind"]).pipe(
      Flag.withDescription("Also give the year-end distributions per group (they add up to the total on every path)"),
      Flag.optional
    )
  },
  Effect.fn(function*(flags) {
    yield* OutputFile.checkFlag("report", flags.report).pipe(userFacing)
    const context = yield* ScenarioContext.resolve(flags).pipe(userFacing)
    yield* checkReport(flags.report, context.storeLabel)
    const bar = progressBar(`simulating ${context.paths} paths`, context.paths)
    const output = yield* Forecast.forecast({
      scenario: context.scenario,
      year: context.year,
      asOf: context.asOf,
      knownAt: context.knownAt,
      paths: context.paths,
      seed: context.seed,
      onProgress: bar.update,
      ...(Option.isSome(flags.by) ? { groupBy: flags.by.value } : {})
    }).pipe(Effect.ensuring(Effect.sync(() => bar.stop())), Effect.provide(context.layer), userFacing)
    const result = output.result
    const by = Option.getOrUndefined(flags.by)
    yield* Console.log(flags.format === "json"
      ? ForecastOutput.toJson(result, context.warnings, output.groups)
      : ForecastOutput.toTable(result, flags.lang, output.groups, by))
    // The table carries its own warning; JSON readers get it on standard error as well as in `history`.
    const warning = ForecastOutput.historyWarning(result, flags.lang)
    if (flags.format === "json" && warning !== undefined) yield* Console.error(warning)
    yield* writeReport(flags.report, (reports) => reports.forecastReport(output, context.scenario.question))
  })
).pipe(Command.withDescription(Commands.description("forecast")))
