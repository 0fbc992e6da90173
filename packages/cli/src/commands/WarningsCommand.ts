/**
 * `groundbreak warnings` and `groundbreak ranking`: what a monthly dispatch
 * meeting looks at — projects by colour with their reasons, changes since
 * last month, the counties ranked against the pace — as of a date, as known
 * at a moment; with `--forecast`, the projects likely to miss; with
 * `--report`, the printable dispatch brief.
 */
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as Commands from "../Commands.ts"
import { Calendar, type KnowledgeCut } from "@groundbreak/domain"
import { Forecast } from "@groundbreak/forecast"
import { Reports } from "@groundbreak/report"
import { LikelyToMiss, Ranking, RulesFile, Warnings } from "@groundbreak/warnings"
import { progressBar } from "../Progress.ts"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import * as Flags from "../Flags.ts"
import { badFlag, userFacing } from "../UserFacing.ts"
import * as WarningsOutput from "../WarningsOutput.ts"
import { asOfFlag, knownAtFlag, pathsFlag, reportFlag, seedFlag, writeReport, yearFlag } from "./ForecastCommand.ts"
import { langFlag } from "./KpisCommand.ts"

const rulesFlag = Flags.inputFile("rules", `Warning rules file (YAML or JSON; default ${RulesFile.defaultPath})`)
const byFlag = Flag.Literals("by", ["district", "sector", "kind"]).pipe(Flag.withDescription("Group the counts (default: district)"), Flag.withDefault("district"))

/** The store, year, D and K of a meeting (K defaults to the end of D in China time). */
const meetingContext = (flags: { store: Option.Option<string>; year: Option.Option<number>; asOf: Option.Option<string>; knownAt: Option.Option<KnowledgeCut.KnowledgeCut> }) =>
  ScenarioContext.resolve({ scenario: Option.none(), ...flags }).pipe(
    Effect.flatMap((context) =>
      Calendar.yearOfDay(Calendar.parseDate(context.asOf)!) === context.year
        ? Effect.succeed(context)
        : badFlag("as-of", `a date in the plan year ${context.year}`, context.asOf)),
    userFacing
  )

export const warningsCommand = Command.make(
  "warnings",
  {
    year: yearFlag,
    asOf: asOfFlag,
    knownAt: knownAtFlag,
    rules: rulesFlag,
    by: byFlag,
    format: Flag.Literals("format", ["table", "json", "csv"]).pipe(Flag.withDefault("table")),
    lang: langFlag,
    store: storeFlag,
    forecast: Flag.Boolean("forecast").pipe(Flag.withDescription("Add each project's simulated probability of missing, and the likely-to-miss list"), Flag.withDefault(false)),
    paths: pathsFlag,
    seed: seedFlag,
    report: reportFlag
  },
  Effect.fn(function*(flags) {
    const context = yield* meetingContext(flags)
    const rules = yield* RulesFile.load(Option.getOrUndefined(flags.rules)).pipe(userFacing)
    const asOf = Calendar.parseDate(context.asOf)!
    const knownBy = context.knownAt.at
    const result = yield* Warnings.warnings({ year: context.year, asOf, knownBy, rules, by: flags.by }).pipe(Effect.provide(context.layer), userFacing)
    const wantForecast = flags.forecast || Option.isSome(flags.report)
    const simulated = wantForecast
      ? yield* Effect.gen(function*() {
        const bar = progressBar(`simulating ${context.paths} paths`, context.paths)
        return yield* Forecast.forecast({
          scenario: context.scenario, year: context.year, asOf: context.asOf, knownAt: context.knownAt,
          paths: context.paths, seed: context.seed, risk: true, onProgress: bar.update
        }).pipe(Effect.ensuring(Effect.sync(() => bar.stop())), Effect.provide(context.layer), userFacing)
      })
      : undefined
    const risk = simulated?.risk === undefined ? undefined : LikelyToMiss.of(result.projects, simulated.risk, rules)
    const report = { result, risk }
    yield* Console.log(
      flags.format === "json" ? WarningsOutput.toJson(report) : flags.format === "csv" ? WarningsOutput.toCsv(report, flags.lang).trimEnd() : WarningsOutput.toTable(report, flags.lang)
    )
    if (Option.isSome(flags.report) && simulated !== undefined && risk !== undefined) {
      const ranking = yield* Ranking.ranking({ year: context.year, asOf, knownBy, by: "district", pace: rules.pace }).pipe(Effect.provide(context.layer), userFacing)
      yield* writeReport(flags.report, () => Reports.dispatchBrief({ warnings: result, risk, ranking, forecast: simulated, lang: flags.lang }))
    }
  })
).pipe(Command.withDescription(Commands.description("warnings")))

export const rankingCommand = Command.make(
  "ranking",
  {
    year: yearFlag,
    asOf: asOfFlag,
    knownAt: knownAtFlag,
    by: byFlag,
    pace: Flag.Literals("pace", ["days", "months", "seasonal"]).pipe(
      Flag.withDescription("The pace (序时进度): days elapsed, months of data / 12, or the city's seasonal share (default: the rules file's)"),
      Flag.optional
    ),
    rules: rulesFlag,
    format: Flag.Literals("format", ["table", "json", "csv"]).pipe(Flag.withDefault("table")),
    lang: langFlag,
    store: storeFlag
  },
  Effect.fn(function*(flags) {
    const context = yield* meetingContext(flags)
    const pace = Option.isSome(flags.pace) ? flags.pace.value : (yield* RulesFile.load(Option.getOrUndefined(flags.rules)).pipe(userFacing)).pace
    const result = yield* Ranking.ranking({
      year: context.year,
      asOf: Calendar.parseDate(context.asOf)!,
      knownBy: context.knownAt.at,
      by: flags.by,
      pace
    }).pipe(Effect.provide(context.layer), userFacing)
    yield* Console.log(
      flags.format === "json" ? WarningsOutput.rankingToJson(result) : flags.format === "csv" ? WarningsOutput.rankingToCsv(result).trimEnd() : WarningsOutput.rankingToTable(result, flags.lang)
    )
  })
).pipe(Command.withDescription(Commands.description("ranking")))
