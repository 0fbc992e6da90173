/**
 * Synthesizing a project-level ledger that reproduces an article's
 * published aggregates: "530 key projects completed 1050.3亿 by September;
 * 238 of 286 new projects started". The seeded generator makes a plausible
 * city (earlier cohorts included, so the model has history to learn from);
 * then the plan year is fitted to the figures, one phase at a time:
 *
 * 1. {@link countsOf}: the counts the figures imply (projects, new, started, continuing active);
 * 2. {@link generate}: cohorts generated until there are enough continuing candidates;
 * 3. {@link chooseContinuing}: which continuing projects are on the plan, and active on D;
 * 4. {@link fitStarts}: exactly how many new projects have started by D;
 * 5. {@link knownByTheCut}: what the figures count is known at the cut, then each stream repaired;
 * 6. {@link assignSectors}: the published counts of named sectors;
 * 7. {@link rakeInvestment}: the year-to-date investment raked over kind × sector (`Raking`, pure) to the published totals;
 * 8. {@link scalePlans}: planned investment set from the published plans or completion rates.
 *
 * The KPIs as of the date, as known then, are then compared with the
 * published ones, figure by figure (`Kpis`, the one definition). Dates are
 * `Calendar` epoch days; the same seed gives the same ledger.
 */
import { Calendar, CompactEvent, KnowledgeCut, Lifecycle, type ProjectEvent, ProjectFacts } from "@groundbreak/domain"
import { Kpis } from "@groundbreak/indicators"
import { Scenario } from "@groundbreak/scenario"
import { generateLedger } from "./LedgerGenerator.ts"
import * as Raking from "./Raking.ts"
import { SeededRandom } from "./SeededRandom.ts"

export interface Finding {
  /** e.g. `total.newStarted`, `bySector.industrial.completedInvestment` */
  readonly figure: string
  readonly published: number
  readonly reproduced: number | null
  readonly ok: boolean
}

export interface Synthesized {
  readonly events: ReadonlyArray<ProjectEvent.ProjectEvent>
  readonly findings: ReadonlyArray<Finding>
  /** The date and cut the figures are reproduced at. */
  readonly year: number
  readonly asOf: string
  readonly knownAt: string
}

type Event = ProjectEvent.ProjectEvent
type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const money = (m: { readonly unit: Scenario.MoneyUnit; readonly value: number } | undefined): number | undefined =>
  m === undefined ? undefined : Scenario.toWan(m.unit, m.value)

const round2 = (x: number) => Math.round(x * 100) / 100

// ── Moving a project's construction ─────────────────────────────────────────

const shiftDate = (date: string, months: number): string => Calendar.formatDate(Calendar.addMonthsToDay(Calendar.parseDate(date)!, months))
/** An instant's local date moved by whole months, its time and offset kept. */
const shiftInstant = (instant: string, months: number): string => shiftDate(instant.slice(0, 10), months) + instant.slice(10)

/** Moves a project's construction (everything after its signing and plans) by whole months. */
const shiftConstruction = (events: ReadonlyArray<Event>, months: number): Array<Event> =>
  events.map((e) => {
    if (e.type === "ProjectSigned" || e.type === "AnnualPlanSet") return e
    const moved = { ...e, occurredOn: shiftDate(e.occurredOn, months), knownAt: shiftInstant(e.knownAt, months) } as Mutable<Event>
    if (e.type === "InvestmentReported") {
      ;(moved as Mutable<ProjectEvent.EventOf<"InvestmentReported">>).data = {
        ...e.data,
        period: Calendar.formatMonth(Calendar.addMonths(Calendar.parseMonth(e.data.period)!, months))
      }
    }
    return moved as Event
  })

