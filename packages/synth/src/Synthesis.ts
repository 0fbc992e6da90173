/**
 * Synthesizing a project-level ledger that reproduces an article's
 * published aggregates: "530 key projects completed 1050.3亿 by September;
 * 238 of 286 new projects started". The seeded generator makes a plausible
 * city (earlier cohorts included, so the model has history to learn from);
 * then the plan year is fitted to the figures: which continuing projects are
 * on the plan and active, exactly how many new projects have started by the
 * date, sector labels, and investment and plans scaled (by raking over kind ×
 * sector) so that the KPIs as of the date, as known then, are the published
 * ones. What cannot be reproduced is reported figure by figure.
 */
import { Calendar, CompactEvent, Lifecycle, type ProjectEvent, ProjectFacts } from "@groundbreak/domain"
import { Kpis } from "@groundbreak/projections"
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

// ── Date arithmetic on ISO strings ──────────────────────────────────────────

const addMonthsToDate = (date: string, months: number): string => {
  const y = Number(date.slice(0, 4)), m = Number(date.slice(5, 7)), d = Number(date.slice(8, 10))
  const index = y * 12 + (m - 1) + months
  const ny = Math.floor(index / 12), nm = (index % 12) + 1
  const last = Calendar.formatDate(Calendar.endOfMonth(ny * 100 + nm)).slice(8)
  return `${String(ny).padStart(4, "0")}-${String(nm).padStart(2, "0")}-${String(Math.min(d, Number(last))).padStart(2, "0")}`
}
const addMonthsToInstant = (instant: string, months: number): string => addMonthsToDate(instant.slice(0, 10), months) + instant.slice(10)
const monthsBetween = (from: string, to: string): number =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7))

/** Moves a project's construction (everything after its signing and plans) by whole months. */
const shiftConstruction = (events: Array<Event>, months: number): Array<Event> =>
  events.map((e) => {
    if (e.type === "ProjectSigned" || e.type === "AnnualPlanSet") return e
    const moved = { ...e, occurredOn: addMonthsToDate(e.occurredOn, months), knownAt: addMonthsToInstant(e.knownAt, months) } as Mutable<Event>
    if (e.type === "InvestmentReported") {
      ;(moved as Mutable<ProjectEvent.EventOf<"InvestmentReported">>).data = { ...e.data, period: addMonthsToDate(`${e.data.period}-01`, months).slice(0, 7) }
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
    if (c.knownAt <= knownBy) portfolio.add(c)
  })
  const facts = [...portfolio.projects.values()]
  const query = { year, asOf }
  const groups = (by: Kpis.GroupBy) => new Map(Kpis.computeGrouped(facts, query, by).groups.map((g) => [g.key, g.values]))
  return { total: Kpis.compute(facts, query), byKind: groups("kind"), bySector: groups("sector") }
}

// ── Synthesis ───────────────────────────────────────────────────────────────

interface Project {
  id: string
  events: Array<Event>
}

const planOf = (p: Project, year: number) =>
  p.events.filter((e): e is ProjectEvent.EventOf<"AnnualPlanSet"> => e.type === "AnnualPlanSet" && e.data.year === year)
const dateOf = (p: Project, type: ProjectEvent.EventType) => p.events.find((e) => e.type === type)?.occurredOn

/** Suspended on D: the latest suspension or resumption on or before D is a suspension. */
const suspendedOn = (p: Project, d: string) => {
  const steps = p.events.filter((e) => (e.type === "ProjectSuspended" || e.type === "ProjectResumed") && e.occurredOn <= d)
  return steps.length > 0 && steps[steps.length - 1]!.type === "ProjectSuspended"
}

