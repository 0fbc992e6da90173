/** `groundbreak forecast [SCENARIO]`: year-end distributions of investment, start rates and commissionings. */
import { writeFileSync } from "node:fs"
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { Forecast } from "@groundbreak/forecast"
import * as ForecastOutput from "../ForecastOutput.ts"
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

/** Writes an HTML report when asked, and says where. */
export const writeReport = (file: Option.Option<string>, render: () => Promise<string>) =>
  Option.isNone(file)
    ? Effect.void
    : Effect.tryPromise({ try: render, catch: (e) => new BadInput(`cannot render the report: ${(e as Error).message}`) }).pipe(
      Effect.flatMap((html) => Effect.try({ try: () => writeFileSync(file.value, html), catch: (e) => new BadInput(`cannot write ${file.value}: ${(e as Error).message}`) })),
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
    report: reportFlag,
    by: Flag.Literals("by", ["district", "sector", "kind"]).pipe(
      Flag.withDescription("Also give the year-end distributions per group (they add up to the total on every path)"),
      Flag.optional
    )
  },
  Effect.fn(function*(flags) {
    const context = yield* ScenarioContext.resolve(flags).pipe(userFacing)
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
    yield* Console.log(flags.format === "json" ? ForecastOutput.toJson(result, output.groups) : ForecastOutput.toTable(result, flags.lang, output.groups))
    yield* writeReport(flags.report, () => Reports.forecastReport(output, context.scenario.question))
  })
).pipe(Command.withDescription("Forecast year-end investment, start rates and commissionings under a scenario, as distributions"))
