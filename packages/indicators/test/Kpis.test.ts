/**
 * Each KPI definition (README "KPI definitions") on a hand-built portfolio:
 * given projects' events, when the indicators of a year are asked as of D,
 * then each field is what its definition says.
 */
import { describe, expect, it } from "vitest"
import { Calendar, CompactEvent, type ProjectEvent, ProjectFacts } from "@groundbreak/domain"
import { Kpis } from "../src/index.ts"

let position = 0
/** An event of project `projectId`, known at noon of `knownOn` (default: the day it happened). */
const ev = (projectId: string, type: ProjectEvent.EventType, occurredOn: string, data: object = {}, knownOn = occurredOn): ProjectEvent.ProjectEvent =>
  ({ eventId: `e${++position}`, projectId, type, occurredOn, knownAt: `${knownOn}T12:00:00+08:00`, data }) as ProjectEvent.ProjectEvent

const signed = (p: string, district = "海州区", sector = "industrial") =>
  ev(p, "ProjectSigned", "2022-11-01", { name: p, district, sector, totalInvestment: 10_000 })
const plan = (p: string, kind: "new" | "continuing", plannedInvestment: number, on = "2023-01-10", year = 2023) =>
  ev(p, "AnnualPlanSet", on, { year, kind, plannedInvestment })
const started = (p: string, on: string) => ev(p, "ProjectStarted", on)
const invested = (p: string, period: string, amount: number, knownOn?: string) =>
  ev(p, "InvestmentReported", Calendar.formatDate(Calendar.endOfMonth(Calendar.parseMonth(period)!)), { period, amount }, knownOn)

/** given(events…).when(year, D[, known by]).then(fields) */
const given = (...events: ReadonlyArray<ProjectEvent.ProjectEvent>) => ({
  when: (year: number, asOf: string, knownBy = "2099-12-31") => {
    const cut = Date.parse(`${knownBy}T23:59:59+08:00`)
    const portfolio = new ProjectFacts.Portfolio()
    events.map((e, i) => CompactEvent.compact(e, i + 1)).filter((c) => c.knownAt <= cut).forEach((c) => portfolio.add(c))
    const query = { year, asOf: Calendar.parseDate(asOf)! }
    const values = Kpis.compute(portfolio.projects.values(), query)
    return {
      then: (expected: Partial<Kpis.KpiValues>) => expect(values).toMatchObject(expected),
      grouped: (by: Kpis.GroupBy) => Kpis.computeGrouped(portfolio.projects.values(), query, by)
    }
  }
})

