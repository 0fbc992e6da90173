/** `groundbreak forecast [SCENARIO]`: year-end distributions of investment, start rates and commissionings. */
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { Forecast } from "@groundbreak/forecast"
import * as ForecastOutput from "../ForecastOutput.ts"
import * as OutputFile from "../OutputFile.ts"
import { progressBar } from "../Progress.ts"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import { BadInput, userFacing } from "../UserFacing.ts"
import { Reports } from "@groundbreak/report"
import { langFlag } from "./KpisCommand.ts"

export const scenarioArgument = Argument.String("scenario").pipe(
  Argument.withDescription("Scenario file (YAML or JSON); without it, the baseline"),
  Argument.optional
)
export const yearFlag = Flag.Int("year").pipe(Flag.withDescription("Plan year (default: the scenario's, else the year of --as-of)"), Flag.optional)
export const asOfFlag = Flag.String("as-of").pipe(Flag.withDescription("Forecast date D, YYYY-MM-DD (default: the scenario's, else today)"), Flag.optional)
export const knownAtFlag = Flag.String("known-at").pipe(
  Flag.withDescription("Knowledge cut K (default: the scenario's, else the end of --as-of in China time)"),
  Flag.optional
)
export const pathsFlag = Flag.Int("paths").pipe(Flag.withDescription("Simulated paths (default: the scenario's, else 2000)"), Flag.optional)
export const reportFlag = Flag.String("report").pipe(
  Flag.withDescription("Also write a self-contained HTML report with charts to this file"),
  Flag.optional
)

/** Refuses, before the work starts, a report path that cannot or must not be written (a missing folder, the store). */
export const checkReport = (file: Option.Option<string>, store: string) =>
  Option.isNone(file) ? Effect.void : OutputFile.check(file.value, { store, flag: "report" }).pipe(userFacing)

/** Writes an HTML report when asked (whole or not at all), and says where. */
export const writeReport = (file: Option.Option<string>, render: () => Promise<string>) =>
  Option.isNone(file)
    ? Effect.void
    : Effect.tryPromise({ try: render, catch: (e) => new BadInput(`cannot render the report: ${(e as Error).message}`) }).pipe(
      Effect.flatMap((html) => OutputFile.writeFile(file.value, html)),
      Effect.flatMap(() => Console.error(`report written to ${file.value}`)),
      userFacing
    )

export const seedFlag = Flag.Int("seed").pipe(Flag.withDescription("Random seed (default: the scenario's, else 1)"), Flag.optional)

export const forecastCommand = Command.make(
  "forecast",
  {
    scenario: scenarioArgument,
    store: storeFlag,
    year: yearFlag,
    asOf: asOfFlag,
    knownAt: knownAtFlag,
    paths: pathsFlag,
    seed: seedFlag,
    format: Flag.Literals("format", ["table", "json"]).pipe(Flag.withDefault("table")),
    lang: langFlag,
    report: reportFlag
  },
  Effect.fn(function*(flags) {
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
      onProgress: bar.update
    }).pipe(Effect.ensuring(Effect.sync(() => bar.stop())), Effect.provide(context.layer), userFacing)
    const result = output.result
    yield* Console.log(flags.format === "json" ? ForecastOutput.toJson(result, context.warnings) : ForecastOutput.toTable(result, flags.lang))
    yield* writeReport(flags.report, () => Reports.forecastReport(output, context.scenario.question))
  })
).pipe(Command.withDescription("Forecast year-end investment, start rates and commissionings under a scenario, as distributions"))