/** Drops events that break the lifecycle rules, in valid time or knowledge order (after shifts), until the stream is valid. */
const repair = (events: Array<Event>): Array<Event> => {
  let current = events
  for (;;) {
    const steps = current.map((e) => ({ type: e.type, occurredOn: e.occurredOn, knownAt: Calendar.parseInstant(e.knownAt)! }))
    const bad = new Set(Lifecycle.validateKnownStream(steps).map((v) => v.index))
    if (bad.size === 0) return current
    current = current.filter((_, i) => !bad.has(i))
  }
}

// ── Figures ─────────────────────────────────────────────────────────────────

const decimalsOf = (value: number): number => {
  const text = String(value)
  return text.includes(".") ? text.length - text.indexOf(".") - 1 : 0
}

/** Whether `reproduced` rounds to what was published (money to 0.1亿, rates to the digits written). */
const matches = (key: string, published: number, reproduced: number | null): boolean => {
  if (reproduced === null) return false
  if (key.endsWith("Investment")) return Math.abs(published - reproduced) <= 500 // 0.05亿
  if (key.endsWith("Rate")) return Math.abs(published - reproduced) <= 0.5 * 10 ** -decimalsOf(published) + 1e-12
  return published === reproduced
}

const figuresOf = (f: Scenario.PublishedFigures): Array<[string, number]> =>
  Object.entries(f).map(([key, value]) => [key, typeof value === "number" ? value : Scenario.toWan(value.unit, value.value)])

/** Published figures against the KPIs reproduced. */
export const compare = (
  published: Scenario.Synthesize["published"],
  kpis: { total: Kpis.KpiValues; byKind: ReadonlyMap<string, Kpis.KpiValues>; bySector: ReadonlyMap<string, Kpis.KpiValues> }
): Array<Finding> => {
  const findings: Array<Finding> = []
  const add = (prefix: string, figures: Scenario.PublishedFigures | undefined, values: Kpis.KpiValues | undefined) => {
    for (const [key, value] of figuresOf(figures ?? {})) {
      const reproduced = values === undefined ? null : (values as unknown as Record<string, number | null>)[key] ?? null
      findings.push({ figure: `${prefix}.${key}`, published: value, reproduced, ok: matches(key, value, reproduced) })
    }
  }
  add("total", published.total, kpis.total)
  add("byKind.new", published.byKind?.new, kpis.byKind.get("new"))
  add("byKind.continuing", published.byKind?.continuing, kpis.byKind.get("continuing"))
  for (const [sector, figures] of Object.entries(published.bySector ?? {})) add(`bySector.${sector}`, figures, kpis.bySector.get(sector))
  return findings
}

/** KPIs of a ledger at (year, asOf) as known at the cut, in total and by kind and sector. */
export const kpisOf = (events: ReadonlyArray<Event>, year: number, asOf: number, knownBy: number) => {
  const portfolio = new ProjectFacts.Portfolio()
  events.forEach((e, i) => {
    const c = CompactEvent.compact(e, i + 1)
    if (KnowledgeCut.isKnownBy(c.knownAt, knownBy)) portfolio.add(c)
  })
  const facts = [...portfolio.projects.values()]
  const query = { year, asOf }
  const groups = (by: Kpis.GroupBy) => new Map(Kpis.computeGrouped(facts, query, by).groups.map((g) => [g.key, g.values]))
  return { total: Kpis.compute(facts, query), byKind: groups("kind"), bySector: groups("sector") }
}

// ── Phase 1: the counts the figures imply ──────────────────────────────────

/** The counts a synthesized plan must have: projects P (when published), new N, continuing C, new started S, continuing active A. */
export interface Counts {
  readonly newProjects: number
  readonly continuingProjects: number
  readonly newStarted: number
  readonly continuingActive: number
}

/**
 * The counts of the plan from the published figures, in total or by kind:
 * what is not published is derived from what is (N from started and the
 * start rate, or from P − C; A from the start-and-resume rate), else a
 * plausible default (55% new, 80% started, every continuing project active).
 */
