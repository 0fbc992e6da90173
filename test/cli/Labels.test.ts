/** No code names in Chinese output: sectors, methods, assumption knobs and the unknown group all have Chinese labels. */
import { describe, expect, it } from "vitest"
import * as Labels from "../../packages/cli/src/Labels.ts"

describe("labels", () => {
  it("translates sectors, kinds and the unknown group; districts stay as the ledger writes them", () => {
    expect(Labels.groupName("industrial", "sector", "zh")).toBe("工业")
    expect(Labels.groupName("infrastructure", "sector", "zh")).toBe("基础设施")
    expect(Labels.groupName("social", "sector", "zh")).toBe("社会事业")
    expect(Labels.groupName("industrial", "sector", "en")).toBe("industrial")
    expect(Labels.groupName("(unknown)", "district", "zh")).toBe("未知")
    expect(Labels.groupName("(unknown)", "sector", "zh")).toBe("未知")
    expect(Labels.groupName("new", "kind", "zh")).toBe("新建")
    expect(Labels.groupName("海州区", "district", "zh")).toBe("海州区")
  })

  it("names the methods in Chinese", () => {
    expect(["simulation", "runRate", "seasonalShare", "regression", "combined"].map((m) => Labels.methodName(m, "zh")))
      .toEqual(["模拟", "按月均推算", "季节占比法", "回归法", "组合"])
    expect(Labels.methodName("runRate", "en")).toBe("run-rate")
  })

  it("names every kind of assumption knob in Chinese, with no code name left", () => {
    const knobs = ["pace.overall", "pace.month 10", "pace.district 海州区", "pace.sector industrial", "startDelayShift (months)", "cancellationProbability", "pause 寒潮", "extra projects 招商"]
    const zh = knobs.map((k) => Labels.knobName(k, "zh"))
    expect(zh).toEqual(["总体施工强度", "10月施工强度", "海州区施工强度", "工业施工强度", "开工推迟(月)", "取消概率", "停工: 寒潮", "新增项目: 招商"])
    for (const name of zh) expect(name).not.toMatch(/[A-Za-z]/)
    expect(Labels.knobValue("none", "zh")).toBe("无")
  })

  it("writes a target as a condition with its unit", () => {
    expect(Labels.targetCondition("investment", "1600.0", "zh")).toBe("完成投资 ≥ 1600.0亿元")
    expect(Labels.targetCondition("startRate", "90.0%", "zh")).toBe("开工率 ≥ 90.0%")
    expect(Labels.targetCondition("investment", "1600.0", "en")).toBe("completed investment ≥ 1600.0 (100M yuan)")
  })

  it("fills placeholders", () => {
    expect(Labels.fill("cappedAsOf", "en", { asked: "2024-05-31", year: 2023 }))
      .toBe("2024-05-31 is after plan year 2023: counted as of 2023-12-31 (a plan year's window ends on 31 December)")
  })
})
