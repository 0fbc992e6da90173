/** Scenarios meeting their portfolio: names that match nothing, sectors in Chinese, assumptions dated before D, store paths. */
import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")
const bin = join(root, "packages/cli/src/bin.ts")
const demo = join(root, "scenarios/ledgers/demo-city.jsonl")
const dir = mkdtempSync(join(tmpdir(), "gb-scenarios-cli-"))
const elsewhere = mkdtempSync(join(tmpdir(), "gb-scenarios-cwd-"))

const groundbreak = (...args: Array<string>) => {
  const r = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", bin, ...args], { cwd: elsewhere, encoding: "utf8", maxBuffer: 1 << 26 })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

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
  })

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
    expect(r.err.trim().split("\n").map((l) => l.trim()).filter((l) => l !== "ERROR")).toEqual([
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
    expect(r.err.trim().split("\n")).toEqual(expected)
    expect(JSON.parse(r.out).warnings).toEqual(expected)
  })
})