describe("KPI definitions", () => {
  it("projects, newProjects, newStarted and startRate 开工率: new plan projects started on or before D", () =>
    given(
      signed("A"), plan("A", "new", 100), started("A", "2023-03-01"),
      signed("B"), plan("B", "new", 100), started("B", "2023-07-01"),
      signed("C"), plan("C", "new", 100),
      signed("X") // signed, never on the plan
    ).when(2023, "2023-06-30").then({ projects: 3, newProjects: 3, newStarted: 1, startRate: 1 / 3 }))

  it("continuingActive: started, not cancelled, not commissioned before the year, not suspended on D", () =>
    given(
      signed("active"), started("active", "2021-05-01"), plan("active", "continuing", 10),
      signed("cancelled"), started("cancelled", "2021-05-01"), plan("cancelled", "continuing", 10), ev("cancelled", "ProjectCancelled", "2023-04-01"),
      signed("done"), started("done", "2021-05-01"), ev("done", "ProjectCommissioned", "2022-12-20"), plan("done", "continuing", 10),
      signed("paused"), started("paused", "2021-05-01"), plan("paused", "continuing", 10), ev("paused", "ProjectSuspended", "2023-05-01"),
      signed("resumed"), started("resumed", "2021-05-01"), plan("resumed", "continuing", 10), ev("resumed", "ProjectSuspended", "2023-02-01"),
      ev("resumed", "ProjectResumed", "2023-04-01"),
      signed("waiting"), plan("waiting", "continuing", 10)
    ).when(2023, "2023-06-30").then({ continuingProjects: 6, continuingActive: 2 }))

  it("a suspension after D does not count against D", () =>
    given(signed("P"), started("P", "2021-05-01"), plan("P", "continuing", 10), ev("P", "ProjectSuspended", "2023-08-01"))
      .when(2023, "2023-06-30").then({ continuingActive: 1 }))

  it("startResumeRate 开复工率: (newStarted + continuingActive) / projects", () =>
    given(
      signed("N1"), plan("N1", "new", 10), started("N1", "2023-02-01"),
      signed("N2"), plan("N2", "new", 10),
      signed("C1"), started("C1", "2022-02-01"), plan("C1", "continuing", 10),
      signed("C2"), plan("C2", "continuing", 10)
    ).when(2023, "2023-06-30").then({ newStarted: 1, continuingActive: 1, startResumeRate: 2 / 4 }))

  it("plannedInvestment: the latest plan known by the cut, summed", () => {
    const events = [signed("A"), plan("A", "new", 100), plan("A", "new", 80, "2023-06-10"), signed("B"), plan("B", "continuing", 50)]
    given(...events).when(2023, "2023-09-30").then({ plannedInvestment: 130 })
    given(...events).when(2023, "2023-09-30", "2023-05-31").then({ plannedInvestment: 150 })
  })

  it("completedInvestment: the latest-known report of each period from January to D's month, and completionRate 完成年度计划", () =>
    given(
      signed("A"), plan("A", "new", 1000), started("A", "2022-12-01"),
      invested("A", "2022-12", 500), // last year's: not this year's work
      invested("A", "2023-01", 100),
      invested("A", "2023-02", 200), invested("A", "2023-02", 250, "2023-04-20"), // revised: the later one counts
      invested("A", "2023-03", 300),
      invested("A", "2023-07", 400) // after D's month
    ).when(2023, "2023-06-15").then({ completedInvestment: 650, completionRate: 0.65 }))

  it("a report known after the cut does not count", () =>
    given(signed("A"), plan("A", "new", 1000), started("A", "2023-01-05"), invested("A", "2023-01", 100, "2023-02-08"))
      .when(2023, "2023-06-30", "2023-02-07").then({ completedInvestment: 0, completionRate: 0 }))

  it("commissioned and toppedOut: plan projects with that step dated from Y-01-01 to D", () =>
    given(
      signed("A"), started("A", "2021-03-01"), plan("A", "continuing", 10), ev("A", "ProjectToppedOut", "2023-02-01"), ev("A", "ProjectCommissioned", "2023-05-01"),
      signed("B"), started("B", "2021-03-01"), ev("B", "ProjectToppedOut", "2022-10-01"), plan("B", "continuing", 10), ev("B", "ProjectCommissioned", "2023-08-01")
    ).when(2023, "2023-06-30").then({ toppedOut: 1, commissioned: 1 }))

  it("a project withdrawn from the list counts in nothing from its withdrawal date, and as usual before it", () => {
    const events = [
      signed("W"), plan("W", "new", 300), started("W", "2023-03-01"), invested("W", "2023-03", 40),
      ev("W", "PlanWithdrawn", "2023-06-01", { year: 2023 }),
      signed("K"), plan("K", "new", 100)
    ]
    given(...events).when(2023, "2023-05-31").then({ projects: 2, newStarted: 1, plannedInvestment: 400, completedInvestment: 40 })
    given(...events).when(2023, "2023-06-30").then({ projects: 1, newStarted: 0, plannedInvestment: 100, completedInvestment: 0 })
  })

  it("a ratio with a zero denominator is null", () =>
    given(signed("C"), plan("C", "continuing", 0)).when(2023, "2023-06-30")
      .then({ newProjects: 0, startRate: null, completionRate: null, startResumeRate: 0 }))

  it("a date after the year's end counts as 31 December", () =>
    given(signed("A"), plan("A", "new", 100), started("A", "2024-01-10"), invested("A", "2024-01", 5))
      .when(2023, "2024-03-31").then({ newStarted: 0, completedInvestment: 0 }))

  it("grouped indicators partition the plan projects, and each group follows the same definitions", () => {
    const result = given(
      signed("A", "海州区"), plan("A", "new", 100), started("A", "2023-02-01"),
      signed("B", "连云区"), plan("B", "new", 60),
      signed("C", "连云区"), started("C", "2022-04-01"), plan("C", "continuing", 40)
    ).when(2023, "2023-06-30").grouped("district")
    expect(result.groups.map((g) => [g.key, g.values.projects, g.values.startResumeRate])).toEqual([["海州区", 1, 1], ["连云区", 2, 0.5]])
    expect(result.groups.reduce((sum, g) => sum + g.values.plannedInvestment, 0)).toBe(result.total.plannedInvestment)
  })

  it("the values carry every declared indicator, in the declared order, each rate right after the tally it completes", () => {
    const values = given(signed("A"), plan("A", "new", 100), started("A", "2023-02-01")).when(2023, "2023-06-30").grouped("kind").total
    expect(Object.keys(values)).toEqual(Kpis.indicators.map((i) => i.name))
    expect(Kpis.indicators.map((i) => i.name)).toEqual([
      "projects", "newProjects", "newStarted", "startRate", "continuingProjects", "continuingActive", "startResumeRate",
      "plannedInvestment", "completedInvestment", "completionRate", "commissioned", "toppedOut"
    ])
    for (const i of Kpis.indicators) {
      const value = values[i.name]
      if (i.unit === "ratio") expect(value === null || (value >= 0 && value <= 1)).toBe(true)
      else expect(Number.isFinite(value)).toBe(true)
      expect(i.label.zh.length > 0 && i.label.en.length > 0).toBe(true)
    }
  })

  it("what a project adds is what onPlan says it is on the plan as of D, and nothing when it is not on it", () => {
    const portfolio = new ProjectFacts.Portfolio()
    ;[signed("A"), plan("A", "continuing", 80), started("A", "2022-04-01"), invested("A", "2023-02", 7), signed("B")]
      .forEach((e, i) => portfolio.add(CompactEvent.compact(e, i + 1)))
    const day = Calendar.parseDate("2023-03-31")!
    expect(Kpis.onPlan(portfolio.projects.get("A")!, 2023, day)).toEqual({
      isNew: false, started: true, continuingActive: true, plannedInvestment: 80, completedInvestment: 7, commissioned: false, toppedOut: false
    })
    expect(Kpis.onPlan(portfolio.projects.get("B")!, 2023, day)).toBeUndefined()
  })
})