export const countsOf = (published: Scenario.Synthesize["published"]): Counts => {
  const t = published.total, kindNew = published.byKind?.new ?? {}, kindCont = published.byKind?.continuing ?? {}
  const P = t.projects ?? ((kindNew.projects ?? 0) + (kindCont.projects ?? 0) || undefined)
  let N = t.newProjects ?? kindNew.projects
  let C = t.continuingProjects ?? kindCont.projects
  if (N === undefined && t.newStarted !== undefined && t.startRate !== undefined) N = Math.round(t.newStarted / t.startRate)
  if (N === undefined && P !== undefined && C !== undefined) N = P - C
  if (N === undefined) N = Math.round((P ?? 100) * 0.55)
  if (C === undefined) C = (P ?? N * 2) - N
  const S = t.newStarted ?? kindNew.newStarted ?? Math.round((t.startRate ?? 0.8) * N)
  const A = Math.max(0, Math.min(C, t.continuingActive ?? kindCont.continuingActive ??
    (t.startResumeRate !== undefined ? Math.round(t.startResumeRate * (N + C)) - S : C)))
  return { newProjects: N, continuingProjects: C, newStarted: S, continuingActive: A }
}

// ── The projects being fitted ───────────────────────────────────────────────

/** A project's events, replaced phase by phase. */
interface Project {
  readonly id: string
  events: Array<Event>
}

/** Where the figures stand: plan year, valid date D and knowledge cut K. */
interface Cut {
  readonly year: number
  readonly asOf: string
  /** D, epoch day. */
  readonly day: number
  readonly knownAt: string
  /** K, epoch ms. */
  readonly knownBy: number
  /** K's date in China time. */
  readonly knownDate: string
}

const planOf = (p: Project, year: number) =>
  p.events.filter((e): e is ProjectEvent.EventOf<"AnnualPlanSet"> => e.type === "AnnualPlanSet" && e.data.year === year)
const dateOf = (p: Project, type: ProjectEvent.EventType) => p.events.find((e) => e.type === type)?.occurredOn
const hasPlan = (p: Project, year: number, kind: ProjectEvent.PlanKind) => planOf(p, year).some((e) => e.data.kind === kind)

/** A project's facts from all its events (whatever is known when). */
const factsOf = (p: Project): ProjectFacts.ProjectFacts => {
  const facts = ProjectFacts.empty(p.id)
  p.events.forEach((e, i) => ProjectFacts.apply(facts, CompactEvent.compact(e, i + 1)))
  return facts
}

const onOrBefore = (day: number | undefined, limit: number) => day !== undefined && day <= limit

/** Whether a continuing project is active on D, as `Kpis` counts it. */
const activeOn = (p: Project, cut: Cut): boolean => {
  const facts = factsOf(p)
  return Kpis.isContinuingActive(
    onOrBefore(facts.startedOn, cut.day),
    onOrBefore(facts.cancelledOn, cut.day),
    facts.commissionedOn !== undefined && facts.commissionedOn < Calendar.startOfYear(cut.year),
    ProjectFacts.isSuspendedOn(facts, cut.day)
  )
}

// ── Phase 2: generation ─────────────────────────────────────────────────────

/**
 * The generated city until the end of the later of the plan year and the
 * scenario's, with earlier cohorts grown until there are at least C
 * continuing candidates, A of them active on D (at most six tries).
 */
