/** A project withdrawn from the year's list leaves the plan's indicators from that day, and is not simulated. */
import { describe, expect, it } from "vitest"
import { Calendar, CompactEvent, type ProjectEvent, ProjectFacts } from "@groundbreak/domain"
import { Kpis } from "@groundbreak/indicators"
import * as CompiledPlan from "../src/CompiledPlan.ts"
import * as PlanCompiler from "../src/PlanCompiler.ts"

let position = 0
const ev = (projectId: string, type: ProjectEvent.EventType, occurredOn: string, data: object = {}): ProjectEvent.ProjectEvent =>
  ({ eventId: `e${++position}`, projectId, type, occurredOn, knownAt: `${occurredOn}T12:00:00+08:00`, data }) as ProjectEvent.ProjectEvent

const portfolio = (events: ReadonlyArray<ProjectEvent.ProjectEvent>) => {
  const p = new ProjectFacts.Portfolio()
  for (const e of events) p.add(CompactEvent.compact(e, ++position))
  return [...p.projects.values()]
}

const project = (id: string, planned: number) => [
  ev(id, "ProjectSigned", "2022-11-01", { name: id, district: "海州区", sector: "industrial", totalInvestment: 10_000 }),
  ev(id, "AnnualPlanSet", "2023-01-10", { year: 2023, kind: "new", plannedInvestment: planned, plannedStart: "2023-09" })
]

const facts = portfolio([...project("A", 1000), ...project("B", 500), ev("B", "PlanWithdrawn", "2023-07-15", { year: 2023 })])
const day = (d: string) => Calendar.parseDate(d)!

describe("a withdrawn project", () => {
  it("counts in the plan before its withdrawal date", () => {
    const k = Kpis.compute(facts, { year: 2023, asOf: day("2023-07-14") })
    expect([k.projects, k.newProjects, k.plannedInvestment]).toEqual([2, 2, 1500])
  })
  it("leaves the plan on its withdrawal date", () => {
    const k = Kpis.compute(facts, { year: 2023, asOf: day("2023-07-15") })
    expect([k.projects, k.newProjects, k.plannedInvestment]).toEqual([1, 1, 1000])
  })
  it("is not simulated, even from a date before its withdrawal", () => {
    const compiled = PlanCompiler.compile(facts, 2023, day("2023-06-30"))
    expect(compiled.projectIds).toEqual(["A"])
  })
})
