import { Calendar, Sectors } from "@groundbreak/domain"
import { describe, expect, it } from "vitest"
import { ScenarioCheck } from "../src/index.ts"

const locate = () => ({ file: "s.yaml", line: 1, column: 1 })
const timing = { year: 2024, startDay: Calendar.parseDate("2024-06-30")! }

describe("ScenarioCheck", () => {
  it("suggests the nearest name by prefix or a few edits, and nothing for a name far from all", () => {
    expect(ScenarioCheck.nearest("东城", ["东城区", "西城区"])).toBe("东城区")
    expect(ScenarioCheck.nearest("industral", ["industrial", "social"])).toBe("industrial")
    expect(ScenarioCheck.nearest("南湖", ["东城区", "西城区"])).toBeUndefined()
  })

  it("maps sectors named in Chinese, or in full-width letters, to the portfolio's own names, through one mapping", () => {
    expect(Sectors.same("工业", "industrial")).toBe(true)
    expect(Sectors.same("ｉｎｄｕｓｔｒｉａｌ", "industrial")).toBe(true)
    expect(Sectors.same("基础设施", "社会事业")).toBe(false)
    const checked = ScenarioCheck.check(
      { name: "s", year: 2024, asOf: "2024-06-30", assumptions: { pace: { bySector: { 工业: 1.2 } }, pauses: [{ name: "p", from: "2024-07-01", to: "2024-07-31", intensity: 0.5, scope: { sectors: ["基础设施"] } }] } },
      { districts: ["东城区"], sectors: ["industrial", "infrastructure"] },
      timing,
      locate
    )
    expect(checked.problems).toEqual([])
    expect(checked.scenario.assumptions?.pace?.bySector).toEqual({ industrial: 1.2 })
    expect(checked.scenario.assumptions?.pauses?.[0]?.scope?.sectors).toEqual(["infrastructure"])
  })

  it("warns about the part of a pause after the plan year, and a pause wholly after it", () => {
    const checked = ScenarioCheck.check(
      { name: "s", year: 2024, asOf: "2024-06-30", assumptions: { pauses: [
        { name: "winter", from: "2024-12-15", to: "2025-02-28", intensity: 0.5 },
        { name: "next", from: "2025-03-01", to: "2025-03-31", intensity: 0.5 }
      ] } },
      undefined,
      timing,
      locate
    )
    expect(checked.warnings.map((w) => w.message)).toEqual([
      `pause "winter": the part from 2025-01-01 to 2025-02-28 is after the plan year and is ignored`,
      `pause "next" (2025-03-01 to 2025-03-31) begins after the plan year 2024 and is ignored`
    ])
  })
})