const generate = (spec: Scenario.Synthesize, scenario: Scenario.Scenario, counts: Counts, cut: Cut) => {
  const { year } = cut, N = counts.newProjects, C = counts.continuingProjects
  const lastYear = Math.max(year, scenario.year)
  const firstYear = spec.historyFrom ?? year - 3
  let previous = Math.max(1, Math.ceil((C * 1.25) / 1.3))
  let projects: Array<Project> = []
  let candidates: Array<Project> = []
  for (let attempt = 0; attempt < 6; attempt++) {
    const cohortSizes: Record<number, number> = { [year]: N }
    for (let y = firstYear; y < year; y++) cohortSizes[y] = previous
    const byProject = new Map<string, Array<Event>>()
    for (const e of generateLedger({
      seed: spec.seed,
      prefix: spec.prefix,
      firstYear,
      lastYear,
      newPerYear: N,
      cohortSizes,
      until: `${lastYear + 1}-01-31`,
      ...(spec.districts === undefined ? {} : { districts: spec.districts }),
      ...(spec.northern === undefined ? {} : { northern: spec.northern })
    })) {
      let list = byProject.get(e.projectId)
      if (list === undefined) byProject.set(e.projectId, list = [])
      list.push(e)
    }
    projects = [...byProject].map(([id, events]) => ({ id, events }))
    candidates = projects.filter((p) => hasPlan(p, year, "continuing"))
    if (candidates.length >= C && candidates.filter((p) => activeOn(p, cut)).length >= counts.continuingActive) break
    previous = Math.ceil(previous * 1.4)
  }
  return { projects, candidates }
}

// ── Phase 3: the continuing projects ────────────────────────────────────────

/**
 * A continuing projects active on D and C − A not (active ones suspended
 * just before D when there are not enough idle ones); the other candidates
 * leave the year's plan. Returns the projects on the plan, new ones included.
 */
const chooseContinuing = (projects: ReadonlyArray<Project>, candidates: ReadonlyArray<Project>, counts: Counts, cut: Cut): Set<string> => {
  const A = counts.continuingActive, C = counts.continuingProjects
  const activeOnes = candidates.filter((p) => activeOn(p, cut)), idle = candidates.filter((p) => !activeOn(p, cut))
  const chosenActive = activeOnes.slice(0, A)
  const chosenIdle = idle.slice(0, C - A)
  for (const p of activeOnes.slice(A, A + (C - A - chosenIdle.length))) {
    // Not enough idle projects: suspend active ones shortly before D, to resume a month after.
    const on = Calendar.formatDate(cut.day - 10)
    const back = Calendar.formatDate(cut.day + 25)
    p.events.push(
      { eventId: `${p.id}/s-synth`, projectId: p.id, type: "ProjectSuspended", occurredOn: on, knownAt: `${on}T17:00:00+08:00`, data: { reason: "停工待料" } },
      { eventId: `${p.id}/r-synth`, projectId: p.id, type: "ProjectResumed", occurredOn: back, knownAt: `${back}T17:00:00+08:00`, data: {} }
    )
    chosenIdle.push(p)
  }
  const onPlan = new Set([...chosenActive, ...chosenIdle].map((p) => p.id))
  for (const p of candidates) {
    if (!onPlan.has(p.id)) p.events = p.events.filter((e) => !(e.type === "AnnualPlanSet" && e.data.year === cut.year))
  }
  for (const p of projects) if (hasPlan(p, cut.year, "new")) onPlan.add(p.id)
  return onPlan
}

// ── Phase 4: the new projects' starts ───────────────────────────────────────

/** Exactly S new projects started by D: the latest starts moved after D (by one to three months), or later ones before it. */
const fitStarts = (newProjects: ReadonlyArray<Project>, started: number, cut: Cut, random: SeededRandom): void => {
  const startOf = (p: Project) => dateOf(p, "ProjectStarted")
  const startedByD = newProjects.filter((p) => (startOf(p) ?? "9999") <= cut.asOf).sort((a, b) => startOf(b)!.localeCompare(startOf(a)!))
  const later = newProjects.filter((p) => startOf(p) !== undefined && startOf(p)! > cut.asOf).sort((a, b) => startOf(a)!.localeCompare(startOf(b)!))
  const monthsFrom = (from: string, to: string) => Calendar.monthsBetween(Calendar.parseDate(from)!, Calendar.parseDate(to)!)
  for (const p of startedByD.slice(0, Math.max(0, startedByD.length - started))) {
    p.events = shiftConstruction(p.events, monthsFrom(startOf(p)!, cut.asOf) + 1 + random.int(0, 2))
  }
  let missing = Math.max(0, started - startedByD.length)
  for (const p of later) {
    if (missing === 0) break
    const signed = dateOf(p, "ProjectSigned")!
    const moved = shiftConstruction(p.events, -(monthsFrom(cut.asOf, startOf(p)!) + 1))
    if (startOf({ id: p.id, events: moved })! <= signed) continue
    p.events = moved
    missing--
  }
}

