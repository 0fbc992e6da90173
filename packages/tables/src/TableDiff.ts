/**
 * The events that explain how a monthly table differs from what the store
 * knew just before the table was reported: pure, given the table and the
 * facts. Every event is dated as the table says and known at `--reported-at`.
 *
 * - a row the store does not know is a signing and a plan;
 * - a new or changed plan (amount, kind, planned start), or a row of a
 *   project withdrawn before (re-listing), is an `AnnualPlanSet`;
 * - a start, top-out, commissioning, cancellation, suspension or resumption
 *   the table shows and the store does not is that event, on the table's date
 *   (a month means its last day; a bare 是 the reporting month's last day);
 * - month M's investment is the table's year to date less what the store
 *   knew for the months before M. With a 当月 column, 当月 is month M's
 *   figure and the rest of the difference is earlier months': a rise is the
 *   previous month's report when the store has none for it (it came late),
 *   else added to the latest month already reported; a fall is taken from
 *   the latest months back (never below zero). Either way the year to date after the import is the
 *   table's, exactly. Without a 当月 column, a falling year to date is an
 *   error: nothing tells a revision from a typing slip;
 * - a project on the store's plan for the year that is missing from the
 *   table (with `scope: "districts"`, only in the districts the table has
 *   rows for) is withdrawn from the plan (`PlanWithdrawn`) from the first
 *   day of the reporting month; a table with no row at all for a district
 *   that has five or more plan projects is refused as a county's own table.
 *
 * Event ids are derived from the project, the period, the reporting moment
 * and the fact, so importing the same table again adds nothing.
 */
import { createHash } from "node:crypto"
import { Calendar, Lifecycle, type ProjectEvent, ProjectFacts } from "@groundbreak/domain"
import { roundMoney, type TableDate } from "./CellValues.ts"
import type * as Columns from "./Columns.ts"
import { type CellProblem, normalizeName, type ReadTable, type TableRow } from "./TableReading.ts"

export interface Identity {
  readonly projectId: string
  readonly name: string
  readonly district: string
}

export interface DiffInput {
  readonly table: ReadTable
  /** `yyyymm` */
  readonly period: number
  /** Epoch ms, and as the events will carry it. */
  readonly reportedAt: number
  readonly reportedAtText: string
  /** What the store knew just before `reportedAt`. */
  readonly facts: ReadonlyMap<string, ProjectFacts.ProjectFacts>
  /** The store's projects by name and district, for rows without a 项目编号 (undefined when every row has one). */
  readonly identities: ReadonlyArray<Identity> | undefined
  /**
   * Which plan projects missing from the table are withdrawn: all of them
   * (the table is the whole list, the default), or only those of the
   * districts the table has rows for (a county's own table).
   */
  readonly scope?: "all" | "districts"
}

export interface Counts {
  newProjects: number
  plans: number
  steps: number
  investmentReports: number
  /** Reports of earlier months that came after their month's table. */
  lateReports: number
  revisions: number
  withdrawals: number
}

/** An event with the row and column that caused it, for messages. */
export interface Caused {
  readonly event: ProjectEvent.ProjectEvent
  readonly cell: string
  readonly header: string
}

export type DiffResult =
  | { readonly events: ReadonlyArray<Caused>; readonly counts: Counts; readonly rows: ReadonlyMap<string, TableRow> }
  | { readonly problems: ReadonlyArray<CellProblem> }

/** The id of a project first seen in a table without a 项目编号: derived from its name and district, so it is stable. */
export const derivedId = (name: string, district: string): string =>
  `T-${createHash("sha1").update(`${normalizeName(name)}|${normalizeName(district)}`).digest("hex").slice(0, 12)}`

const eps = 1e-6

/** This many plan projects of one district missing at once, with no row of that district left, is a county's table. */
export const wholeDistrictAtOnce = 5

const stepFields = [
  ["ProjectStarted", "startedOn", "startedOn"],
  ["ProjectToppedOut", "toppedOutOn", "toppedOutOn"],
  ["ProjectCommissioned", "commissionedOn", "commissionedOn"],
  ["ProjectCancelled", "cancelledOn", "cancelledOn"]
] as const

const latestSuspensionOn = (facts: ProjectFacts.ProjectFacts, day: number, suspended: boolean): number | undefined => {
  let latest: number | undefined
  for (const s of facts.suspensions) if (s.suspended === suspended && s.on <= day && (latest === undefined || s.on > latest)) latest = s.on
  return latest
}

