import { describe, expect, it } from "vitest"
import { Effect } from "effect"
import { Calendar, CompactEvent, ProjectFacts } from "@groundbreak/domain"
import { Evaluation, Pace, RulesFile } from "../src/index.ts"

const rules = await Effect.runPromise(RulesFile.load())
const day = (d: string) => Calendar.parseDate(d)!
const at = (d: string) => Calendar.parseKnowledgeCut(d)!

let position = 0
const ev = (type: keyof typeof CompactEvent.EventCode, occurredOn: string, fields: Partial<CompactEvent.CompactFields> = {}): CompactEvent.CompactEvent => ({
  projectId: "P", type: CompactEvent.EventCode[type], occurredOn: day(occurredOn), knownAt: at(occurredOn),
  key: 0, amount: 0, isNew: 0, plannedStart: 0, district: null, sector: null, position: ++position, ...fields
})

/** A project on the 2020 plan: planned 1,000 万元, new with a planned start, or continuing and started. */
const project = (o: { isNew: boolean; plannedStart?: number; started?: string; invested?: number; through?: number }) => {
  const facts = ProjectFacts.empty("P")
  ProjectFacts.apply(facts, ev("ProjectSigned", "2019-06-01", { district: "海州区", sector: "industrial", amount: 5000 }))
  ProjectFacts.apply(facts, ev("AnnualPlanSet", "2020-01-10", { key: 2020, amount: 1000, isNew: o.isNew ? 1 : 0, plannedStart: o.plannedStart ?? 0 }))
  if (o.started) ProjectFacts.apply(facts, ev("ProjectStarted", o.started))
  // The investment spread over January … `through`, in whole 万元.
  const months = o.through ?? 0
  for (let m = 1; m <= months; m++) {
    const amount = m < months ? Math.floor((o.invested ?? 0) / months) : (o.invested ?? 0) - Math.floor((o.invested ?? 0) / months) * (months - 1)
    ProjectFacts.apply(facts, ev("InvestmentReported", `2020-${String(m).padStart(2, "0")}-28`, { key: 202000 + m, amount }))
  }
  return facts
}

const colourOn = (facts: ProjectFacts.ProjectFacts, asOf: string, previous?: "red" | "yellow" | "green") => {
  const state = Evaluation.stateOf(facts, undefined, 2020, day(asOf))!
  return Evaluation.evaluate(rules, state, Pace.at(2020, day(asOf), () => [facts], false), previous)
}

describe("default rules: progress against the pace", () => {
  // As of 30 September the pace by months is 9/12 = 75%.
  const progressOf = (invested: number) => colourOn(project({ isNew: false, started: "2019-03-01", invested, through: 9 }), "2020-09-30")

  it("is green 9.9 points behind, yellow at exactly 10 points and at exactly 30, red beyond 30", () => {
    expect(progressOf(651).pointsBehindPace).toBe(9.9)
    expect(progressOf(651).colour).toBe("green")
    expect(progressOf(650).pointsBehindPace).toBe(10)
    expect(progressOf(650).colour).toBe("yellow")
    expect(progressOf(450).pointsBehindPace).toBe(30)
    expect(progressOf(450).colour).toBe("yellow")
    expect(progressOf(449).pointsBehindPace).toBe(30.1)
    expect(progressOf(449).colour).toBe("red")
  })

  it("names the rule and fills the reason in both languages", () => {
    const w = progressOf(449)
    expect(w.reasons.map((r) => r.rule)).toEqual(["far-behind-pace"])
    expect(w.reasons[0]!.zh).toBe("完成年度计划 44.9%, 落后序时进度 75.0% 30.1 个百分点(超过30个百分点)")
    expect(w.reasons[0]!.en).toBe("44.9% of the annual plan done, 30.1 points behind the pace of 75.0% (more than 30)")
  })

  it("measures the pace by days or by the city's seasonal share when a rule asks", () => {
    expect(Pace.byDays(2020, day("2020-09-30"))).toBeCloseTo(274 / 366, 12)
    expect(Pace.byMonths(day("2020-09-15"))).toBe(0.75)
    const shares = [0.02, 0.04, 0.08, 0.08, 0.09, 0.1, 0.09, 0.09, 0.1, 0.1, 0.1, 0.11]
    expect(Pace.seasonalShare(shares, day("2020-03-31"))).toBeCloseTo(0.14, 12)
  })
})

describe("default rules: starts", () => {
  const newProject = (started?: string) => project({ isNew: true, plannedStart: 202005, ...(started ? { started } : {}) })

  it("is green in its planned start month, yellow once that month has passed, red at exactly three months", () => {
    expect(colourOn(newProject(), "2020-05-31").colour).toBe("green")
    expect(colourOn(newProject(), "2020-06-01").colour).toBe("yellow")
    expect(colourOn(newProject(), "2020-07-31").colour).toBe("yellow")
    expect(colourOn(newProject(), "2020-08-01").startOverdueMonths).toBe(3)
    expect(colourOn(newProject(), "2020-08-01").colour).toBe("red")
    expect(colourOn(newProject(), "2020-08-01").reasons[0]!.zh).toBe("计划开工 3 个月仍未开工(计划 2020-05)")
  })

  it("a start, even late, ends the start warnings", () => {
    expect(colourOn(newProject("2020-07-15"), "2020-08-01").startOverdueMonths).toBeUndefined()
  })
})

describe("recovery", () => {
  it("a red project that caught up is yellow, not green, at the next meeting; green the one after", () => {
    const facts = project({ isNew: false, started: "2019-03-01", invested: 700, through: 9 })
    const now = colourOn(facts, "2020-09-30", "red")
    expect(now.colour).toBe("yellow")
    expect(now.reasons.map((r) => r.rule)).toEqual(["recovery"])
    expect(colourOn(facts, "2020-09-30", "yellow").colour).toBe("green")
  })
})

describe("other measures", () => {
  it("days suspended, months without investment, plan cut", () => {
    const facts = project({ isNew: false, started: "2019-03-01", invested: 300, through: 4 })
    ProjectFacts.apply(facts, ev("ProjectSuspended", "2020-08-01"))
    const state = Evaluation.stateOf(facts, { amount: 1250, knownAt: 0, position: 0 }, 2020, day("2020-09-30"))!
    expect(state.suspendedDays).toBe(60)
    expect(state.monthsWithoutInvestment).toBe(5)
    expect(state.planCutShare).toBe(0.2)
    const w = Evaluation.evaluate(rules, state, Pace.at(2020, day("2020-09-30"), () => [facts], false), undefined)
    expect(w.reasons.map((r) => r.rule)).toEqual(["far-behind-pace", "suspended", "no-investment", "plan-cut"])
    expect(w.colour).toBe("red")
  })

  it("a cancelled project is off the list", () => {
    const facts = project({ isNew: false, started: "2019-03-01" })
    ProjectFacts.apply(facts, ev("ProjectCancelled", "2020-04-01"))
    expect(Evaluation.stateOf(facts, undefined, 2020, day("2020-09-30"))).toBeUndefined()
    expect(Evaluation.stateOf(facts, undefined, 2020, day("2020-03-31"))).toBeDefined()
  })
})
