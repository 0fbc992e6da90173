/**
 * `ProjectFacts.planOn` across withdrawals from a year's plan: a project with no withdrawal known keeps its plan
 * all year (its facts hold no withdrawals at all), a withdrawal known after the plan takes it off from its day, and
 * a plan known after the withdrawal re-lists it for the whole year.
 */
import { describe, expect, it } from "vitest"
import { Calendar, CompactEvent, type ProjectEvent, ProjectFacts } from "@groundbreak/domain"

const event = (id: string, type: string, occurredOn: string, knownAt: string, data: Record<string, unknown>) =>
  ({ eventId: id, projectId: "P1", type, occurredOn, knownAt, data }) as unknown as ProjectEvent.ProjectEvent

const signed = event("s", "ProjectSigned", "2020-01-05", "2020-01-05T10:00:00+08:00", { name: "p", district: "d", sector: "s", totalInvestment: 1000 })
const planned = (id: string, knownAt: string) =>
  event(id, "AnnualPlanSet", "2020-01-10", knownAt, { year: 2020, kind: "new", plannedInvestment: 500, plannedStart: "2020-03" })
const withdrawn = event("w", "PlanWithdrawn", "2020-08-20", "2020-08-21T10:00:00+08:00", { year: 2020, reason: "test" })

const factsOf = (events: ReadonlyArray<ProjectEvent.ProjectEvent>) => {
  const portfolio = new ProjectFacts.Portfolio()
  events.forEach((e, i) => portfolio.add(CompactEvent.compact(e, i + 1)))
  return portfolio.projects.get("P1")!
}
const day = (text: string) => Calendar.parseDate(text)!

describe("ProjectFacts.planOn and withdrawals", () => {
  it("keeps the plan all year when no withdrawal is known, holding no withdrawals", () => {
    const facts = factsOf([signed, planned("p", "2020-01-10T10:00:00+08:00")])
    expect(facts.withdrawals).toBeUndefined()
    expect(ProjectFacts.planOn(facts, 2020, day("2020-12-31"))?.plannedInvestment).toBe(500)
    expect(ProjectFacts.planOn(facts, 2021, day("2021-06-30"))).toBeUndefined()
  })

  it("takes the project off the plan from the withdrawal's day, whatever order the events arrive in", () => {
    for (const events of [[signed, planned("p", "2020-01-10T10:00:00+08:00"), withdrawn], [withdrawn, signed, planned("p", "2020-01-10T10:00:00+08:00")]]) {
      const facts = factsOf(events)
      expect(ProjectFacts.planOn(facts, 2020, day("2020-08-19"))?.plannedInvestment).toBe(500)
      expect(ProjectFacts.planOn(facts, 2020, day("2020-08-20"))).toBeUndefined()
    }
  })

  it("re-lists the project for the whole year when a plan is known after the withdrawal", () => {
    const facts = factsOf([signed, planned("p", "2020-01-10T10:00:00+08:00"), withdrawn, planned("p2", "2020-09-01T10:00:00+08:00")])
    expect(ProjectFacts.planOn(facts, 2020, day("2020-12-31"))?.plannedInvestment).toBe(500)
  })
})
