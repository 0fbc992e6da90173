/** `groundbreak kpis`: the official indicators as of a date, as known at a moment. */
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as Commands from "../Commands.ts"
import { Calendar } from "@groundbreak/domain"
import { Kpis, Replay } from "@groundbreak/indicators"
import * as Flags from "../Flags.ts"
import * as KpiOutput from "../KpiOutput.ts"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import { userFacing } from "../UserFacing.ts"

export const langFlag = Flags.lang

export const kpisCommand = Command.make(
  "kpis",
  {
    year: Flags.year("Plan year, 1990–2100 (default: the year of --as-of)"),
    asOf: Flags.asOf("Valid date D, YYYY-MM-DD (default: today in China time); a date after the plan year counts as its 31 December"),
    knownAt: Flags.knownAt("now"),
    by: Flag.Literals("by", ["district", "sector", "kind"]).pipe(Flag.withDescription("Break the indicators down"), Flag.optional),
    format: Flag.Literals("format", ["table", "json", "csv"]).pipe(Flag.withDefault("table")),
    lang: Flags.lang,
    store: storeFlag,
    scenario: Flags.inputFile("scenario", "Read the store, year, date and cut from a scenario file (flags override it)")
  },
  Effect.fn(function*({ year, asOf, knownAt, by, format, lang, store, scenario }) {
    const context = yield* ScenarioContext.resolve({ scenario, store, year, asOf, knownAt, knownAtDefault: "now", afterYear: "cap" }).pipe(userFacing)
    const asOfDay = Calendar.parseDate(context.asOf)!
    const planYear = context.year
    const portfolio = yield* Replay.portfolioKnownAt(context.knownAt).pipe(Effect.provide(context.layer), userFacing)
    const query = { year: planYear, asOf: asOfDay }
    const groupBy = Option.getOrUndefined(by)
    const report: KpiOutput.KpiReport = {
      year: planYear,
      asOf: context.asOf,
      ...(context.requestedAsOf === undefined ? {} : { requestedAsOf: context.requestedAsOf }),
      knownAt: context.knownAt.text,
      by: groupBy,
      result: groupBy === undefined
        ? { total: Kpis.compute(portfolio.projects.values(), query), groups: [] }
        : Kpis.computeGrouped(portfolio.projects.values(), query, groupBy)
    }
    yield* Console.log(
      format === "json" ? KpiOutput.toJson(report) : format === "csv" ? KpiOutput.toCsv(report, lang).trimEnd() : KpiOutput.toTable(report, lang)
    )
  })
).pipe(Command.withDescription(Commands.description("kpis")))
