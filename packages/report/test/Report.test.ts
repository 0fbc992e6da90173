/** The report's pieces without a browser: text escaped into HTML, and the fan chart's data in 亿元. */
import { describe, expect, it } from "vitest"
import { Charts, Html } from "../src/index.ts"

describe("Html", () => {
  it("escapes what HTML would read as markup, and leaves Chinese alone", () =>
    expect(Html.escape(`<b>"海州区" & 'x'</b>`)).toBe("&lt;b&gt;&quot;海州区&quot; &amp; 'x'&lt;/b&gt;"))

  it("a table escapes its cells and right-aligns the numeric columns", () => {
    const html = Html.table(["区县", "亿元"], [["<连云区>", "12.3"]])
    expect(html).toContain("<th>区县</th>")
    expect(html).toContain("<td>&lt;连云区&gt;</td><td class=\"n\">12.3</td>")
  })

  it("a page holds its sections, its title escaped, and fetches nothing", () => {
    const page = Html.page("预测 <2020>", "meta", [{ title: "A&B", body: "<p>x</p>" }])
    expect(page).toContain("<title>预测 &lt;2020&gt;</title>")
    expect(page).toContain("<h2>A&amp;B</h2>\n<p>x</p>")
    expect(page).not.toMatch(/<(script|link)\b|https?:\/\//)
  })
})

describe("the fan chart", () => {
  it("shows money in 亿元: the data and the plan and target lines, from 万元", () => {
    const spec = Charts.fan([{ month: 9, actual: 10_503_000, p10: 12_000_000, p50: 13_000_000, p90: 14_000_000 }], { plan: 15_055_390, target: 14_500_000 }) as unknown as {
      layer: ReadonlyArray<{ data: { values: ReadonlyArray<Record<string, unknown>> } }>
    }
    expect(spec.layer[0]!.data.values).toEqual([{ month: 9, actual: 1050.3, p10: 1200, p50: 1300, p90: 1400 }])
    expect(spec.layer[3]!.data.values.map((v) => v["value"])).toEqual([1505.539, 1450])
  })
})

describe("the tornado", () => {
  it("names each knob in Chinese and English, not by its code name", () => {
    const bar = { name: "pace.month 12", lowLabel: "0.8", highLabel: "1.2", investment: { low: 1_400_000, high: 1_500_000 }, startRate: { low: 0.9, high: 0.92 }, swing: 100_000 }
    const spec = JSON.stringify(Charts.tornado([bar] as never, 1_450_000))
    expect(spec).toContain("12月施工强度 · pace in month 12")
    expect(spec).not.toContain("\"pace.month 12\"")
  })
})

describe("metric names in charts", () => {
  it("the targets and calibration charts name each metric in Chinese and English, not by its code name", () => {
    const targets = JSON.stringify(Charts.targets([{ metric: "startRate", target: 0.9, probability: 0.3 }] as never))
    const calibration = JSON.stringify(Charts.calibration([{ metric: "investment", coverage: 0.75 }] as never))
    expect(targets).toContain("开工率 Start rate")
    expect(calibration).toContain("完成投资 Investment")
    expect(calibration).not.toContain("\"metric\":\"investment\"")
  })
})
