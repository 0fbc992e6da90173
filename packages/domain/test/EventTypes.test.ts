/**
 * The event-type table is the one declaration every part of an event is
 * derived from. Stored codes are part of every existing store: they are
 * pinned here, so renumbering a type (or reusing a code) fails.
 */
import { describe, expect, it } from "vitest"
import { CompactEvent, EventTypes, Lifecycle, ProjectEvent } from "../src/index.ts"

/** The codes existing SQLite and PostgreSQL stores hold in their `type` column. */
const storedCodes = {
  ProjectSigned: 0,
  AnnualPlanSet: 1,
  ProjectStarted: 2,
  ProjectToppedOut: 3,
  ProjectCommissioned: 4,
  ProjectSuspended: 5,
  ProjectResumed: 6,
  ProjectCancelled: 7,
  InvestmentReported: 8,
  PlanWithdrawn: 9
}

describe("EventTypes", () => {
  it("keeps the stored code of every type, and codes are 0, 1, 2, … without gaps or repeats", () => {
    expect(Object.fromEntries(EventTypes.definitions.map((d) => [d.type, d.code]))).toEqual(storedCodes)
    expect([...EventTypes.definitions.map((d) => d.code)].sort((a, b) => a - b)).toEqual(EventTypes.definitions.map((_, i) => i))
    for (const d of EventTypes.definitions) {
      expect(EventTypes.code(d.type)).toBe(d.code)
      expect(EventTypes.ofCode(d.code)?.type).toBe(d.type)
      expect(ProjectEvent.eventTypes[d.code]).toBe(d.type)
      expect(CompactEvent.EventCode[d.type]).toBe(d.code)
    }
    expect(EventTypes.ofCode(EventTypes.definitions.length)).toBeUndefined()
  })

  it("derives one schema per type, in the table's order", () => {
    expect(ProjectEvent.schemas.length).toBe(EventTypes.definitions.length)
    expect(EventTypes.names.length).toBe(EventTypes.definitions.length)
    expect(EventTypes.isEventType("ProjectSigned")).toBe(true)
    expect(EventTypes.isEventType("ProjectDesigned")).toBe(false)
    expect(EventTypes.lookup("constructor")).toBeUndefined()
  })

  it("orders the events of one day by their stage: signed, plan, started, investment, topped out, suspended/resumed, commissioned, cancelled, withdrawn", () => {
    const day = "2020-05-01"
    const byStage = [...EventTypes.definitions].sort((a, b) => a.stage - b.stage || a.code - b.code).map((d) => d.type)
    expect(byStage).toEqual([
      "ProjectSigned", "AnnualPlanSet", "ProjectStarted", "InvestmentReported", "ProjectToppedOut",
      "ProjectSuspended", "ProjectResumed", "ProjectCommissioned", "ProjectCancelled", "PlanWithdrawn"
    ])
    // A day's events given in reverse stage order are still a valid stream.
    const steps = ["ProjectSigned", "AnnualPlanSet", "ProjectStarted", "ProjectToppedOut", "ProjectCommissioned"] as const
    expect(Lifecycle.validateStream([...steps].reverse().map((type) => ({ type, occurredOn: day })))).toEqual([])
  })

  it("declares a knowledge-order need only on a step that is itself a type, and only types that need it in valid time", () => {
    for (const d of EventTypes.definitions) {
      if (d.knownAfter === undefined) continue
      expect(EventTypes.isEventType(d.knownAfter)).toBe(true)
      // Without the step it needs, the type is refused in valid time too.
      expect(Lifecycle.check(Lifecycle.initialState, { type: d.type, occurredOn: "2020-01-01" })).toBeDefined()
    }
  })
})
