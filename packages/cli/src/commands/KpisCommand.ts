/** `groundbreak kpis`: the official indicators as of a date, as known at a moment. */
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { Calendar } from "@groundbreak/domain"
import { Kpis, Replay } from "@groundbreak/projections"
import * as KpiOutput from "../KpiOutput.ts"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import { badFlag, userFacing } from "../UserFacing.ts"

export const langFlag = Flag.Literals("lang", ["zh", "en"]).pipe(
  Flag.withDescription("Language of table labels"),
  Flag.withDefault("zh")
)

export const kpisCommand = Command.make(
  "kpis",
  {
    year: Flag.Int("year").pipe(Flag.withDescription("Plan year (default: the year of --as-of)"), Flag.optional),
    asOf: Flag.String("as-of").pipe(Flag.withDescription("Valid date D, YYYY-MM-DD (default: today in China time)"), Flag.optional),
    knownAt: Flag.String("known-at").pipe(
      Flag.withDescription("Knowledge cut K: an ISO date-time with offset, or a date meaning its end in China time (default: now)"),
      Flag.optional
    ),
    by: Flag.Literals("by", ["district", "sector", "kind"]).pipe(Flag.withDescription("Break the indicators down"), Flag.optional),
    format: Flag.Literals("format", ["table", "json", "csv"]).pipe(Flag.withDefault("table")),
    lang: langFlag,
    store: storeFlag,
    scenario: Flag.String("scenario").pipe(
      Flag.withDescription("Read the store, year, date and cut from a scenario file (flags override it)"),
      Flag.optional
    )
  },
  Effect.fn(function*({ year, asOf, knownAt, by, format, lang, store, scenario }) {
    const asOfText = Option.getOrElse(asOf, () => Calendar.formatInstantChina(Date.now()).slice(0, 10))
    if (Calendar.parseDate(asOfText) === undefined) return yield* badFlag("as-of", "a date YYYY-MM-DD", asOfText).pipe(userFacing)
    // Without a scenario, the knowledge cut defaults to now.
    const cutFlag = Option.isNone(scenario) && Option.isNone(knownAt) ? Option.some(Calendar.formatInstantChina(Date.now())) : knownAt
    const context = yield* ScenarioContext.resolve({ scenario, store, year, asOf, knownAt: cutFlag }).pipe(userFacing)
    const cut = Calendar.parseKnowledgeCut(context.knownAt)!
    const asOfDay = Calendar.parseDate(context.asOf)!
    const planYear = context.year
    const portfolio = yield* Replay.portfolioKnownAt(cut).pipe(Effect.provide(context.layer), userFacing)
    const query = { year: planYear, asOf: asOfDay }
    const groupBy = Option.getOrUndefined(by)
    const report: KpiOutput.KpiReport = {
      year: planYear,
      asOf: context.asOf,
      knownAt: context.knownAt,
      by: groupBy,
      result: groupBy === undefined
        ? { total: Kpis.compute(portfolio.projects.values(), query), groups: [] }
        : Kpis.computeGrouped(portfolio.projects.values(), query, groupBy)
    }
    yield* Console.log(
      format === "json" ? KpiOutput.toJson(report) : format === "csv" ? KpiOutput.toCsv(report).trimEnd() : KpiOutput.toTable(report, lang)
    )
  })
).pipe(Command.withDescription("Official indicators (开工率, 开复工率, 完成投资) of a plan year as of a date, as known at a moment"))