// ── Phase 5: known by the cut ───────────────────────────────────────────────

/**
 * What the figures count is known at the cut: starts by D of the new
 * projects, the year's plan of every project on it (a plan set later is
 * moved to just before the cut), and what had happened by D to them
 * (reports keep their own lag). Then every stream is put in date order and
 * repaired.
 */
const knownByTheCut = (projects: ReadonlyArray<Project>, newProjects: ReadonlyArray<Project>, onPlan: ReadonlySet<string>, cut: Cut): void => {
  const { knownBy, knownDate } = cut
  for (const p of newProjects) {
    const e = p.events.find((x) => x.type === "ProjectStarted")
    if (e !== undefined && e.occurredOn <= cut.asOf && Calendar.parseInstant(e.knownAt)! > knownBy) {
      ;(e as Mutable<Event>).knownAt = `${e.occurredOn.slice(0, 10) < knownDate ? e.occurredOn : knownDate}T08:00:00+08:00`
    }
  }
  const dayBefore = Calendar.formatDate(Calendar.parseDate(knownDate)! - 1)
  for (const p of projects) {
    if (!onPlan.has(p.id)) continue
    const plans = planOf(p, cut.year)
    if (plans.length === 0 || plans.some((e) => Calendar.parseInstant(e.knownAt)! <= knownBy)) continue
    const first = plans[0]!
    const moved = { ...first, occurredOn: first.occurredOn < dayBefore ? first.occurredOn : dayBefore, knownAt: `${dayBefore}T09:00:00+08:00` }
    p.events = p.events.map((e) => e === first ? moved : e)
  }
  for (const p of projects) {
    if (!onPlan.has(p.id)) continue
    p.events = p.events.map((e) =>
      e.type !== "InvestmentReported" && e.type !== "AnnualPlanSet" && e.occurredOn <= cut.asOf && Calendar.parseInstant(e.knownAt)! > knownBy
        ? { ...e, knownAt: `${e.occurredOn < knownDate ? knownDate : e.occurredOn}T08:00:00+08:00` }
        : e)
  }
  for (const p of projects) p.events = repair(p.events.sort((a, b) => a.occurredOn.localeCompare(b.occurredOn)))
}

// ── Phase 6: sectors ────────────────────────────────────────────────────────

const signedOf = (p: Project) => p.events.find((e): e is ProjectEvent.EventOf<"ProjectSigned"> => e.type === "ProjectSigned")

/** The published project counts of named sectors: extra projects of a sector moved to a fallback sector, missing ones taken from the unnamed. */
const assignSectors = (plan: ReadonlyArray<Project>, published: Scenario.Synthesize["published"]): void => {
  const setSector = (p: Project, sector: string) => {
    p.events = p.events.map((e) => e.type === "ProjectSigned" ? { ...e, data: { ...e.data, sector } } : e)
  }
  const named = Object.entries(published.bySector ?? {}).filter(([, f]) => f.projects !== undefined)
  const namedSet = new Set(named.map(([s]) => s))
  const fallbackSector = ["infrastructure", "social", "services"].find((s) => !namedSet.has(s)) ?? "other"
  for (const [sector, figures] of named) {
    const want = figures.projects!
    const have = plan.filter((p) => signedOf(p)?.data.sector === sector)
    for (const p of have.slice(want)) setSector(p, fallbackSector)
    const pool = plan.filter((p) => !namedSet.has(signedOf(p)?.data.sector ?? ""))
    for (const p of pool.slice(0, Math.max(0, want - have.length))) setSector(p, sector)
  }
}

