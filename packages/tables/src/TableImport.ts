/**
 * `groundbreak table import`: one monthly table into the store, all or
 * nothing, through one bulk append. The table is read, compared with what
 * the store knew just before `--reported-at` (`TableDiff`), checked against
 * the lifecycle rules with each project's stored events, and written in one
 * transaction. Tables are imported in the order they were reported: a table
 * whose `--reported-at` is earlier than knowledge the store already holds,
 * or whose month is earlier than a month the store already has reports for,
 * is refused.
 */
import { Effect, Schema, Stream } from "effect"
import { Calendar, CompactEvent, EncodedEvent, type Lifecycle, ProjectFacts } from "@groundbreak/domain"
import { EncodedBatch, EventStore, type StoreError } from "@groundbreak/event-store"
import * as Mapping from "./Mapping.ts"
import * as TableDiff from "./TableDiff.ts"
import * as TableReading from "./TableReading.ts"
import * as Workbook from "./Workbook.ts"

export interface TableImportOptions {
  /** `yyyymm` of the table's month. */
  readonly period: number
  /** Epoch ms: when the table was reported (the events' `knownAt`). */
  readonly reportedAt: number
  readonly sheet?: string | undefined
  readonly mapping?: Mapping.Mapping | undefined
  /** See `TableDiff.DiffInput.scope`. */
  readonly scope?: "all" | "districts" | undefined
}

export interface TableImportSummary {
  readonly file: string
  readonly sheet: string
  readonly rows: number
  readonly appended: number
  readonly alreadyStored: number
  readonly counts: TableDiff.Counts
  readonly warnings: ReadonlyArray<string>
}

export class TableRejected extends Schema.TaggedError<TableRejected>()("TableRejected", {
  file: Schema.String,
  problems: Schema.Array(Schema.Struct({ cell: Schema.String, header: Schema.String, expected: Schema.String, found: Schema.String }))
}) {
  override get message(): string {
    const shown = this.problems.slice(0, 50).map((p) => TableReading.formatProblem(this.file, p))
    const more = this.problems.length > 50 ? [`… and ${this.problems.length - 50} more`] : []
    return [...shown, ...more, `${this.problems.length} problem(s) in ${this.file}; nothing was imported`].join("\n")
  }
}

export class TableOutOfOrder extends Schema.TaggedError<TableOutOfOrder>()("TableOutOfOrder", {
  file: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.file}: ${this.reason}; nothing was imported (tables are imported in the order they were reported)`
  }
}

const toProblems = (file: string, problems: ReadonlyArray<TableReading.CellProblem>) => new TableRejected({ file, problems: [...problems] })

/** Imports a workbook already read. */
export const importWorkbook = Effect.fn("TableImport.importWorkbook")(function*(
  workbook: Workbook.Workbook,
  options: TableImportOptions
): Effect.fn.Return<TableImportSummary, TableRejected | TableOutOfOrder | StoreError, EventStore> {
  const file = workbook.file
  const { period, reportedAt } = options
  const read = TableReading.read(workbook, period, options.mapping ?? Mapping.empty, options.sheet)
  if ("problems" in read) return yield* toProblems(file, read.problems)
  const table = read.table
  const periodStart = Calendar.parseKnowledgeCut(`${Calendar.formatMonth(period)}-01`)! - 86_400_000
  if (reportedAt <= periodStart) {
    return yield* new TableOutOfOrder({ file, reason: `--reported-at ${Calendar.formatInstantChina(reportedAt)} is before the table's month ${Calendar.formatMonth(period)} began` })
  }

  const store = yield* EventStore
  // One pass over the store: what was known just before the report, and whether anything was known after it.
  const portfolio = new ProjectFacts.Portfolio()
  let knownLater = 0, laterPeriod = 0
  yield* store.scan(Number.MAX_SAFE_INTEGER, (e) => {
    if (e.knownAt < reportedAt) {
      portfolio.add(e)
      if (e.type === CompactEvent.EventCode.InvestmentReported && e.key > period && e.key > laterPeriod) laterPeriod = e.key
    } else if (e.knownAt > reportedAt && e.knownAt > knownLater) knownLater = e.knownAt
  })
  if (knownLater > 0) {
    return yield* new TableOutOfOrder({
      file,
      reason: `the store already holds facts known at ${Calendar.formatInstantChina(knownLater)}, after --reported-at ${Calendar.formatInstantChina(reportedAt)}`
    })
  }
  if (laterPeriod > 0) {
    return yield* new TableOutOfOrder({
      file,
      reason: `the store already has investment reported for ${Calendar.formatMonth(laterPeriod)}, after this table's month ${Calendar.formatMonth(period)}`
    })
  }

  let identities: Array<TableDiff.Identity> | undefined
  if (table.rows.some((r) => r.values.projectId === undefined)) {
    identities = []
    const found = identities
    yield* Stream.runForEach(store.streamAll(), (r) =>
      Effect.sync(() => {
        if (r.event.type === "ProjectSigned" && Calendar.parseInstant(r.event.knownAt)! < reportedAt) {
          found.push({ projectId: r.event.projectId, name: r.event.data.name, district: r.event.data.district })
        }
      }))
  }

  const reportedAtText = Calendar.formatInstantChina(reportedAt)
  const result = TableDiff.diff({ table, period, reportedAt, reportedAtText, facts: portfolio.projects, identities, scope: options.scope ?? "all" })
  if ("problems" in result) return yield* toProblems(file, result.problems)

  // Lifecycle, with each project's stored events known before the report.
  const ours = new Set(result.events.map((c) => c.event.eventId))
  const stored = new Map<string, ReadonlyArray<Lifecycle.Step>>()
  for (const projectId of new Set(result.events.map((c) => c.event.projectId))) {
    if (!portfolio.projects.has(projectId)) continue
    const recorded = yield* store.readStream(projectId)
    stored.set(
      projectId,
      recorded.filter((r) => !ours.has(r.event.eventId) && Calendar.parseInstant(r.event.knownAt)! < reportedAt).map((r) => ({ type: r.event.type, occurredOn: r.event.occurredOn }))
    )
  }
  const lifecycle = TableDiff.lifecycleProblems(result.events, stored)
  if (lifecycle.length > 0) return yield* toProblems(file, lifecycle)

  const encoded = result.events.map((c) => EncodedEvent.encode(c.event))
  const written = yield* store.bulkAppend((writer) =>
    Effect.gen(function*() {
      if (encoded.length === 0) return { appended: 0, alreadyStored: 0 }
      const taken = yield* writer.write(EncodedBatch.fromEvents(encoded))
      const conflicts = taken.filter((t) => t.holder.json !== encoded[t.index]!.json)
      if (conflicts.length > 0) {
        return yield* toProblems(
          file,
          conflicts.map((t) => ({
            cell: result.events[t.index]!.cell,
            header: result.events[t.index]!.header,
            expected: "the same facts as the table imported before for this month and --reported-at",
            found: `a different ${result.events[t.index]!.event.type} (event ${encoded[t.index]!.eventId} is stored with other contents)`
          }))
        )
      }
      return { appended: encoded.length - taken.length, alreadyStored: taken.length }
    })
  )
  return { file, sheet: table.sheet, rows: table.rows.length, ...written, counts: result.counts, warnings: table.warnings }
})

/** Reads and imports a table file. */
export const importFile = (file: string, options: TableImportOptions) =>
  Workbook.read(file).pipe(Effect.flatMap((workbook) => importWorkbook(workbook, options)))
