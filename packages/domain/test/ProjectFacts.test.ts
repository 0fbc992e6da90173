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

describe("a project's state on a day as known at a cut (the replay: events known by the cut, folded into facts)", () => {
  const history = [
    event("ProjectSigned", "2020-01-01", "2020-01-02", { name: "n", district: "d", sector: "industrial", totalInvestment: 1 }),
    event("ProjectStarted", "2020-02-01", "2020-02-03", {}),
    event("ProjectSuspended", "2020-06-01", "2020-06-05", { reason: "环保" })
  ]
  /** The facts of `history` as known at the end of `cut` (China time), as a store's replay hands them over. */
  const knownAt = (cut: string) => {
    const by = Date.parse(`${cut}T23:59:59+08:00`)
    const facts = ProjectFacts.empty("P")
    history.map((e, i) => CompactEvent.compact(e, i + 1)).filter((c) => c.knownAt <= by).forEach((c) => ProjectFacts.apply(facts, c))
    return facts
  }
  it("a suspension known by the cut is in force from its date on, and not before", () => {
    const facts = knownAt("2020-12-31")
    expect(ProjectFacts.isSuspendedOn(facts, day("2020-07-01"))).toBe(true)
    expect(ProjectFacts.isSuspendedOn(facts, day("2020-05-01"))).toBe(false)
  })
  it("a suspension not yet known at the cut does not count, whatever the day", () =>
    expect(ProjectFacts.isSuspendedOn(knownAt("2020-06-04"), day("2020-07-01"))).toBe(false))
  it("a start reported after the cut is not known", () => {
    expect(knownAt("2020-01-15").startedOn).toBeUndefined()
    expect(knownAt("2020-02-03").startedOn).toBe(day("2020-02-01"))
  })
})