// ── Phase 7: investment ─────────────────────────────────────────────────────

const kinds = ["new", "continuing"] as const
type Kind = (typeof kinds)[number]

/** The group of sectors with no published investment. */
export const otherSectors = "(other)"

/** The wanted margins of completed investment (万元): total, by kind and by sector group (`undefined`: free). */
export interface InvestmentMargins {
  readonly total: number | undefined
  readonly byKind: ReadonlyMap<Kind, number | undefined>
  readonly bySector: ReadonlyMap<string, number | undefined>
}

/**
 * The margins of completed investment the figures set. A kind not published
 * is the total less the other; the sectors with no published investment
 * form one group, {@link otherSectors}, which takes the total less the
 * named ones (with only a total published, that group is the one column and
 * its margin the total). Pure.
 */
export const investmentMargins = (published: Scenario.Synthesize["published"], sectorGroups: ReadonlyArray<string>): InvestmentMargins => {
  const total = money(published.total.completedInvestment)
  const byKind = new Map<Kind, number | undefined>([
    ["new", money(published.byKind?.new?.completedInvestment)],
    ["continuing", money(published.byKind?.continuing?.completedInvestment)]
  ])
  if (total !== undefined) {
    if (byKind.get("new") === undefined && byKind.get("continuing") !== undefined) byKind.set("new", total - byKind.get("continuing")!)
    if (byKind.get("continuing") === undefined && byKind.get("new") !== undefined) byKind.set("continuing", total - byKind.get("new")!)
  }
  const bySector = new Map<string, number | undefined>(
    sectorGroups.map((g) => [g, g === otherSectors ? undefined : money(published.bySector![g]!.completedInvestment)])
  )
  if (total !== undefined) bySector.set(otherSectors, total - [...bySector.values()].reduce<number>((s, v) => s + (v ?? 0), 0))
  return { total, byKind, bySector }
}

/** The latest known report of each month of the year up to D's. */
const knownReports = (p: Project, cut: Cut) => {
  const endMonth = Calendar.monthOfDay(cut.day)
  const latest = new Map<string, ProjectEvent.EventOf<"InvestmentReported">>()
  for (const e of p.events) {
    if (e.type !== "InvestmentReported" || Calendar.parseInstant(e.knownAt)! > cut.knownBy) continue
    const period = Calendar.parseMonth(e.data.period)!
    if (period < cut.year * 100 + 1 || period > endMonth) continue
    const before = latest.get(e.data.period)
    if (before === undefined || Calendar.parseInstant(e.knownAt)! >= Calendar.parseInstant(before.knownAt)!) latest.set(e.data.period, e)
  }
  return [...latest.values()]
}
const knownTotal = (p: Project, cut: Cut) => knownReports(p, cut).reduce((s, e) => s + e.data.amount, 0)

/** Scales every report of the plan year of `p` by `factor`, to 0.01 万元. */
const scaleReports = (p: Project, year: number, factor: number) => {
  p.events = p.events.map((e) =>
    e.type === "InvestmentReported" && Calendar.parseMonth(e.data.period)! >= year * 100 + 1
      ? { ...e, data: { ...e.data, amount: round2(e.data.amount * factor) } }
      : e)
}

/**
 * The known year-to-date investment of the plan raked over kind × sector
 * group to the published margins, each cell's reports scaled by its factor,
 * the rounding residual of each cell put into its largest known report so
 * the totals are exact. Returns the margins and each cell's target.
 */
