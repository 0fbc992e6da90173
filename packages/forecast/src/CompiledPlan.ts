/**
 * The state the simulation starts from: every project on the year's plan
 * as known at the knowledge cut and as of the valid date D, compiled into
 * typed arrays (months counted within the plan year: January = 1, earlier
 * years ≤ 0).
 */
import { Calendar, ProjectFacts } from "@groundbreak/domain"
import { absoluteMonth, firstReportedMonth, scaleOf } from "./Estimation.ts"
import * as SCurve from "./SCurve.ts"

/** Month code for "not in range / never". */
export const NEVER = 99

export interface Compiled {
  readonly year: number
  /** D's month in the plan year, 1–12. */
  readonly asOfMonth: number
  readonly count: number
  readonly projectIds: ReadonlyArray<string>
  readonly districts: ReadonlyArray<string>
  readonly sectors: ReadonlyArray<string>
  readonly district: Int32Array
  readonly sector: Int32Array
  readonly isNew: Uint8Array
  readonly signed: Uint8Array
  readonly planned: Float64Array
  readonly total: Float64Array
  /** Start month if started by D, else NEVER. */
  readonly startMonth: Int32Array
  /** Planned start month (new projects; D's month when not given). */
  readonly plannedStart: Int32Array
  /** Commissioning month if commissioned by D, else NEVER. */
  readonly commissionedMonth: Int32Array
  readonly commissionedBeforeYear: Uint8Array
  readonly cancelled: Uint8Array
  /** Month the suspension in force on D began, else NEVER. */
  readonly suspendedSince: Int32Array
  readonly toppedOutMonth: Int32Array
  /** Investment of the plan year already reported (latest revisions), 万元. */
  readonly known: Float64Array
  /** Last month of the plan year with a report known, 0 when none. */
  readonly lastKnown: Int32Array
  /** Total investment not yet reported: the total (as {@link scaleOf} takes it) less every report known, all years, 万元. */
  readonly remaining: Float64Array
  /**
   * 1 when the reports cover the project's whole life (started by D, not before the ledger's first reported month,
   * with a total investment of its own), so {@link remaining} is what is left of its budget; else 0.
   */
  readonly reportedWhole: Uint8Array
}

/** Share of the work done in month m of a project started in month s that takes L months. */
export const workShare = (curve: SCurve.CurveTable, s: number, length: number, m: number): number =>
  SCurve.at(curve, m - s + 1, length) - SCurve.at(curve, m - s, length)

/**
 * `workShare` for every length the curve's table holds, looked up at `[curve.offsets[length] + m − s]` for
 * 0 ≤ m − s < length: the same differences of the same numbers, computed once instead of in the hot loop.
 */
export const workShares = (curve: SCurve.CurveTable): Float64Array => {
  const shares = new Float64Array(curve.values.length)
  for (let length = 1; length <= curve.maxLength; length++) {
    for (let k = 0; k < length; k++) shares[curve.offsets[length]! + k] = workShare(curve, 0, length, k)
  }
  return shares
}

const indexer = () => {
  const names: Array<string> = []
  const index = new Map<string, number>()
  return {
    names,
    of: (name: string) => {
      let i = index.get(name)
      if (i === undefined) {
        i = names.length
        names.push(name)
        index.set(name, i)
      }
      return i
    }
  }
}

export const unknownLabel = "(unknown)"

/**
 * Whether a project stays on the plan of `year` through its end, as known at
 * the cut: a project already withdrawn from the year's list, or known to be
 * withdrawn later in the year, is not simulated.
 */
export const onPlanAtYearEnd = (facts: ProjectFacts.ProjectFacts, year: number): boolean =>
  ProjectFacts.planOn(facts, year, Calendar.endOfMonth(year * 100 + 12)) !== undefined

/**
 * A typed array over shared memory: the simulation's worker threads receive the compiled plan without a copy each
 * (about 64 bytes a project: 32 MB per worker on a national plan of 500,000 projects).
 */
