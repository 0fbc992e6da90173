/**
 * The official indicators of a year's key-project plan, as of a valid date
 * and as known at a knowledge cut. This module is the one place the KPI
 * definitions live; everything else (CLI, simulation, backtests) calls it.
 *
 * The plan as of D is every project whose latest annual plan for the year is
 * known by the cut, less those withdrawn from the year's list on or before D
 * (`ProjectFacts.planOn`). Then:
 * - startRate 开工率 = newStarted / newProjects;
 * - startResumeRate 开复工率 = (newStarted + continuingActive) / projects;
 * - completionRate 完成年度计划 = completedInvestment / plannedInvestment.
 *
 * The valid window of plan year Y ends on Y-12-31: a valid date D after it
 * counts as Y-12-31 (see `windowEnd`), so reports, starts and commissionings
 * of the next year never count against Y's plan.
 */
import { Calendar, ProjectFacts, Units } from "@groundbreak/domain"

export interface KpiValues {
  readonly projects: number
  readonly newProjects: number
  readonly newStarted: number
  readonly startRate: number | null
  readonly continuingProjects: number
  readonly continuingActive: number
  readonly startResumeRate: number | null
  /** 万元 */
  readonly plannedInvestment: number
  /** 万元 */
  readonly completedInvestment: number
  readonly completionRate: number | null
  readonly commissioned: number
  readonly toppedOut: number
}

export type GroupBy = "district" | "sector" | "kind"

export interface KpiQuery {
  readonly year: number
  /** Valid date D, epoch day (a date after Y-12-31 counts as Y-12-31). */
  readonly asOf: number
}

/** The last valid day of plan year Y's window: Y-12-31 (epoch day). */
export const windowEnd = (year: number): number => Calendar.startOfYear(year + 1) - 1

/** The valid date the indicators of `query.year` are computed at: D, capped at Y-12-31. */
export const effectiveAsOf = (query: KpiQuery): number => Math.min(query.asOf, windowEnd(query.year))

/** Running sums of one group; rates are derived when the group is finished. */
interface Tally {
  projects: number
  newProjects: number
  newStarted: number
  continuingProjects: number
  continuingActive: number
  plannedInvestment: number
  completedInvestment: number
  commissioned: number
  toppedOut: number
}

const emptyTally = (): Tally => ({
  projects: 0,
  newProjects: 0,
  newStarted: 0,
  continuingProjects: 0,
  continuingActive: 0,
  plannedInvestment: 0,
  completedInvestment: 0,
  commissioned: 0,
  toppedOut: 0
})

/**
 * A continuing project is active as of D when it has started by D, is not
 * cancelled by D, was not commissioned before the plan year, and is not
 * suspended on D.
 */
export const isContinuingActive = (
  startedByD: boolean,
  cancelledByD: boolean,
  commissionedBeforeYear: boolean,
  suspendedOnD: boolean
): boolean => startedByD && !cancelledByD && !commissionedBeforeYear && !suspendedOnD

/** 开工率 */
export const startRate = (newStarted: number, newProjects: number): number | null => Units.ratio(newStarted, newProjects)
/** 开复工率 */
export const startResumeRate = (newStarted: number, continuingActive: number, projects: number): number | null =>
  Units.ratio(newStarted + continuingActive, projects)
/** 完成年度计划 */
export const completionRate = (completed: number, planned: number): number | null => Units.ratio(completed, planned)

const finish = (t: Tally): KpiValues => ({
  projects: t.projects,
  newProjects: t.newProjects,
  newStarted: t.newStarted,
  startRate: startRate(t.newStarted, t.newProjects),
  continuingProjects: t.continuingProjects,
  continuingActive: t.continuingActive,
  startResumeRate: startResumeRate(t.newStarted, t.continuingActive, t.projects),
  plannedInvestment: t.plannedInvestment,
  completedInvestment: t.completedInvestment,
  completionRate: completionRate(t.completedInvestment, t.plannedInvestment),
  commissioned: t.commissioned,
  toppedOut: t.toppedOut
})

const within = (day: number | undefined, from: number, to: number): boolean => day !== undefined && day >= from && day <= to
const onOrBefore = (day: number | undefined, limit: number): boolean => day !== undefined && day <= limit

/** Adds one project's contribution to a tally; returns whether it is on the year's plan. */
const tallyProject = (t: Tally, facts: ProjectFacts.ProjectFacts, year: number, asOf: number): boolean => {
  const plan = ProjectFacts.planOn(facts, year, asOf)
  if (plan === undefined) return false
  const yearStart = Calendar.startOfYear(year)
  const started = onOrBefore(facts.startedOn, asOf)
  t.projects++
  if (plan.isNew) {
    t.newProjects++
    if (started) t.newStarted++
  } else {
    t.continuingProjects++
    const active = isContinuingActive(
      started,
      onOrBefore(facts.cancelledOn, asOf),
      facts.commissionedOn !== undefined && facts.commissionedOn < yearStart,
      ProjectFacts.isSuspendedOn(facts, asOf)
    )
    if (active) t.continuingActive++
  }
  t.plannedInvestment += plan.plannedInvestment
  t.completedInvestment += ProjectFacts.investmentBetween(
    facts,
    year * 100 + 1,
    Calendar.monthOfDay(asOf)
  )
  if (within(facts.commissionedOn, yearStart, asOf)) t.commissioned++
  if (within(facts.toppedOutOn, yearStart, asOf)) t.toppedOut++
  return true
}

/** The indicators of the plan for `query.year` over a folded portfolio. */
export const compute = (projects: Iterable<ProjectFacts.ProjectFacts>, query: KpiQuery): KpiValues => {
  const total = emptyTally()
  const asOf = effectiveAsOf(query)
  for (const facts of projects) tallyProject(total, facts, query.year, asOf)
  return finish(total)
}

export const unknownGroup = "(unknown)"

/** The group key of a plan project. */
export const groupKey = (facts: ProjectFacts.ProjectFacts, year: number, by: GroupBy): string => {
  switch (by) {
    case "district":
      return facts.district ?? unknownGroup
    case "sector":
      return facts.sector ?? unknownGroup
    case "kind":
      return facts.plans.get(year)?.isNew ? "new" : "continuing"
  }
}

export interface GroupedKpis {
  readonly total: KpiValues
  readonly groups: ReadonlyArray<{ readonly key: string; readonly values: KpiValues }>
}

/** The indicators in total and per group, groups sorted by key. */
export const computeGrouped = (
  projects: Iterable<ProjectFacts.ProjectFacts>,
  query: KpiQuery,
  by: GroupBy
): GroupedKpis => {
  const total = emptyTally()
  const groups = new Map<string, Tally>()
  const asOf = effectiveAsOf(query)
  for (const facts of projects) {
    if (!tallyProject(total, facts, query.year, asOf)) continue
    const key = groupKey(facts, query.year, by)
    let tally = groups.get(key)
    if (tally === undefined) groups.set(key, tally = emptyTally())
    tallyProject(tally, facts, query.year, asOf)
  }
  return {
    total: finish(total),
    groups: [...groups.entries()]
      .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
      .map(([key, tally]) => ({ key, values: finish(tally) }))
  }
}