export const diff = (input: DiffInput): DiffResult => {
  const { table, period, reportedAt, reportedAtText, facts } = input
  const year = Math.floor(period / 100)
  const firstDay = Calendar.endOfMonth(period - 1 === year * 100 ? (year - 1) * 100 + 12 : period - 1) + 1
  const asOf = Calendar.endOfMonth(period)
  const problems: Array<CellProblem> = []
  const events: Array<Caused> = []
  const counts: Counts = { newProjects: 0, plans: 0, steps: 0, investmentReports: 0, lateReports: 0, revisions: 0, withdrawals: 0 }
  const header = (field: Columns.Field) => table.headers.get(field) ?? ""
  const has = (field: Columns.Field) => table.headers.has(field)
  const stamp = Calendar.formatInstantChina(reportedAt).replace(/[^0-9]/g, "").slice(0, 17)
  const periodText = Calendar.formatMonth(period)

  // Identity: 项目编号, else name and district against the store.
  const byName = new Map<string, Array<string>>()
  for (const i of input.identities ?? []) {
    const key = `${normalizeName(i.name)}|${normalizeName(i.district)}`
    const list = byName.get(key)
    if (list === undefined) byName.set(key, [i.projectId])
    else if (!list.includes(i.projectId)) list.push(i.projectId)
  }
  const rows = new Map<string, TableRow>()
  for (const row of table.rows) {
    const v = row.values
    let id = v.projectId
    if (id === undefined) {
      const matches = byName.get(`${normalizeName(v.name)}|${normalizeName(v.district)}`) ?? []
      if (matches.length > 1) {
        problems.push({
          cell: row.at("name"),
          header: header("name"),
          expected: `one project named so in ${v.district} (give the 项目编号 to say which)`,
          found: `${matches.length} in the store: ${matches.join(", ")}`
        })
        continue
      }
      id = matches[0] ?? derivedId(v.name, v.district)
    }
    const other = rows.get(id)
    if (other !== undefined) {
      const field = v.projectId === undefined ? "name" : "projectId"
      problems.push({ cell: row.at(field), header: header(field), expected: "each project once", found: `a duplicate of row ${other.row + 1} (${id})` })
      continue
    }
    rows.set(id, row)
  }
  if (problems.length > 0) return { problems }

  for (const [projectId, row] of rows) {
    const v = row.values
    const f = facts.get(projectId)
    const emit = (type: ProjectEvent.EventType, day: number, data: object, tag: string, field: Columns.Field) =>
      events.push({
        event: {
          eventId: `${projectId}/t${periodText}@${stamp}/${tag}`,
          projectId,
          type,
          occurredOn: Calendar.formatDate(day),
          knownAt: reportedAtText,
          data
        } as ProjectEvent.ProjectEvent,
        cell: row.at(field),
        header: header(field)
      })
    const problem = (field: Columns.Field, expected: string, found: string) =>
      problems.push({ cell: row.at(field), header: header(field), expected, found })

    // Signing.
    if (f?.signedOn === undefined) {
      const dates = [firstDay, ...[v.startedOn, v.toppedOutOn, v.commissionedOn, v.suspendedOn, v.resumedOn, v.cancelledOn].flatMap((d) => d === undefined ? [] : [d.day])]
      emit("ProjectSigned", Math.min(...dates), {
        name: v.name,
        district: v.district,
        sector: v.sector ?? f?.sector ?? "未分类",
        totalInvestment: v.totalInvestment ?? 0
      }, "signed", "name")
      counts.newProjects++
    }

    // The plan.
    const known = f?.plans.get(year)
    const listed = f !== undefined && ProjectFacts.planOn(f, year, asOf) !== undefined
    const startedBefore = (v.startedOn?.day ?? f?.startedOn ?? Infinity) < Calendar.startOfYear(year)
    const isNew = v.kind !== undefined ? v.kind === "new" : known !== undefined ? known.isNew : !startedBefore
    const plannedStart = v.plannedStart ?? (known !== undefined && known.plannedStart > 0 && isNew ? known.plannedStart : undefined)
    if (
      known === undefined || !listed || Math.abs(known.plannedInvestment - v.plannedInvestment) > eps || known.isNew !== isNew ||
      (v.plannedStart !== undefined && v.plannedStart !== known.plannedStart)
    ) {
      emit("AnnualPlanSet", firstDay, {
        year,
        kind: isNew ? "new" : "continuing",
        plannedInvestment: v.plannedInvestment,
        ...(plannedStart !== undefined ? { plannedStart: Calendar.formatMonth(plannedStart) } : {})
      }, "plan", "plannedInvestment")
      counts.plans++
    }

    // Lifecycle steps.
    for (const [type, field, factKey] of stepFields) {
      const shown: TableDate | undefined = v[field]
      const storeDay = f?.[factKey]
      const columnShown = has(field) || (field === "startedOn" && has("isStarted"))
      if (shown === undefined) {
        if (columnShown && storeDay !== undefined && storeDay <= asOf) {
          const shownField = has(field) ? field : "isStarted"
          problem(shownField, `the date ${Calendar.formatDate(storeDay)} reported before (a step cannot be undone)`, row.shown(shownField))
        }
        continue
      }
      if (storeDay === undefined) {
        emit(type, shown.day, type === "ProjectCancelled" ? { reason: "据月报表" } : {}, field, field)
        counts.steps++
      } else if (
        (shown.precision === "day" && shown.day !== storeDay) ||
        (shown.precision === "month" && Calendar.monthOfDay(shown.day) !== Calendar.monthOfDay(storeDay))
      ) {
        problem(field, `the date reported before, ${Calendar.formatDate(storeDay)}`, Calendar.formatDate(shown.day))
      }
    }

    // Suspension and resumption: the state on the table's date.
    if (has("suspendedOn") || has("isSuspended")) {
      const s = v.suspendedOn, r = v.resumedOn
      const tableSuspended = s !== undefined && (r === undefined || r.day < s.day)
      const storeSuspended = f !== undefined && ProjectFacts.isSuspendedOn(f, asOf)
      const storeSince = f === undefined ? undefined : latestSuspensionOn(f, asOf, true)
      if (storeSuspended && (!tableSuspended || s!.day > storeSince!)) {
        const on = tableSuspended ? s!.day : r?.day ?? asOf
        if (on < storeSince!) problem(r !== undefined ? "resumedOn" : "suspendedOn", `a date on or after the suspension of ${Calendar.formatDate(storeSince!)}`, Calendar.formatDate(on))
        else {
          emit("ProjectResumed", on, {}, `resumed-${Calendar.formatDate(on)}`, r !== undefined ? "resumedOn" : "suspendedOn")
          counts.steps++
        }
      }
      if (tableSuspended && (!storeSuspended || s!.day > storeSince!)) {
        emit("ProjectSuspended", s!.day, {}, `suspended-${Calendar.formatDate(s!.day)}`, "suspendedOn")
        counts.steps++
      } else if (tableSuspended && storeSuspended && s!.precision === "day" && s!.day < storeSince!) {
        problem("suspendedOn", `the suspension reported before, ${Calendar.formatDate(storeSince!)}`, Calendar.formatDate(s!.day))
      }
    }

    // Investment.
    if (v.sinceStart !== undefined && v.sinceStart + eps < v.yearToDate) {
      problem("sinceStart", `at least the year to date ${v.yearToDate} 万元`, `${v.sinceStart} 万元`)
    }
    const reports = new Map<number, number>()
    for (const [p, report] of f?.investment ?? []) if (Math.floor(p / 100) === year && p < period) reports.set(p, report.amount)
    const before = [...reports.values()].reduce((a, b) => a + b, 0)
    let current: number
    let revision: number
    // With a 当月 column, an empty cell says nothing was reported for the month yet.
    const thisMonth = v.thisMonth ?? (has("thisMonth") ? 0 : undefined)
    if (thisMonth !== undefined) {
      current = thisMonth
      revision = roundMoney(v.yearToDate - thisMonth - before)
    } else {
      current = roundMoney(v.yearToDate - before)
      revision = 0
      if (current < -eps) {
        problem("yearToDate", `at least ${roundMoney(before)} 万元, the year to date reported before (a fall is a revision: give this month's figure, 当月完成投资, too)`, `${v.yearToDate} 万元`)
        continue
      }
      current = Math.max(0, current)
    }
    if (Math.abs(revision) > eps) {
      const months = [...reports.keys()].sort((a, b) => b - a)
      // The month before, when the store has no report for it although the project had started: a late report.
      const previous = period % 100 === 1 ? undefined : period - 1
      const startedOn = v.startedOn?.day ?? f?.startedOn
      if (revision > 0 && previous !== undefined && !reports.has(previous) && startedOn !== undefined && startedOn <= Calendar.endOfMonth(previous)) {
        emit("InvestmentReported", Calendar.endOfMonth(previous), { period: Calendar.formatMonth(previous), amount: revision }, `late-${Calendar.formatMonth(previous)}`, "yearToDate")
        counts.lateReports++
      } else if (revision > 0) {
        const latest = months[0]
        if (latest === undefined) current = roundMoney(current + revision)
        else {
          emit("InvestmentReported", Calendar.endOfMonth(latest), { period: Calendar.formatMonth(latest), amount: roundMoney(reports.get(latest)! + revision) }, `revised-${Calendar.formatMonth(latest)}`, "yearToDate")
          counts.revisions++
        }
      } else {
        let left = -revision
        for (const m of months) {
          if (left <= eps) break
          const amount = reports.get(m)!
          const take = Math.min(amount, left)
          if (take <= 0) continue
          left = roundMoney(left - take)
          emit("InvestmentReported", Calendar.endOfMonth(m), { period: Calendar.formatMonth(m), amount: roundMoney(amount - take) }, `revised-${Calendar.formatMonth(m)}`, "yearToDate")
          counts.revisions++
        }
      }
    }
    const knownNow = f?.investment.amountOf(period)
    if ((knownNow === undefined && current > eps) || (knownNow !== undefined && Math.abs(knownNow - current) > eps)) {
      emit("InvestmentReported", asOf, { period: periodText, amount: roundMoney(current) }, `investment-${periodText}`, thisMonth !== undefined ? "thisMonth" : "yearToDate")
      counts.investmentReports++
    }
  }

  // Projects that left the list.
  const districts = new Set(table.rows.map((r) => r.values.district))
  const goneByDistrict = new Map<string, number>()
  for (const [projectId, f] of facts) {
    if (rows.has(projectId) || ProjectFacts.planOn(f, year, asOf) === undefined) continue
    if (input.scope === "districts" && !districts.has(f.district ?? "")) continue
    const district = f.district ?? ""
    if (!districts.has(district)) goneByDistrict.set(district, (goneByDistrict.get(district) ?? 0) + 1)
    events.push({
      event: {
        eventId: `${projectId}/t${periodText}@${stamp}/withdrawn`,
        projectId,
        type: "PlanWithdrawn",
        occurredOn: Calendar.formatDate(firstDay),
        knownAt: reportedAtText,
        data: { year, reason: `不在${year}年${period % 100}月报表中` }
      },
      cell: `${table.sheet}`,
      header: ""
    })
    counts.withdrawals++
  }
  // A whole county's list dropping at once is a county's own table, not a change of the list: say so rather than withdraw it.
  for (const [district, n] of goneByDistrict) {
    if (n < wholeDistrictAtOnce) continue
    problems.push({
      cell: `${table.sheet}`,
      header: header("district"),
      expected: `rows for ${district}, whose ${n} project(s) are on the ${year} plan (a county's own table: import it with --county-table)`,
      found: "none"
    })
  }
  if (problems.length > 0) return { problems }
  return { events, counts, rows }
}

/**
 * The lifecycle problems of the new events, each checked with what the
 * store holds for its project (`stored`, the steps known before), named at
 * the cell that caused it.
 */
export const lifecycleProblems = (
  events: ReadonlyArray<Caused>,
  stored: ReadonlyMap<string, ReadonlyArray<Lifecycle.Step>>
): Array<CellProblem> => {
  const byProject = new Map<string, Array<Caused>>()
  for (const c of events) {
    const list = byProject.get(c.event.projectId)
    if (list === undefined) byProject.set(c.event.projectId, [c])
    else list.push(c)
  }
  const problems: Array<CellProblem> = []
  for (const [projectId, caused] of byProject) {
    const before = stored.get(projectId) ?? []
    const steps = [...before, ...caused.map((c) => ({ type: c.event.type, occurredOn: c.event.occurredOn }))]
    for (const violation of Lifecycle.validateStream(steps)) {
      if (violation.index < before.length) continue
      const c = caused[violation.index - before.length]!
      problems.push({
        cell: c.cell,
        header: c.header,
        expected: "a step the project's life allows",
        found: `${c.event.type} on ${c.event.occurredOn} for ${projectId}: ${violation.reason}`
      })
    }
  }
  return problems
}
