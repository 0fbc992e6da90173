import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import type { ProjectRisk } from "@groundbreak/forecast"
import { LikelyToMiss, RulesFile, type Warnings } from "../src/index.ts"

const rules = await Effect.runPromise(RulesFile.load())

const line = (projectId: string, colour: "red" | "yellow" | "green", kind: "new" | "continuing", started: boolean): Warnings.ProjectLine => ({
  projectId, district: "海州区", sector: "industrial", kind, started, plannedInvestment: 1000, completed: 500, progress: 0.5, plannedStart: "2020-05",
  startOverdueMonths: undefined, suspendedDays: undefined, monthsWithoutInvestment: undefined, planCutShare: undefined,
  colour, reasons: [], pace: 0.75, pointsBehindPace: 25, redMonths: colour === "red" ? 1 : 0, previousColour: undefined
})
const risk = (projectId: string, isNew: boolean, pComplete: number, pStart: number | null): ProjectRisk.ProjectRisk =>
  ({ projectId, isNew, planned: 1000, toDate: 500, pComplete, pStart, p10: 700, p50: 900, p90: 1100 })

describe("likely to miss", () => {
  it("flags green and yellow projects strictly above the rules' threshold, never red ones; a new project not started is judged on its start", () => {
    const column = LikelyToMiss.of(
      [line("A", "green", "continuing", true), line("B", "yellow", "continuing", true), line("C", "red", "continuing", true), line("D", "green", "new", false)],
      [risk("A", false, 0.49, null), risk("B", false, 0.5, null), risk("C", false, 0, null), risk("D", true, 0.9, 0.3)],
      rules
    )
    expect(column.likely.map((l) => [l.projectId, l.missing, l.probability])).toEqual([["D", "start", 0.7], ["A", "plan", 0.51]])
    expect(column.pMiss.get("B")).toBe(0.5)
    expect(column.pMiss.get("C")).toBe(1)
    expect(column.likely[1]!.zh).toBe("模拟显示 51.0% 的可能完不成年度计划(或年内不开工)")
  })
})
