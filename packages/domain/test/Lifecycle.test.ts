import { describe, expect, it } from "vitest"
import { Lifecycle, type ProjectEvent } from "../src/index.ts"

let n = 0
const ev = (type: ProjectEvent.EventType, occurredOn: string, data: object = {}): ProjectEvent.ProjectEvent =>
  ({ eventId: `e${++n}`, projectId: "P", type, occurredOn, knownAt: `${occurredOn}T12:00:00+08:00`, data }) as ProjectEvent.ProjectEvent

const signed = (on = "2020-01-01") => ev("ProjectSigned", on, { name: "n", district: "d", sector: "industrial", totalInvestment: 1 })
const started = (on = "2020-02-01") => ev("ProjectStarted", on)
const invest = (on = "2020-03-31") => ev("InvestmentReported", on, { period: on.slice(0, 7), amount: 10 })

/** given(history).when(event) → the reason it is refused, or undefined when it is accepted. */
const given = (history: Array<ProjectEvent.ProjectEvent>) => ({
  when: (event: ProjectEvent.ProjectEvent) => {
    const violations = Lifecycle.validateStream([...history, event])
    return {
      accepted: () => expect(violations).toEqual([]),
      refusedBecause: (text: string) => expect(violations.map((v) => v.reason).join(" | ")).toContain(text)
    }
  }
})

describe("lifecycle rules", () => {
  it("a withdrawal from a year's plan may follow a cancellation", () =>
    given([signed(), started(), ev("ProjectCancelled", "2020-06-01")]).when(ev("PlanWithdrawn", "2020-07-01", { year: 2020 })).accepted())
  it("a withdrawal needs the signing before it", () =>
    given([]).when(ev("PlanWithdrawn", "2020-07-01", { year: 2020 })).refusedBecause("must be signed"))
  it("a project must be signed before it starts", () => given([]).when(started()).refusedBecause("must be signed before it starts"))
  it("a signed project may start", () => given([signed()]).when(started()).accepted())
  it("topping out needs a start", () => given([signed()]).when(ev("ProjectToppedOut", "2020-05-01")).refusedBecause("started before it is topped out"))
  it("commissioning needs a start", () => given([signed()]).when(ev("ProjectCommissioned", "2020-05-01")).refusedBecause("started before it is commissioned"))
  it("suspension needs a start", () => given([signed()]).when(ev("ProjectSuspended", "2020-05-01")).refusedBecause("started before it is suspended"))
  it("investment needs a start", () => given([signed()]).when(invest()).refusedBecause("needs the project to be started"))
  it("resumption needs a suspension in force", () => given([signed(), started()]).when(ev("ProjectResumed", "2020-05-01")).refusedBecause("only a suspended project can be resumed"))
  it("suspend and resume alternate", () => given([signed(), started(), ev("ProjectSuspended", "2020-04-01"), ev("ProjectResumed", "2020-05-01")]).when(ev("ProjectSuspended", "2020-06-01")).accepted())
  it("each step happens once", () => given([signed(), started()]).when(started("2020-03-01")).refusedBecause("already started"))
  it("only investment reports follow commissioning", () => {
    const history = [signed(), started(), ev("ProjectCommissioned", "2020-09-01")]
    given(history).when(ev("ProjectToppedOut", "2020-10-01")).refusedBecause("after the project was commissioned")
    given(history).when(invest("2020-10-31")).accepted()
  })
  it("only investment reports follow cancellation", () =>
    given([signed(), started(), ev("ProjectCancelled", "2020-06-01")]).when(ev("AnnualPlanSet", "2021-01-10", { year: 2021, kind: "continuing", plannedInvestment: 1 })).refusedBecause("after the project was cancelled"))
  it("dates never go backwards: a start dated before the signing is refused", () =>
    given([signed("2020-05-01")]).when(started("2020-04-01")).refusedBecause("must be signed before it starts"))
  it("events of one day are taken in lifecycle order, whatever the line order", () =>
    given([started("2020-01-01")]).when(signed("2020-01-01")).accepted())
})