const rakeInvestment = (plan: ReadonlyArray<Project>, published: Scenario.Synthesize["published"], cut: Cut, kindOf: (p: Project) => Kind) => {
  const sectorGroups = [...Object.entries(published.bySector ?? {}).filter(([, f]) => f.completedInvestment !== undefined).map(([s]) => s), otherSectors]
  const groupOf = (p: Project) => sectorGroups.includes(signedOf(p)?.data.sector ?? "") ? signedOf(p)!.data.sector : otherSectors
  const key = (kind: string, group: string) => `${kind}|${group}`
  const cellOf = (p: Project) => key(kindOf(p), groupOf(p))
  const cell = new Map<string, number>()
  for (const p of plan) cell.set(cellOf(p), (cell.get(cellOf(p)) ?? 0) + knownTotal(p, cut))
  const margins = investmentMargins(published, sectorGroups)
  const raked = Raking.rake(
    kinds.map((kind) => sectorGroups.map((g) => cell.get(key(kind, g)) ?? 0)),
    kinds.map((kind) => margins.byKind.get(kind)),
    sectorGroups.map((g) => margins.bySector.get(g))
  )
  const target = new Map<string, number>()
  kinds.forEach((kind, r) => sectorGroups.forEach((g, c) => cell.has(key(kind, g)) && target.set(key(kind, g), raked[r]![c]!)))
  const factor = new Map([...cell].map(([k, v]) => [k, v > 0 ? target.get(k)! / v : 1]))
  for (const p of plan) {
    const f = factor.get(cellOf(p))!
    if (f !== 1) scaleReports(p, cut.year, f)
  }
  for (const [k, want] of target) {
    const members = plan.filter((p) => cellOf(p) === k)
    const reports = members.flatMap((p) => knownReports(p, cut))
    const have = reports.reduce((s, e) => s + e.data.amount, 0)
    const largest = reports.sort((a, b) => b.data.amount - a.data.amount)[0]
    if (largest === undefined || Math.abs(want - have) < 0.005) continue
    const owner = members.find((p) => p.events.includes(largest))!
    owner.events = owner.events.map((e) => e === largest ? { ...largest, data: { ...largest.data, amount: round2(largest.data.amount + want - have) } } : e)
  }
  /** The completed investment a kind is fitted to: its margin, else the sum of its cells' targets. */
  const completed = (kind: Kind) => margins.byKind.get(kind) ?? sectorGroups.reduce((s, g) => s + (target.get(key(kind, g)) ?? 0), 0)
  return { margins, completed }
}

// ── Phase 8: plans ──────────────────────────────────────────────────────────

/**
 * The planned investment of each kind from the published plans, or from the
 * completion rates and what is completed; a total alone is split by kind as
 * the completed investment is. The plans of each kind are scaled to it; when
 * only plans were published (no completed investment and no completion
 * rate), the investment moves with them, keeping the generated completion
 * rate.
 */
