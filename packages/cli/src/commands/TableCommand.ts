/**
 * `groundbreak table import` and `groundbreak table export`: the monthly
 * progress tables (重点项目进展情况表) offices keep, in and out.
 */
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as Commands from "../Commands.ts"
import { Calendar, KnowledgeCut } from "@groundbreak/domain"
import { Mapping, TableExport, TableImport, TableModel } from "@groundbreak/tables"
import * as Flags from "../Flags.ts"
import * as OutputFile from "../OutputFile.ts"
import { resolveStore, storeFlag, storeLayer } from "../StoreSelection.ts"
import { userFacing } from "../UserFacing.ts"
import { langFlag } from "./KpisCommand.ts"

const importTable = Command.make(
  "import",
  {
    file: Flags.fileArgument("file", "The month's table: .xlsx, or .csv (UTF-8 or GB18030)"),
    period: Flags.make("period", "The table's month, YYYY-MM", Flags.checkMonth),
    reportedAt: Flags.make(
      "reported-at",
      "When the table was reported (the events' knownAt): a date (its end in China time) or a date-time with offset",
      Flags.checkKnownAt
    ),
    sheet: Flag.String("sheet").pipe(Flag.withDescription("The sheet to read (default: the first with a recognised header)"), Flag.optional),
    mapping: Flags.inputFile("mapping", "A mapping file (YAML) for this city's headers, districts and sectors"),
    countyTable: Flag.Boolean("county-table").pipe(
      Flag.withDescription("The table covers only its own districts: plan projects elsewhere are not withdrawn when missing"),
      Flag.withDefault(false)
    ),
    store: storeFlag
  },
  Effect.fn(function*({ file, period, reportedAt, sheet, mapping, countyTable, store }) {
    const month = Calendar.parseMonth(period)! // checked as the flag was read
    const cut = reportedAt.at
    const loaded = Option.isSome(mapping) ? yield* Mapping.load(mapping.value).pipe(userFacing) : Mapping.empty
    const summary = yield* TableImport.importFile(file, {
      period: month,
      reportedAt: cut,
      sheet: Option.getOrUndefined(sheet),
      mapping: loaded,
      scope: countyTable ? "districts" : "all"
    }).pipe(Effect.provide(storeLayer(resolveStore(store), "write")), userFacing)
    for (const w of summary.warnings) yield* Console.error(`warning: ${w}`)
    const c = summary.counts
    if (summary.appended === 0) {
      return yield* Console.log(
        `imported 0 new event(s) from ${summary.rows} project row(s) of ${file} (${summary.sheet}): the store already knew all of it` +
          (summary.alreadyStored > 0 ? `; ${summary.alreadyStored} already stored` : "")
      )
    }
    yield* Console.log(
      `imported ${summary.appended} new event(s) from ${summary.rows} project row(s) of ${file} (${summary.sheet}), known at ${Calendar.formatInstantChina(cut)}: ` +
        `${c.newProjects} new project(s), ${c.plans} plan(s) set or changed, ${c.steps} lifecycle step(s), ${c.investmentReports} monthly report(s), ` +
        `${c.lateReports} late report(s) of the month before, ${c.revisions} revision(s), ${c.withdrawals} withdrawal(s) from the list` +
        (summary.alreadyStored > 0 ? `; ${summary.alreadyStored} already stored` : "")
    )
  })
).pipe(Command.withDescription("Import a monthly progress table: the events that explain how it differs from what the store knew (all or nothing)"))

const exportTable = Command.make(
  "export",
  {
    year: Flags.year("Plan year, 1990–2100 (default: the year of --as-of)"),
    asOf: Flags.make("as-of", "Valid date D, YYYY-MM-DD: the table's date", Flags.checkDate),
    knownAt: Flags.knownAt("asOf", { scenario: false }),
    format: Flag.Literals("format", ["xlsx", "csv"]).pipe(Flag.withDefault("xlsx")),
    lang: langFlag,
    district: Flag.String("district").pipe(Flag.withDescription("Only this district's projects (a county's own table)"), Flag.optional),
    out: Flags.requiredFile("out", "The file to write (whole or not at all)"),
    store: storeFlag
  },
  Effect.fn(function*({ year, asOf, knownAt, format, lang, district, out, store }) {
    const spec = resolveStore(store)
    yield* OutputFile.check(out, { store: spec, flag: "out" }).pipe(userFacing)
    // Both were checked as the flags were read.
    const day = Calendar.parseDate(asOf)!
    const cut = Option.getOrElse(knownAt, () => KnowledgeCut.endOfDay(day)).at
    const planYear = Option.getOrElse(year, () => Calendar.yearOfDay(day))
    const model = yield* TableModel.load(planYear, day, cut, Option.getOrUndefined(district)).pipe(Effect.provide(storeLayer(spec, "read")), userFacing)
    const bytes = format === "xlsx" ? yield* Effect.promise(() => TableExport.toXlsx(model, lang)) : TableExport.toCsv(model, lang)
    yield* OutputFile.writeFile(out, bytes).pipe(userFacing)
    const rows = model.counties.reduce((a, c) => a + c.rows.length, 0)
    yield* Console.log(`wrote ${out}: ${rows} project(s) on the ${planYear} plan as of ${asOf}, as known at ${Calendar.formatInstantChina(cut)}`)
  })
).pipe(Command.withDescription("Write the monthly progress table of a plan year as of a date, as known at a moment (xlsx or CSV)"))

export const tableCommand = Command.make("table").pipe(
  Command.withDescription(Commands.description("table")),
  Command.withSubcommands([importTable, exportTable])
)
