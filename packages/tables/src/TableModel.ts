/**
 * The monthly table of a plan year as of a date and as known at a cut, as
 * data: one row per project on the plan, subtotals (合计, new and continuing
 * projects, each county), and the indicators for the foot. The writers
 * (`TableExport`) lay it out as xlsx or CSV.
 */
import { Effect } from "effect"
import { Calendar, KnowledgeCut, ProjectFacts } from "@groundbreak/domain"
import { EventStore } from "@groundbreak/event-store"
import { Kpis, Replay } from "@groundbreak/indicators"

export interface ProjectRow {
  readonly projectId: string
  readonly name: string
  readonly district: string
  readonly sector: string
  readonly isNew: boolean
  /** 万元 */
  readonly totalInvestment: number
  readonly plannedInvestment: number
  /** `yyyymm`, 0 when not given. */
  readonly plannedStart: number
  /** Epoch days, undefined when not (yet) so by the table's date. */
  readonly startedOn: number | undefined
  readonly toppedOutOn: number | undefined
  readonly commissionedOn: number | undefined
  /** The start of the suspension in force on the date. */
  readonly suspendedOn: number | undefined
  /** The latest resumption on or before the date, when no suspension is in force. */
  readonly resumedOn: number | undefined
  readonly cancelledOn: number | undefined
  readonly sinceStart: number
  readonly yearToDate: number
  readonly thisMonth: number | undefined
}

export interface Subtotal {
  readonly label: { readonly zh: string; readonly en: string }
  readonly totalInvestment: number
  readonly plannedInvestment: number
  readonly sinceStart: number
  readonly yearToDate: number
  readonly thisMonth: number
}

export interface TableModel {
  readonly year: number
  /** `yyyymm` of the date. */
  readonly period: number
  readonly asOf: number
  readonly knownAt: number
  readonly total: Subtotal
  readonly byKind: ReadonlyArray<Subtotal>
  /** Each county's subtotal and its projects (new before continuing, then by id). */
  readonly counties: ReadonlyArray<{ readonly subtotal: Subtotal; readonly rows: ReadonlyArray<ProjectRow> }>
  readonly kpis: Kpis.KpiValues
}

const happened = (day: number | undefined, asOf: number): number | undefined => day !== undefined && day <= asOf ? day : undefined

/** The row of a plan project. */
const rowOf = (f: ProjectFacts.ProjectFacts, plan: ProjectFacts.Plan, name: string, year: number, asOf: number): ProjectRow => {
  const month = Calendar.monthOfDay(asOf)
  let sinceStart = 0
  for (const [period, report] of f.investment) if (period <= month) sinceStart += report.amount
  const suspended = ProjectFacts.isSuspendedOn(f, asOf)
  let suspendedOn: number | undefined, resumedOn: number | undefined
  for (const s of f.suspensions) {
    if (s.on > asOf) continue
    if (s.suspended && suspended && (suspendedOn === undefined || s.on > suspendedOn)) suspendedOn = s.on
    if (!s.suspended && !suspended && (resumedOn === undefined || s.on > resumedOn)) resumedOn = s.on
  }
  return {
    projectId: f.projectId,
    name,
    district: f.district ?? Kpis.unknownGroup,
    sector: f.sector ?? Kpis.unknownGroup,
    isNew: plan.isNew,
    totalInvestment: f.totalInvestment,
    plannedInvestment: plan.plannedInvestment,
    plannedStart: plan.plannedStart,
    startedOn: happened(f.startedOn, asOf),
    toppedOutOn: happened(f.toppedOutOn, asOf),
    commissionedOn: happened(f.commissionedOn, asOf),
    suspendedOn,
    resumedOn,
    cancelledOn: happened(f.cancelledOn, asOf),
    sinceStart,
    yearToDate: ProjectFacts.investmentBetween(f, year * 100 + 1, month),
    thisMonth: f.investment.amountOf(month)
  }
}

const subtotal = (label: Subtotal["label"], rows: ReadonlyArray<ProjectRow>): Subtotal => ({
  label,
  totalInvestment: rows.reduce((a, r) => a + r.totalInvestment, 0),
  plannedInvestment: rows.reduce((a, r) => a + r.plannedInvestment, 0),
  sinceStart: rows.reduce((a, r) => a + r.sinceStart, 0),
  yearToDate: rows.reduce((a, r) => a + r.yearToDate, 0),
  thisMonth: rows.reduce((a, r) => a + (r.thisMonth ?? 0), 0)
})

/**
 * The table of `year` as of `asOf` (epoch day) from facts known at
 * `knownAt`; `names` gives each project's name (its id when missing). With
 * `district`, the table of that district alone (a county's own table).
 */
export const build = (
  facts: Iterable<ProjectFacts.ProjectFacts>,
  names: ReadonlyMap<string, string>,
  year: number,
  asOf: number,
  knownAt: number,
  district?: string
): TableModel => {
  const all = district === undefined ? [...facts] : [...facts].filter((f) => f.district === district)
  const rows: Array<ProjectRow> = []
  for (const f of all) {
    const plan = ProjectFacts.planOn(f, year, asOf)
    if (plan !== undefined) rows.push(rowOf(f, plan, names.get(f.projectId) ?? f.projectId, year, asOf))
  }
  const districts = [...new Set(rows.map((r) => r.district))].sort()
  const order = (a: ProjectRow, b: ProjectRow) => Number(b.isNew) - Number(a.isNew) || (a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : 0)
  return {
    year,
    period: Calendar.monthOfDay(asOf),
    asOf,
    knownAt,
    total: subtotal({ zh: "合计", en: "Total" }, rows),
    byKind: [
      subtotal({ zh: "其中：新建项目", en: "of which new projects" }, rows.filter((r) => r.isNew)),
      subtotal({ zh: "续建项目", en: "continuing projects" }, rows.filter((r) => !r.isNew))
    ],
    counties: districts.map((d) => {
      const own = rows.filter((r) => r.district === d).sort(order)
      return { subtotal: subtotal({ zh: `${d}小计`, en: `${d} subtotal` }, own), rows: own }
    }),
    kpis: Kpis.compute(all, { year, asOf })
  }
}

/** The table of `year` as of `asOf` (epoch day) as known at `knownAt` (epoch ms), read from the store. */
export const load = Effect.fn("TableModel.load")(function*(year: number, asOf: number, knownAt: number, district?: string) {
  const store = yield* EventStore
  const portfolio = yield* Replay.portfolioKnownAt(KnowledgeCut.ofInstant(knownAt))
  const names = new Map<string, string>()
  for (const f of portfolio.projects.values()) {
    if (ProjectFacts.planOn(f, year, asOf) === undefined || (district !== undefined && f.district !== district)) continue
    const events = yield* store.readStream(f.projectId)
    for (const r of events) {
      if (r.event.type === "ProjectSigned" && Calendar.parseInstant(r.event.knownAt)! <= knownAt) names.set(f.projectId, r.event.data.name)
    }
  }
  return build(portfolio.projects.values(), names, year, asOf, knownAt, district)
})
