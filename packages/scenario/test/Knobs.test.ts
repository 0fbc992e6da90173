import { describe, expect, it } from "vitest"
import { Knobs } from "../src/index.ts"

describe("knob names", () => {
  it("are read in Chinese and English, never as code", () => {
    expect(Knobs.label("pace.month 10", "zh")).toBe("10月施工强度")
    expect(Knobs.label("pace.month 10", "en")).toBe("pace in month 10")
    expect(Knobs.label("pace.sector industrial", "zh")).toBe("工业施工强度")
    expect(Knobs.label("pace.district (unknown)", "zh")).toBe("未知施工强度")
    expect(Knobs.label("pause 寒潮", "en")).toBe("pause: 寒潮")
    expect(Knobs.valueLabel("none", "zh")).toBe("无")
  })
  it("show a name they do not know as it is", () => expect(Knobs.label("something new", "zh")).toBe("something new"))
})