export const synthesize = (spec: Scenario.Synthesize, scenario: Scenario.Scenario): Synthesized => {
  const activeOn = (p: Project) => {
    const started = dateOf(p, "ProjectStarted"), cancelled = dateOf(p, "ProjectCancelled")
    return started !== undefined && started <= asOf && !(cancelled !== undefined && cancelled <= asOf) && !suspendedOn(p, asOf)
  }
  const year = spec.published.year ?? scenario.year
  const asOf = spec.published.asOf ?? scenario.asOf
  const knownAt = spec.published.knownAt ?? (spec.published.asOf === undefined ? scenario.knownAt : undefined) ?? asOf
  const knownBy = Calendar.parseKnowledgeCut(knownAt)!
  const knownDate = Calendar.formatInstantChina(knownBy).slice(0, 10)
  const t = spec.published.total
  const kindNew = spec.published.byKind?.new ?? {}
  const kindCont = spec.published.byKind?.continuing ?? {}
  const random = new SeededRandom(spec.seed ^ 0x5eed)

  // Counts.
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

  // Generate until the end of the later of the two years, with enough earlier cohorts to pick continuing projects from.
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
    candidates = projects.filter((p) => planOf(p, year).some((e) => e.data.kind === "continuing"))
    if (candidates.length >= C && candidates.filter(activeOn).length >= A) break
    previous = Math.ceil(previous * 1.4)
  }

  // Continuing projects: A active on D and C − A not (suspended just before D when needed); the rest leave the plan.
  const active = activeOn
  const activeOnes = candidates.filter(active), idle = candidates.filter((p) => !active(p))
  const chosenActive = activeOnes.slice(0, A)
  const chosenIdle = idle.slice(0, C - A)
  for (const p of activeOnes.slice(A, A + (C - A - chosenIdle.length))) {
    // Not enough idle projects: suspend active ones shortly before D, to resume a month after.
    const on = Calendar.formatDate(Calendar.parseDate(asOf)! - 10)
    const back = Calendar.formatDate(Calendar.parseDate(asOf)! + 25)
    p.events.push(
      { eventId: `${p.id}/s-synth`, projectId: p.id, type: "ProjectSuspended", occurredOn: on, knownAt: `${on}T17:00:00+08:00`, data: { reason: "停工待料" } },
      { eventId: `${p.id}/r-synth`, projectId: p.id, type: "ProjectResumed", occurredOn: back, knownAt: `${back}T17:00:00+08:00`, data: {} }
    )
    chosenIdle.push(p)
  }
  const onPlan = new Set([...chosenActive, ...chosenIdle].map((p) => p.id))
  for (const p of candidates) {
    if (!onPlan.has(p.id)) p.events = p.events.filter((e) => !(e.type === "AnnualPlanSet" && e.data.year === year))
  }
  const newProjects = projects.filter((p) => planOf(p, year).some((e) => e.data.kind === "new"))
  for (const p of newProjects) onPlan.add(p.id)

  // New projects: exactly S started by D (and known by K).
  const startOf = (p: Project) => dateOf(p, "ProjectStarted")
  const startedByD = newProjects.filter((p) => (startOf(p) ?? "9999") <= asOf).sort((a, b) => startOf(b)!.localeCompare(startOf(a)!))
  const later = newProjects.filter((p) => startOf(p) !== undefined && startOf(p)! > asOf).sort((a, b) => startOf(a)!.localeCompare(startOf(b)!))
  for (const p of startedByD.slice(0, Math.max(0, startedByD.length - S))) {
    p.events = shiftConstruction(p.events, monthsBetween(startOf(p)!, asOf) + 1 + random.int(0, 2))
  }
  let missing = Math.max(0, S - startedByD.length)
  for (const p of later) {
    if (missing === 0) break
    const signed = dateOf(p, "ProjectSigned")!
    const moved = shiftConstruction(p.events, -(monthsBetween(asOf, startOf(p)!) + 1))
    if (startOf({ id: p.id, events: moved })! <= signed) continue
    p.events = moved
    missing--
  }
  // Starts by D must be known by K.
  for (const p of newProjects) {
    const e = p.events.find((x) => x.type === "ProjectStarted")
    if (e !== undefined && e.occurredOn <= asOf && Calendar.parseInstant(e.knownAt)! > knownBy) {
      ;(e as Mutable<Event>).knownAt = `${e.occurredOn.slice(0, 10) < knownDate ? e.occurredOn : knownDate}T08:00:00+08:00`
    }
  }
  // The year's plan must be known by K: a plan set later is moved to just before the cut.
  const dayBefore = Calendar.formatDate(Calendar.parseDate(knownDate)! - 1)
  for (const p of projects) {
    if (!onPlan.has(p.id)) continue
    const plans = planOf(p, year)
    if (plans.length === 0 || plans.some((e) => Calendar.parseInstant(e.knownAt)! <= knownBy)) continue
    const first = plans[0]!
    const moved = { ...first, occurredOn: first.occurredOn < dayBefore ? first.occurredOn : dayBefore, knownAt: `${dayBefore}T09:00:00+08:00` }
    p.events = p.events.map((e) => e === first ? moved : e)
  }
  // What had happened by D to the projects on the plan is known by K (reports keep their own lag).
  for (const p of projects) {
    if (!onPlan.has(p.id)) continue
    p.events = p.events.map((e) =>
      e.type !== "InvestmentReported" && e.type !== "AnnualPlanSet" && e.occurredOn <= asOf && Calendar.parseInstant(e.knownAt)! > knownBy
        ? { ...e, knownAt: `${e.occurredOn < knownDate ? knownDate : e.occurredOn}T08:00:00+08:00` }
        : e)
  }
  for (const p of projects) p.events = repair(p.events.sort((a, b) => a.occurredOn.localeCompare(b.occurredOn)))

  const plan = projects.filter((p) => onPlan.has(p.id) && planOf(p, year).length > 0)
  const isNew = (p: Project) => planOf(p, year).at(-1)!.data.kind === "new"

  // Sectors: the published counts of named sectors.
  const signedOf = (p: Project) => p.events.find((e): e is ProjectEvent.EventOf<"ProjectSigned"> => e.type === "ProjectSigned")
  const setSector = (p: Project, sector: string) => {
    p.events = p.events.map((e) => e.type === "ProjectSigned" ? { ...e, data: { ...e.data, sector } } : e)
  }
  const named = Object.entries(spec.published.bySector ?? {}).filter(([, f]) => f.projects !== undefined)
  const namedSet = new Set(named.map(([s]) => s))
  const fallbackSector = ["infrastructure", "social", "services"].find((s) => !namedSet.has(s)) ?? "other"
  for (const [sector, figures] of named) {
    const want = figures.projects!
    const have = plan.filter((p) => signedOf(p)?.data.sector === sector)
    for (const p of have.slice(want)) setSector(p, fallbackSector)
    const pool = plan.filter((p) => !namedSet.has(signedOf(p)?.data.sector ?? ""))
    for (const p of pool.slice(0, Math.max(0, want - have.length))) setSector(p, sector)
  }

  // Investment: rake the known year-to-date over kind × sector to the published totals.
  const endMonth = Calendar.monthOfDay(Calendar.parseDate(asOf)!)
  const knownReports = (p: Project) => {
    const latest = new Map<string, ProjectEvent.EventOf<"InvestmentReported">>()
    for (const e of p.events) {
      if (e.type !== "InvestmentReported" || Calendar.parseInstant(e.knownAt)! > knownBy) continue
      const period = Calendar.parseMonth(e.data.period)!
      if (period < year * 100 + 1 || period > endMonth) continue
      const before = latest.get(e.data.period)
      if (before === undefined || Calendar.parseInstant(e.knownAt)! >= Calendar.parseInstant(before.knownAt)!) latest.set(e.data.period, e)
    }
    return [...latest.values()]
  }
  const sectorGroups = [...Object.entries(spec.published.bySector ?? {}).filter(([, f]) => f.completedInvestment !== undefined).map(([s]) => s), "(other)"]
  const groupOf = (p: Project) => sectorGroups.includes(signedOf(p)?.data.sector ?? "") ? signedOf(p)!.data.sector : "(other)"
  const kinds = ["new", "continuing"] as const
  const cell = new Map<string, number>()
  const key = (kind: string, group: string) => `${kind}|${group}`
  for (const p of plan) {
    const k = key(isNew(p) ? "new" : "continuing", groupOf(p))
    cell.set(k, (cell.get(k) ?? 0) + knownReports(p).reduce((s, e) => s + e.data.amount, 0))
  }
  const I = money(t.completedInvestment)
  const kindTarget = new Map<string, number | undefined>([["new", money(kindNew.completedInvestment)], ["continuing", money(kindCont.completedInvestment)]])
  if (I !== undefined) {
    if (kindTarget.get("new") === undefined && kindTarget.get("continuing") !== undefined) kindTarget.set("new", I - kindTarget.get("continuing")!)
    if (kindTarget.get("continuing") === undefined && kindTarget.get("new") !== undefined) kindTarget.set("continuing", I - kindTarget.get("new")!)
  }
  const groupTarget = new Map<string, number | undefined>(sectorGroups.map((g) => [g, g === "(other)" ? undefined : money(spec.published.bySector![g]!.completedInvestment)]))
  if (I !== undefined) {
    const namedSum = [...groupTarget.values()].reduce<number>((s, v) => s + (v ?? 0), 0)
    groupTarget.set("(other)", I - namedSum)
  }
  // The total alone (no kind or sector published) is the one column's margin, "(other)" = I.
  const raked = Raking.rake(
    kinds.map((kind) => sectorGroups.map((g) => cell.get(key(kind, g)) ?? 0)),
    kinds.map((kind) => kindTarget.get(kind)),
    sectorGroups.map((g) => groupTarget.get(g))
  )
  const target = new Map<string, number>()
  kinds.forEach((kind, r) => sectorGroups.forEach((g, c) => cell.has(key(kind, g)) && target.set(key(kind, g), raked[r]![c]!)))
  const factor = new Map([...cell].map(([k, v]) => [k, v > 0 ? target.get(k)! / v : 1]))
  const round2 = (x: number) => Math.round(x * 100) / 100
  for (const p of plan) {
    const f = factor.get(key(isNew(p) ? "new" : "continuing", groupOf(p)))!
    if (f === 1) continue
    p.events = p.events.map((e) =>
      e.type === "InvestmentReported" && Calendar.parseMonth(e.data.period)! >= year * 100 + 1
        ? { ...e, data: { ...e.data, amount: round2(e.data.amount * f) } }
        : e)
  }
  // Rounding residuals: into the largest known report of each cell, so the totals are exact.
  for (const [k, want] of target) {
    const members = plan.filter((p) => key(isNew(p) ? "new" : "continuing", groupOf(p)) === k)
    const reports = members.flatMap(knownReports)
    const have = reports.reduce((s, e) => s + e.data.amount, 0)
    const largest = reports.sort((a, b) => b.data.amount - a.data.amount)[0]
    if (largest === undefined || Math.abs(want - have) < 0.005) continue
    const owner = members.find((p) => p.events.includes(largest))!
    owner.events = owner.events.map((e) => e === largest ? { ...largest, data: { ...largest.data, amount: round2(largest.data.amount + want - have) } } : e)
  }

  // Plans: the published completion rates (or planned totals) set the planned investment by kind.
  const completed = (kind: string) => kindTarget.get(kind) ?? sectorGroups.reduce((s, g) => s + (target.get(key(kind, g)) ?? 0), 0)
  const plannedTarget = new Map<string, number | undefined>([
    ["continuing", money(kindCont.plannedInvestment) ?? (kindCont.completionRate ? completed("continuing") / kindCont.completionRate : undefined)],
    ["new", money(kindNew.plannedInvestment) ?? (kindNew.completionRate ? completed("new") / kindNew.completionRate : undefined)]
  ])
  const completedNow = plan.reduce((sum, p) => sum + knownReports(p).reduce((s2, e) => s2 + e.data.amount, 0), 0)
  const totalPlanned = money(t.plannedInvestment) ?? (t.completionRate ? (I ?? completedNow) / t.completionRate : undefined)
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
  const planFactors = new Map<string, number>()
  for (const kind of kinds) {
    const want = plannedTarget.get(kind)
    if (want === undefined) continue
    const members = plan.filter((p) => (isNew(p) ? "new" : "continuing") === kind)
    const latest = (p: Project) => planOf(p, year).filter((e) => Calendar.parseInstant(e.knownAt)! <= knownBy).at(-1)
    const have = members.reduce((s, p) => s + (latest(p)?.data.plannedInvestment ?? 0), 0)
    if (have <= 0) continue
    const f = want / have
    planFactors.set(kind, f)
    for (const p of members) {
      p.events = p.events.map((e) => e.type === "AnnualPlanSet" && e.data.year === year ? { ...e, data: { ...e.data, plannedInvestment: round2(e.data.plannedInvestment * f) } } : e)
    }
  }

  // Only plans published (no completed investment): investment moves with them, keeping the generated completion rate.
  const completionPublished = t.completionRate !== undefined || kindNew.completionRate !== undefined || kindCont.completionRate !== undefined
  if (I === undefined && kindTarget.get("new") === undefined && kindTarget.get("continuing") === undefined && !completionPublished) {
    for (const [kind, f] of planFactors) {
      for (const p of plan.filter((x) => (isNew(x) ? "new" : "continuing") === kind)) {
        p.events = p.events.map((e) =>
          e.type === "InvestmentReported" && Calendar.parseMonth(e.data.period)! >= year * 100 + 1 ? { ...e, data: { ...e.data, amount: round2(e.data.amount * f) } } : e)
      }
    }
  }

  const events = projects.flatMap((p) => p.events).sort((a, b) => a.knownAt.localeCompare(b.knownAt) || a.eventId.localeCompare(b.eventId))
  const findings = compare(spec.published, kpisOf(events, year, Calendar.parseDate(asOf)!, knownBy))
  return { events, findings, year, asOf, knownAt }
}