const scalePlans = (
  plan: ReadonlyArray<Project>,
  published: Scenario.Synthesize["published"],
  cut: Cut,
  kindOf: (p: Project) => Kind,
  investment: ReturnType<typeof rakeInvestment>
): void => {
  const t = published.total, kindNew = published.byKind?.new ?? {}, kindCont = published.byKind?.continuing ?? {}
  const { margins, completed } = investment
  const plannedTarget = new Map<Kind, number | undefined>([
    ["continuing", money(kindCont.plannedInvestment) ?? (kindCont.completionRate ? completed("continuing") / kindCont.completionRate : undefined)],
    ["new", money(kindNew.plannedInvestment) ?? (kindNew.completionRate ? completed("new") / kindNew.completionRate : undefined)]
  ])
  const completedNow = plan.reduce((sum, p) => sum + knownTotal(p, cut), 0)
  const totalPlanned = money(t.plannedInvestment) ?? (t.completionRate ? (margins.total ?? completedNow) / t.completionRate : undefined)
  if (totalPlanned !== undefined) {
    const c = plannedTarget.get("continuing"), n = plannedTarget.get("new")
    if (c !== undefined && n === undefined) plannedTarget.set("new", totalPlanned - c)
    else if (n !== undefined && c === undefined) plannedTarget.set("continuing", totalPlanned - n)
    else if (n === undefined && c === undefined) {
      const share = completed("new") / Math.max(1, completed("new") + completed("continuing"))
      plannedTarget.set("new", totalPlanned * share)
      plannedTarget.set("continuing", totalPlanned * (1 - share))
    }
  }
  const latestKnownPlan = (p: Project) => planOf(p, cut.year).filter((e) => Calendar.parseInstant(e.knownAt)! <= cut.knownBy).at(-1)
  const planFactors = new Map<Kind, number>()
  for (const kind of kinds) {
    const want = plannedTarget.get(kind)
    if (want === undefined) continue
    const members = plan.filter((p) => kindOf(p) === kind)
    const have = members.reduce((s, p) => s + (latestKnownPlan(p)?.data.plannedInvestment ?? 0), 0)
    if (have <= 0) continue
    const f = want / have
    planFactors.set(kind, f)
    for (const p of members) {
      p.events = p.events.map((e) =>
        e.type === "AnnualPlanSet" && e.data.year === cut.year ? { ...e, data: { ...e.data, plannedInvestment: round2(e.data.plannedInvestment * f) } } : e)
    }
  }
  const completionPublished = t.completionRate !== undefined || kindNew.completionRate !== undefined || kindCont.completionRate !== undefined
  if (margins.total === undefined && margins.byKind.get("new") === undefined && margins.byKind.get("continuing") === undefined && !completionPublished) {
    for (const [kind, f] of planFactors) for (const p of plan.filter((x) => kindOf(x) === kind)) scaleReports(p, cut.year, f)
  }
}

// ── Synthesis ───────────────────────────────────────────────────────────────

/** The plan year, date and cut of the published figures (each defaulting to the scenario's). */
const cutOf = (spec: Scenario.Synthesize, scenario: Scenario.Scenario): Cut => {
  const asOf = spec.published.asOf ?? scenario.asOf
  const knownAt = spec.published.knownAt ?? (spec.published.asOf === undefined ? scenario.knownAt : undefined) ?? asOf
  const knownBy = Calendar.parseKnowledgeCut(knownAt)!
  return {
    year: spec.published.year ?? scenario.year,
    asOf,
    day: Calendar.parseDate(asOf)!,
    knownAt,
    knownBy,
    knownDate: Calendar.formatInstantChina(knownBy).slice(0, 10)
  }
}

export const synthesize = (spec: Scenario.Synthesize, scenario: Scenario.Scenario): Synthesized => {
  const cut = cutOf(spec, scenario)
  const random = new SeededRandom(spec.seed ^ 0x5eed)
  const counts = countsOf(spec.published)
  const { projects, candidates } = generate(spec, scenario, counts, cut)
  const onPlan = chooseContinuing(projects, candidates, counts, cut)
  const newProjects = projects.filter((p) => hasPlan(p, cut.year, "new"))
  fitStarts(newProjects, counts.newStarted, cut, random)
  knownByTheCut(projects, newProjects, onPlan, cut)
  const plan = projects.filter((p) => onPlan.has(p.id) && planOf(p, cut.year).length > 0)
  const kindOf = (p: Project): Kind => planOf(p, cut.year).at(-1)!.data.kind
  assignSectors(plan, spec.published)
  const investment = rakeInvestment(plan, spec.published, cut, kindOf)
  scalePlans(plan, spec.published, cut, kindOf, investment)
  const events = projects.flatMap((p) => p.events).sort((a, b) => a.knownAt.localeCompare(b.knownAt) || a.eventId.localeCompare(b.eventId))
  const findings = compare(spec.published, kpisOf(events, cut.year, cut.day, cut.knownBy))
  return { events, findings, year: cut.year, asOf: cut.asOf, knownAt: cut.knownAt }
}
