/**
 * Rules applied to one project at one meeting: its measures as of D known
 * at K (months its start is overdue, points behind the pace, days
 * suspended, months without investment, how far its plan was cut), every
 * rule whose conditions all hold, and the worst colour among them. A
 * project red at the previous meeting that no red rule catches now takes
 * the recovery colour (red → yellow once caught up).
 */
import { Calendar, ProjectFacts, Units } from "@groundbreak/domain"
import { Estimation } from "@groundbreak/forecast"
import type { FirstPlan } from "./Meetings.ts"
import * as Pace from "./Pace.ts"
import { type Colour, inRange, type Measure, measures, type PaceKind, type Reason, type Rule, type RulesFile, worse } from "./Rules.ts"

/** A plan project as a meeting sees it. */
export interface ProjectState {
  readonly projectId: string
  readonly district: string
  readonly sector: string
  readonly kind: "new" | "continuing"
  readonly started: boolean
  /** 万元 */
  readonly plannedInvestment: number
  /** Completed this year through D's month, latest known reports (万元). */
  readonly completed: number
  /** completed / planned, null without a plan amount. */
  readonly progress: number | null
  /** `YYYY-MM`, when the plan gives one. */
  readonly plannedStart: string | undefined
  readonly startOverdueMonths: number | undefined
  readonly suspendedDays: number | undefined
  readonly monthsWithoutInvestment: number | undefined
  readonly planCutShare: number | undefined
}

export const unknownGroup = "(unknown)"

/** The state of a plan project as of D, or undefined when it is not on the year's plan or is cancelled by D. */
export const stateOf = (facts: ProjectFacts.ProjectFacts, firstPlan: FirstPlan | undefined, year: number, asOf: number): ProjectState | undefined => {
  const plan = facts.plans.get(year)
  if (plan === undefined) return undefined
  if (facts.cancelledOn !== undefined && facts.cancelledOn <= asOf) return undefined
  const month = Calendar.monthOfDay(asOf)
  const started = facts.startedOn !== undefined && facts.startedOn <= asOf
  const completed = ProjectFacts.investmentBetween(facts, year * 100 + 1, month)
  let suspendedDays: number | undefined
  if (ProjectFacts.isSuspendedOn(facts, asOf)) {
    let since = -Infinity
    for (const s of facts.suspensions) if (s.suspended && s.on <= asOf && s.on > since) since = s.on
    suspendedDays = asOf - since
  }
  let monthsWithoutInvestment: number | undefined
  const finished = facts.commissionedOn !== undefined && facts.commissionedOn <= asOf
  if (started && !finished) {
    let last = Calendar.monthOfDay(facts.startedOn!)
    for (const [period, report] of facts.investment) if (report.amount > 0 && period <= month && period > last) last = period
    monthsWithoutInvestment = Math.max(0, Estimation.absoluteMonth(month) - Estimation.absoluteMonth(last))
  }
  return {
    projectId: facts.projectId,
    district: facts.district ?? unknownGroup,
    sector: facts.sector ?? unknownGroup,
    kind: plan.isNew ? "new" : "continuing",
    started,
    plannedInvestment: plan.plannedInvestment,
    completed,
    progress: Units.ratio(completed, plan.plannedInvestment),
    plannedStart: plan.plannedStart > 0 ? Calendar.formatMonth(plan.plannedStart) : undefined,
    startOverdueMonths: plan.isNew && !started && plan.plannedStart > 0
      ? Estimation.absoluteMonth(month) - Estimation.absoluteMonth(plan.plannedStart)
      : undefined,
    suspendedDays,
    monthsWithoutInvestment,
    planCutShare: firstPlan !== undefined && firstPlan.amount > 0
      ? Units.roundHalfUp((firstPlan.amount - plan.plannedInvestment) / firstPlan.amount, 6)
      : undefined
  }
}

