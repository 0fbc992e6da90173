/**
 * The official indicators of a year's key-project plan, as of a valid date
 * and as known at a knowledge cut. This module is the one place the KPI
 * definitions live, each declared once (name, labels, unit, formula, whether
 * a breakdown shows it: `tallied` and `rates`; the rates' formulas in
 * KpiFormulas, re-exported here); everything else (CLI output
 * and labels, simulation, backtests) derives from {@link indicators} or calls
 * the formulas.
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
import { Calendar, ProjectFacts } from "@groundbreak/domain"
import { completionRate, isContinuingActive, startRate, startResumeRate } from "./KpiFormulas.ts"

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

export { completionRate, isContinuingActive, startRate, startResumeRate }

/** What one project on the year's plan is as of D: what every tallied indicator counts or sums. */
export interface OnPlan {
  readonly isNew: boolean
  /** Started on or before D. */
  readonly started: boolean
  /** A continuing project active on D ({@link isContinuingActive}); false for a new project. */
  readonly continuingActive: boolean
  /** 万元 */
  readonly plannedInvestment: number
  /** Reported for the months of the year up to D's, latest known reports (万元). */
  readonly completedInvestment: number
  /** Commissioned in the year, on or before D. */
  readonly commissioned: boolean
  /** Topped out in the year, on or before D. */
  readonly toppedOut: boolean
}

export interface Label {
  readonly zh: string
  readonly en: string
}

/**
 * An indicator's unit, which says how it is shown: a count as is; money in
 * 万元, shown in 亿元 (tables) or 万元 to 0.01 (JSON, CSV); a ratio as a
 * fraction, shown as a percentage in tables.
 */
export type Unit = "count" | "wan" | "ratio"

/** An indicator tallied over the projects on the plan: a count or a sum. */
interface Tallied {
  readonly unit: "count" | "wan"
  /** Its name as shown, without the unit. */
  readonly label: Label
  /** Whether a breakdown table (by district, sector or kind) has a column for it; JSON and CSV carry every indicator. */
  readonly inBreakdown: boolean
  /** What one project on the plan adds. */
  readonly add: (p: OnPlan) => number
}

/**
 * The tallied indicators, in the order they are shown (a rate is shown right
 * after the tally it names in `after`).
 */
const tallied = {
  projects: { unit: "count", label: { zh: "重点项目数", en: "Key projects" }, inBreakdown: true, add: () => 1 },
  newProjects: { unit: "count", label: { zh: "新建项目数", en: "New projects" }, inBreakdown: true, add: (p) => p.isNew ? 1 : 0 },
  newStarted: {
    unit: "count",
    label: { zh: "新建已开工", en: "New projects started" },
    inBreakdown: true,
    add: (p) => p.isNew && p.started ? 1 : 0
  },
  continuingProjects: {
    unit: "count",
    label: { zh: "续建项目数", en: "Continuing projects" },
    inBreakdown: false,
    add: (p) => p.isNew ? 0 : 1
  },
  continuingActive: {
    unit: "count",
    label: { zh: "续建在建(已复工)", en: "Continuing, active" },
    inBreakdown: false,
    add: (p) => p.continuingActive ? 1 : 0
  },
  plannedInvestment: {
    unit: "wan",
    label: { zh: "年度计划投资", en: "Annual planned investment" },
    inBreakdown: true,
    add: (p) => p.plannedInvestment
  },
  completedInvestment: {
    unit: "wan",
    label: { zh: "完成投资", en: "Completed investment" },
    inBreakdown: true,
    add: (p) => p.completedInvestment
  },
  commissioned: { unit: "count", label: { zh: "竣工投产", en: "Commissioned" }, inBreakdown: false, add: (p) => p.commissioned ? 1 : 0 },
  toppedOut: { unit: "count", label: { zh: "封顶", en: "Topped out" }, inBreakdown: false, add: (p) => p.toppedOut ? 1 : 0 }
} as const satisfies Record<string, Tallied>

type TalliedName = keyof typeof tallied

/** The tallies of a group of projects. */
export type Tallies = { readonly [K in TalliedName]: number }

/** An indicator that is a ratio of tallies (`null` when its denominator is 0). */
interface Rate {
  /** The tally it is shown after. */
  readonly after: TalliedName
  readonly label: Label
  readonly inBreakdown: boolean
  readonly of: (t: Tallies) => number | null
}

