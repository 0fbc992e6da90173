/** Scenarios meeting their portfolio: names that match nothing, sectors in Chinese, assumptions dated before D, store paths. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { runCli } from "../support.ts"

const root = resolve(import.meta.dirname, "../..")
const bin = join(root, "packages/cli/src/bin.ts")
const demo = join(root, "scenarios/ledgers/demo-city.jsonl")
const dir = mkdtempSync(join(tmpdir(), "gb-scenarios-cli-"))
const elsewhere = mkdtempSync(join(tmpdir(), "gb-scenarios-cwd-"))

const groundbreak = (...args: Array<string>) => runCli(elsewhere, args)

const scenarioFile = (name: string, lines: ReadonlyArray<string>) => {
  const file = join(dir, "scenarios", name)
  writeFileSync(file, ["year: 2020", "asOf: 2020-09-30", "knownAt: 2020-10-15", "portfolio: { store: ../data/demo.sqlite }", ...lines].join("\n") + "\n")
  return file
}

describe("scenario names and dates against the portfolio", { timeout: 180_000 }, () => {
  beforeAll(() => {
    mkdirSync(join(dir, "data"))
    mkdirSync(join(dir, "scenarios"))
    expect(groundbreak("import", demo, "--store", join(dir, "data", "demo.sqlite")).code).toBe(0)
  }, 120_000)

  it("refuses districts and sectors that match nothing, each located, with the valid names and a suggestion (store resolved against the scenario's folder)", () => {
    const file = scenarioFile("typos.yaml", [
      "name: typos",
      "assumptions:",
      "  pace:",
      "    byDistrict: { 南湖: 1.5 }",
      "    bySector: { 工业: 1.2, infrastruture: 0.9 }",
      "  pauses:",
      "    - { name: 寒潮, from: 2020-12-01, to: 2020-12-31, scope: { districts: [海州], sectors: [基础设施] }, intensity: 0.5 }",
      "  extraProjects:",
      "    - { name: e, perMonth: { '11': 2 }, size: { unit: 亿元, value: 2 }, startProbability: 0.5, district: 连云, sector: 社会 }"
    ])
    const r = groundbreak("scenario", "check", file)
    expect(r.code).toBe(1)
    const valid = "东海县, 开发区, 徐圩新区, 海州区, 灌云县, 灌南县, 赣榆区, 连云区"
    const sectors = "industrial (工业), infrastructure (基础设施), social (社会事业)"
    expect(r.err.trim().replace(/^groundbreak: /, "").split("\n").map((l) => l.trim()).filter((l) => l !== "ERROR")).toEqual([
      `${file}:8:19: assumptions.pace.byDistrict.南湖: expected a district of the portfolio (${valid}), found "南湖"`,
      `${file}:9:26: assumptions.pace.bySector.infrastruture: expected a sector of the portfolio (${sectors}), found "infrastruture"; did you mean infrastructure?`,
      `${file}:11:74: assumptions.pauses[0].scope.districts[0]: expected a district of the portfolio (${valid}), found "海州"; did you mean 海州区?`,
      `${file}:13:104: assumptions.extraProjects[0].district: expected a district of the portfolio (${valid}), found "连云"; did you mean 连云区?`,
      `${file}:13:116: assumptions.extraProjects[0].sector: expected a sector of the portfolio (${sectors}), found "社会"; did you mean 社会事业?`,
      `5 problem(s) in ${file}`
    ])
    expect(r.err).not.toMatch(/\n\s+at /)
    // The same check guards the forecast.
    const f = groundbreak("forecast", file, "--paths", "50")
    expect(f.code).toBe(1)
    expect(f.err).toContain(`did you mean 海州区?`)
  })

  it("accepts sectors by their Chinese names, and they change the forecast", () => {
    const baseline = scenarioFile("plain.yaml", ["name: plain"])
    const faster = scenarioFile("faster.yaml", ["name: faster", "assumptions: { pace: { bySector: { 工业: 1.5 } } }"])
    const check = groundbreak("scenario", "check", faster)
    expect(check.code).toBe(0)
    const mean = (file: string) => JSON.parse(groundbreak("forecast", file, "--paths", "200", "--format", "json").out).investment.mean as number
    expect(mean(faster)).toBeGreaterThan(mean(baseline) * 1.01)
  })

  it("warns, on stderr and in the JSON, about assumptions dated before the simulated months", () => {
    const file = scenarioFile("early.yaml", [
      "name: early",
      "assumptions:",
      "  pace: { byMonth: { '9': 1.2, '12': 1.1 } }",
      "  pauses:",
      "    - { name: 夏汛, from: 2020-07-01, to: 2020-08-15, intensity: 0.5 }",
      "    - { name: 秋雨, from: 2020-10-01, to: 2020-11-10, intensity: 0.4 }",
      "  extraProjects:",
      "    - { name: e, perMonth: { '3': 5, '11': 1 }, size: { unit: 亿元, value: 2 }, startProbability: 0.5 }"
    ])
    const r = groundbreak("forecast", file, "--paths", "50", "--format", "json")
    expect(r.code).toBe(0)
    // K (2020-10-15) is later than D: the forecast starts from what is known at K, and simulates November and December.
    const why = "the forecast simulates 2020-11 to 2020-12 (it starts from 2020-10-15)"
    const expected = [
      `warning: ${file}:7:27: assumptions.pace.byMonth.9: month 9 is not simulated and is ignored: ${why}`,
      `warning: ${file}:9:7: assumptions.pauses[0]: pause "夏汛" (2020-07-01 to 2020-08-15) ends before the simulated months and is ignored: ${why}`,
      `warning: ${file}:10:7: assumptions.pauses[1]: pause "秋雨": the part from 2020-10-01 to 2020-10-31 is not simulated and is ignored (${why}); only 2020-11-01 to 2020-11-10 counts`,
      `warning: ${file}:12:35: assumptions.extraProjects[0].perMonth.3: 5 project(s) in month 3 are not simulated and are ignored: ${why}`
    ]
    // The scenario's warnings, then (this ledger has one earlier year) the warning that the model error rests on too little history.
    const [history, ...scenarioWarnings] = r.err.trim().split("\n").reverse()
    expect(scenarioWarnings.reverse()).toEqual(expected)
    expect(history).toMatch(/少于 2 个/)
    expect(JSON.parse(r.out).warnings).toEqual(expected)
  })
})

describe("compare", { timeout: 180_000 }, () => {
  const shipped = (name: string) => join(root, "scenarios", `${name}.yaml`)

  it("refuses scenarios whose portfolio or dates differ, saying which", () => {
    const r = groundbreak("compare", shipped("lianyungang-2020"), shipped("dandong-2022"), "--paths", "50")
    expect(r.code).toBe(1)
    expect(r.err).toContain(`differs from ${shipped("lianyungang-2020")} in year (2020 in the first, 2022 here), asOf (2020-09-30 in the first, 2022-09-21 here)`)
    expect(r.err).toMatch(/portfolio \(synthesized/)
    expect(r.err).not.toMatch(/\n\s+at /)
  })

  it("gives B − A path by path with its own P10–P90, in the table, the JSON and the report (overlaid fans, tornado ends marked)", () => {
    const report = join(dir, "compare.html")
    const r = groundbreak("compare", shipped("lianyungang-2020"), shipped("lianyungang-2020-slow"), "--paths", "200", "--format", "json", "--report", report)
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expect(json.portfolio).toBe("synthesized from the published figures")
    const [a, b] = json.results
    const [d] = json.differences
    expect(d).toMatchObject({ scenario: b.scenario, versus: a.scenario })
    // The mean of B − A is B's mean less A's; the JSON rounds each of the three to 0.01 万元, so they agree within three half-cents.
    expect(Math.abs(d.investment.mean - (b.investment.mean - a.investment.mean))).toBeLessThanOrEqual(0.015 + 1e-9)
    expect(d.investment.p10).toBeLessThanOrEqual(d.investment.p50)
    expect(d.investment.p50).toBeLessThanOrEqual(d.investment.p90)
    // Common random numbers: the difference is far narrower than either scenario's band.
    expect(d.investment.p90 - d.investment.p10).toBeLessThan((a.investment.p90 - a.investment.p10) / 2)
    expect(json.fans.map((f: { scenario: string }) => f.scenario)).toEqual([a.scenario, b.scenario])
    const html = readFileSync(report, "utf8")
    expect(html).toContain("情景叠加 · Cumulative investment, scenarios overlaid")
    expect(html).toContain("B − A")
    expect(html).toContain("低 low")
    expect(html).toContain("高 high")
    const table = groundbreak("compare", shipped("lianyungang-2020"), shipped("lianyungang-2020-slow"), "--paths", "200", "--lang", "en").out
    expect(table).toMatch(/│ B − A \(path by path\) │/)
    expect(table).toMatch(/Completed investment \(100M yuan\) P10\s+│\s+[\d.]+\s+│\s+[\d.]+\s+│\s+-[\d.]+ │/)
    const zh = groundbreak("compare", shipped("lianyungang-2020"), shipped("lianyungang-2020-slow"), "--paths", "200").out
    expect(zh).toContain("B − A (逐路径差值)")
    expect(zh).toContain("低值")
    expect(zh).toContain("高值")
  })

  it("with --store, runs every scenario on that store and says so", () => {
    const a = scenarioFile("cmp-a.yaml", ["name: a"])
    const b = join(dir, "scenarios", "cmp-b.yaml")
    writeFileSync(b, "name: b\nyear: 2020\nasOf: 2020-09-30\nknownAt: 2020-10-15\nassumptions: { pace: { overall: 0.9 } }\n")
    expect(groundbreak("compare", a, b, "--paths", "50").code).toBe(1)
    const store = join(dir, "data", "demo.sqlite")
    const r = groundbreak("compare", a, b, "--paths", "50", "--store", store, "--lang", "en")
    expect(r.code).toBe(0)
    expect(r.out).toContain(`(portfolio: --store ${store}, for every scenario)`)
  })
})