export const shared = <A extends Int32Array | Uint8Array | Uint32Array | Float64Array>(
  Type: { new(buffer: SharedArrayBuffer): A; readonly BYTES_PER_ELEMENT: number },
  n: number
): A => new Type(new SharedArrayBuffer(n * Type.BYTES_PER_ELEMENT))

/** Compiles the plan of `year` from facts known at the cut, as of D (epoch day): the projects on it at the year's end. */
export const compile = (facts: ReadonlyArray<ProjectFacts.ProjectFacts>, year: number, asOf: number): Compiled => {
  const yearStart = Calendar.startOfYear(year)
  const base = absoluteMonth(year * 100 + 1) - 1 // month index of December of the year before: January = 1
  const rel = (day: number) => absoluteMonth(Calendar.monthOfDay(day)) - base
  const asOfMonth = Math.min(12, Math.max(1, rel(asOf)))
  const plan = facts.filter((f) => onPlanAtYearEnd(f, year)).sort((a, b) => (a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : 0))
  const n = plan.length
  const districts = indexer(), sectors = indexer()
  const c = {
    district: shared(Int32Array, n), sector: shared(Int32Array, n), isNew: shared(Uint8Array, n), signed: shared(Uint8Array, n),
    planned: shared(Float64Array, n), total: shared(Float64Array, n), startMonth: shared(Int32Array, n), plannedStart: shared(Int32Array, n),
    commissionedMonth: shared(Int32Array, n), commissionedBeforeYear: shared(Uint8Array, n), cancelled: shared(Uint8Array, n),
    suspendedSince: shared(Int32Array, n), toppedOutMonth: shared(Int32Array, n), known: shared(Float64Array, n), lastKnown: shared(Int32Array, n),
    remaining: shared(Float64Array, n), reportedWhole: shared(Uint8Array, n)
  }
  const firstReported = firstReportedMonth(facts)
  const happened = (day: number | undefined): day is number => day !== undefined && day <= asOf
  plan.forEach((f, i) => {
    const p = f.plans.get(year)!
    c.district[i] = districts.of(f.district ?? unknownLabel)
    c.sector[i] = sectors.of(f.sector ?? unknownLabel)
    c.isNew[i] = p.isNew ? 1 : 0
    c.signed[i] = happened(f.signedOn) ? 1 : 0
    c.planned[i] = p.plannedInvestment
    c.total[i] = scaleOf(f.totalInvestment, p.plannedInvestment)
    c.startMonth[i] = happened(f.startedOn) ? rel(f.startedOn) : NEVER
    c.plannedStart[i] = p.plannedStart > 0 ? absoluteMonth(p.plannedStart) - base : asOfMonth
    c.commissionedMonth[i] = happened(f.commissionedOn) ? rel(f.commissionedOn) : NEVER
    c.commissionedBeforeYear[i] = happened(f.commissionedOn) && f.commissionedOn < yearStart ? 1 : 0
    c.cancelled[i] = happened(f.cancelledOn) ? 1 : 0
    c.suspendedSince[i] = NEVER
    if (ProjectFacts.isSuspendedOn(f, asOf)) {
      const since = f.suspensions.filter((s) => s.suspended && s.on <= asOf).reduce((a, s) => Math.max(a, s.on), -Infinity)
      c.suspendedSince[i] = rel(since)
    }
    c.toppedOutMonth[i] = happened(f.toppedOutOn) ? rel(f.toppedOutOn) : NEVER
    // This year's reports (known, last month) and every year's (spent), in one pass.
    let known = 0, last = 0, spent = 0
    for (const [period, report] of f.investment) {
      spent += report.amount
      if (Math.floor(period / 100) !== year) continue
      known += report.amount
      last = Math.max(last, period % 100)
    }
    c.known[i] = known
    c.lastKnown[i] = last
    const whole = happened(f.startedOn) && f.totalInvestment > 0 && absoluteMonth(Calendar.monthOfDay(f.startedOn)) >= firstReported
    c.remaining[i] = c.total[i]! - spent
    c.reportedWhole[i] = whole ? 1 : 0
  })
  return {
    year,
    asOfMonth,
    count: n,
    projectIds: plan.map((f) => f.projectId),
    districts: districts.names,
    sectors: sectors.names,
    ...c
  }
}