const rates = {
  startRate: {
    after: "newStarted",
    label: { zh: "开工率", en: "Start rate" },
    inBreakdown: true,
    of: (t) => startRate(t.newStarted, t.newProjects)
  },
  startResumeRate: {
    after: "continuingActive",
    label: { zh: "开复工率", en: "Start-and-resume rate" },
    inBreakdown: true,
    of: (t) => startResumeRate(t.newStarted, t.continuingActive, t.projects)
  },
  completionRate: {
    after: "completedInvestment",
    label: { zh: "完成年度计划", en: "Share of annual plan completed" },
    inBreakdown: true,
    of: (t) => completionRate(t.completedInvestment, t.plannedInvestment)
  }
} as const satisfies Record<string, Rate>

type RateName = keyof typeof rates

export type KpiName = TalliedName | RateName

/** The indicators of a group of projects, in the order they are shown. */
export type KpiValues = Tallies & { readonly [K in RateName]: number | null }

/** One indicator, as every output shows it. */
export interface Indicator {
  readonly name: KpiName
  readonly unit: Unit
  readonly label: Label
  readonly inBreakdown: boolean
}

const talliedNames = Object.keys(tallied) as Array<TalliedName>
const rateNames = Object.keys(rates) as Array<RateName>

/** Every indicator, in the order they are shown (and written in JSON and CSV). */
export const indicators: ReadonlyArray<Indicator> = talliedNames.flatMap((name): Array<Indicator> => [
  { name, unit: tallied[name].unit, label: tallied[name].label, inBreakdown: tallied[name].inBreakdown },
  ...rateNames.filter((rate) => rates[rate].after === name)
    .map((rate): Indicator => ({ name: rate, unit: "ratio", label: rates[rate].label, inBreakdown: rates[rate].inBreakdown }))
])

/** Running tallies of one group, indexed like `talliedNames`; rates are derived when the group is finished. */
type Tally = Array<number>

const adders = talliedNames.map((name) => tallied[name].add)

const emptyTally = (): Tally => talliedNames.map(() => 0)

const finish = (t: Tally): KpiValues => {
  const tallies = Object.fromEntries(talliedNames.map((name, i) => [name, t[i]!])) as Tallies
  return Object.fromEntries(
    indicators.map(({ name }) => [name, name in rates ? rates[name as RateName].of(tallies) : tallies[name as TalliedName]])
  ) as KpiValues
}

const within = (day: number | undefined, from: number, to: number): boolean => day !== undefined && day >= from && day <= to
const onOrBefore = (day: number | undefined, limit: number): boolean => day !== undefined && day <= limit

/** What a project is as of `asOf` on the plan of `year`; `undefined` when it is not on that plan then. */
export const onPlan = (facts: ProjectFacts.ProjectFacts, year: number, asOf: number): OnPlan | undefined => {
  const plan = ProjectFacts.planOn(facts, year, asOf)
  if (plan === undefined) return undefined
  const yearStart = Calendar.startOfYear(year)
  const started = onOrBefore(facts.startedOn, asOf)
  return {
    isNew: plan.isNew,
    started,
    continuingActive: !plan.isNew && isContinuingActive(
      started,
      onOrBefore(facts.cancelledOn, asOf),
      facts.commissionedOn !== undefined && facts.commissionedOn < yearStart,
      ProjectFacts.isSuspendedOn(facts, asOf)
    ),
    plannedInvestment: plan.plannedInvestment,
    completedInvestment: ProjectFacts.investmentBetween(facts, year * 100 + 1, Calendar.monthOfDay(asOf)),
    commissioned: within(facts.commissionedOn, yearStart, asOf),
    toppedOut: within(facts.toppedOutOn, yearStart, asOf)
  }
}

const tallyProject = (t: Tally, p: OnPlan): void => {
  for (let i = 0; i < adders.length; i++) t[i]! += adders[i]!(p)
}

/** The indicators of the plan for `query.year` over a folded portfolio. */
export const compute = (projects: Iterable<ProjectFacts.ProjectFacts>, query: KpiQuery): KpiValues => {
  const total = emptyTally()
  const asOf = effectiveAsOf(query)
  for (const facts of projects) {
    const p = onPlan(facts, query.year, asOf)
    if (p !== undefined) tallyProject(total, p)
  }
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
    const p = onPlan(facts, query.year, asOf)
    if (p === undefined) continue
    tallyProject(total, p)
    const key = groupKey(facts, query.year, by)
    let tally = groups.get(key)
    if (tally === undefined) groups.set(key, tally = emptyTally())
    tallyProject(tally, p)
  }
  return {
    total: finish(total),
    groups: [...groups.entries()]
      .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
      .map(([key, tally]) => ({ key, values: finish(tally) }))
  }
}
