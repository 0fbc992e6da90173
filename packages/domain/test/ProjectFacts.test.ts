import { describe, expect, it } from "vitest"
import { Calendar, CompactEvent, type ProjectEvent, ProjectFacts } from "../src/index.ts"

let position = 0
const event = (type: ProjectEvent.EventType, occurredOn: string, knownAt: string, data: object): ProjectEvent.ProjectEvent =>
  ({ eventId: `e${position}`, projectId: "P", type, occurredOn, knownAt: `${knownAt}T12:00:00+08:00`, data }) as ProjectEvent.ProjectEvent

const factsOf = (events: ReadonlyArray<ProjectEvent.ProjectEvent>) => {
  const facts = ProjectFacts.empty("P")
  for (const e of events) ProjectFacts.apply(facts, CompactEvent.compact(e, ++position))
  return facts
}
const day = (d: string) => Calendar.parseDate(d)!
const plan = (knownAt: string, plannedInvestment = 100) =>
  event("AnnualPlanSet", "2023-01-10", knownAt, { year: 2023, kind: "new", plannedInvestment })
const withdrawn = (on: string, knownAt: string) => event("PlanWithdrawn", on, knownAt, { year: 2023, reason: "调出" })

describe("a project's plan as of a day", () => {
  it("is the latest plan when nothing withdrew it", () =>
    expect(ProjectFacts.planOn(factsOf([plan("2023-01-12")]), 2023, day("2023-12-31"))?.plannedInvestment).toBe(100))
  it("is gone from the withdrawal's date on, and there before it", () => {
    const facts = factsOf([plan("2023-01-12"), withdrawn("2023-06-01", "2023-06-07")])
    expect(ProjectFacts.planOn(facts, 2023, day("2023-05-31"))).toBeDefined()
    expect(ProjectFacts.planOn(facts, 2023, day("2023-06-01"))).toBeUndefined()
    expect(ProjectFacts.planOn(facts, 2022, day("2023-06-01"))).toBeUndefined()
  })
  it("comes back when a plan becomes known after the withdrawal (re-listing)", () => {
    const facts = factsOf([plan("2023-01-12"), withdrawn("2023-06-01", "2023-06-07"), plan("2023-08-07", 80)])
    expect(ProjectFacts.planOn(facts, 2023, day("2023-07-01"))?.plannedInvestment).toBe(80)
  })
  it("a withdrawal of another year leaves this year's plan alone", () => {
    const facts = factsOf([plan("2023-01-12"), event("PlanWithdrawn", "2023-06-01", "2023-06-07", { year: 2022 })])
    expect(ProjectFacts.planOn(facts, 2023, day("2023-12-31"))).toBeDefined()
  })
})
