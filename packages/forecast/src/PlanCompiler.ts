/**
 * Compiling the plan of a year from the project facts known at a cut, as of a valid date, into the simulation's
 * starting state (CompiledPlan): the projects on the plan at the year's end, in project-id order, with their
 * districts and sectors indexed.
 */
import { Calendar, ProjectFacts } from "@groundbreak/domain"
import { type Compiled, NEVER, shared, unknownLabel } from "./CompiledPlan.ts"
import { absoluteMonth, firstReportedMonth, scaleOf } from "./Estimation.ts"

/**
 * Whether a project stays on the plan of `year` through its end, as known at
 * the cut: a project already withdrawn from the year's list, or known to be
 * withdrawn later in the year, is not simulated.
 */
export const onPlanAtYearEnd = (facts: ProjectFacts.ProjectFacts, year: number): boolean =>
  ProjectFacts.planOn(facts, year, Calendar.endOfMonth(year * 100 + 12)) !== undefined

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