/** Points behind a pace, rounded half-up to 0.1 as printed (positive = behind). */
export const pointsBehind = (state: ProjectState, pace: number): number | undefined =>
  state.progress === null ? undefined : Units.roundHalfUp((pace - state.progress) * 100, 1)

/** The value of a measure for a project, against the pace the rule uses. */
export const measureOf = (state: ProjectState, measure: Measure, pace: number): number | undefined =>
  measure === "pointsBehindPace" ? pointsBehind(state, pace) : state[measure]

export interface FiredReason {
  /** The rule's id (`recovery` or `likelyToMiss` for those two). */
  readonly rule: string
  readonly colour: Colour
  readonly zh: string
  readonly en: string
}

export interface ProjectWarning extends ProjectState {
  readonly colour: Colour
  readonly reasons: ReadonlyArray<FiredReason>
  /** The pace of the file (as a fraction) and the points behind it. */
  readonly pace: number
  readonly pointsBehindPace: number | undefined
}

const fmt = (value: number | undefined, kind: "int" | "points" | "share"): string =>
  value === undefined ? "—" : kind === "int" ? String(value) : kind === "points" ? Units.roundHalfUp(value, 1).toFixed(1) : Units.formatPercent(value)

/** A reason with its placeholders filled in. */
export const fill = (reason: Reason, state: ProjectState, pace: number, probability?: number): { zh: string; en: string } => {
  const values: Record<string, string> = {
    startOverdueMonths: fmt(state.startOverdueMonths, "int"),
    pointsBehindPace: fmt(pointsBehind(state, pace), "points"),
    suspendedDays: fmt(state.suspendedDays, "int"),
    monthsWithoutInvestment: fmt(state.monthsWithoutInvestment, "int"),
    planCutShare: fmt(state.planCutShare, "share"),
    progress: state.progress === null ? "—" : Units.formatPercent(state.progress),
    pace: Units.formatPercent(pace),
    plannedStart: state.plannedStart ?? "—",
    probability: probability === undefined ? "—" : Units.formatPercent(probability)
  }
  const apply = (text: string) => text.replace(/\{([^}]*)\}/g, (_, key: string) => values[key] ?? `{${key}}`)
  return { zh: apply(reason.zh), en: apply(reason.en) }
}

/** Whether all of a rule's conditions hold. */
export const holds = (rule: Rule, state: ProjectState, pace: number): boolean => {
  const when = rule.when
  if (when.kind !== undefined && when.kind !== state.kind) return false
  if (when.started !== undefined && when.started !== state.started) return false
  for (const m of measures) {
    const range = when[m]
    if (range === undefined) continue
    const value = measureOf(state, m, pace)
    if (value === undefined || !inRange(value, range)) return false
  }
  return true
}

/** Whether any rule (or the file's pace) needs the seasonal pace. */
export const needsSeasonal = (rules: RulesFile): boolean => rules.pace === "seasonal" || rules.rules.some((r) => r.pace === "seasonal")

/** Applies the rules to one project; `previous` is its colour at the previous meeting. */
export const evaluate = (rules: RulesFile, state: ProjectState, paces: Pace.Paces, previous: Colour | undefined): ProjectWarning => {
  const reasons: Array<FiredReason> = []
  let colour: Colour = "green"
  for (const rule of rules.rules) {
    const pace = Pace.pick(paces, rule.pace ?? rules.pace)
    if (!holds(rule, state, pace)) continue
    reasons.push({ rule: rule.id, colour: rule.colour, ...fill(rule.reason, state, pace) })
    colour = worse(colour, rule.colour)
  }
  const pace = Pace.pick(paces, rules.pace)
  if (previous === "red" && colour !== "red" && rules.recovery !== undefined) {
    reasons.push({ rule: "recovery", colour: rules.recovery.colour, ...fill(rules.recovery.reason, state, pace) })
    colour = worse(colour, rules.recovery.colour)
  }
  return { ...state, colour, reasons, pace, pointsBehindPace: pointsBehind(state, pace) }
}

export type { PaceKind }
