/** Scenario-driven commands as a planner runs them: check, kpis at the scenario's date, forecast, simulate, series. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { runCli } from "../support.ts"

const root = resolve(import.meta.dirname, "../..")
const bin = join(root, "packages/cli/src/bin.ts")
const scenario = (name: string) => join(root, "scenarios", `${name}.yaml`)
const dir = mkdtempSync(join(tmpdir(), "gb-forecast-cli-"))

const groundbreak = (...args: Array<string>) => runCli(dir, args)

describe("scenario-driven commands", { timeout: 120_000 }, () => {
  it.each(["lianyungang-2020", "dandong-2022", "lianyungang-hitech-2022", "haizhou-2021", "yangzhou-2023"])(
    "scenario check passes for the seed %s",
    (name) => {
      const r = groundbreak("scenario", "check", scenario(name))
      // Two seeds start a pause in the month of D, which the forecast does not simulate: said, not silently dropped.
      expect(r.err.split("\n").filter((l) => l !== "" && !l.startsWith(`warning: ${scenario(name)}:`))).toEqual([])
      expect(r.code).toBe(0)
    }
  )

  it("scenario check fails on a published figure that the ledger cannot reproduce and that is not declared", () => {
    const text = readFileSync(scenario("dandong-2022"), "utf8").replace(/    unreproducible:[\s\S]*?(?=targets:)/, "")
    const file = join(dir, "dandong-undeclared.yaml")
    writeFileSync(file, text)
    const r = groundbreak("scenario", "check", file)
    expect(r.code).toBe(1)
    expect(r.err).toContain("total.startResumeRate is published as 93.7% but the synthesized ledger gives 93.1%")
  })

  it("kpis --scenario prints the article's figures at its date", () => {
    const json = JSON.parse(groundbreak("kpis", "--scenario", scenario("lianyungang-2020"), "--format", "json").out)
    expect(json).toMatchObject({ year: 2020, asOf: "2020-09-30", projects: 530, newProjects: 286, newStarted: 238 })
    expect(json.completedInvestment).toBeCloseTo(10_503_000, 0)
    const bySector = JSON.parse(groundbreak("kpis", "--scenario", scenario("lianyungang-2020"), "--by", "sector", "--format", "json").out)
    const industrial = bySector.groups.find((g: { key: { sector: string } }) => g.key.sector === "industrial")
    expect(industrial.projects).toBe(362)
    expect(industrial.completedInvestment).toBeCloseTo(8_332_000, 0)
  })

  it("forecast prints the JSON contract, reproducibly", () => {
    const run = () => groundbreak("forecast", scenario("lianyungang-2020"), "--paths", "300", "--format", "json")
    const first = run()
    expect(first.code).toBe(0)
    const json = JSON.parse(first.out)
    expect(Object.keys(json)).toEqual(expect.arrayContaining(["year", "asOf", "knownAt", "paths", "seed", "investment", "startRate", "startResumeRate", "commissioned", "targets", "methods"]))
    expect(json).toMatchObject({ year: 2020, asOf: "2020-09-30", paths: 300, seed: 1 })
    for (const key of ["investment", "startRate", "startResumeRate", "commissioned"]) {
      expect(Object.keys(json[key])).toEqual(["actualToDate", "mean", "p10", "p50", "p90"])
    }
    expect(json.investment.actualToDate).toBeCloseTo(10_503_000, 0)
    expect(json.targets.map((t: { metric: string }) => t.metric)).toEqual(["investment", "startRate"])
    expect(Object.keys(json.methods)).toEqual(["runRate", "seasonalShare", "regression"])
    expect(run().out).toBe(first.out)
  })

  it("完成年度计划 and the investment target's chance follow the headline investment, so they agree with the figure shown first", () => {
    const json = JSON.parse(groundbreak("forecast", scenario("lianyungang-2020"), "--paths", "300", "--format", "json").out)
    // The Lianyungang September forecast leads with the combination (it beat the simulation in the backtests).
    expect(json.headline).toBe("combined")
    const lead = json.combined.investment
    // The plan does not change along the paths (no extra projects), so completion is the lead's investment over it.
    expect(json.plannedInvestment.p10).toBe(json.plannedInvestment.p90)
    expect(json.completionRate.p50).toBeCloseTo(lead.p50 / json.plannedInvestment.p50, 3)
    expect(json.completionRate.p90).toBeCloseTo(lead.p90 / json.plannedInvestment.p50, 3)
    // A target between the lead's median and the simulation's (the same scenario, its target moved there: targets do
    // not change the forecast): the chance follows the lead, on whichever side of one half the lead puts it; under
    // the simulation it would be on the other side.
    const between = (lead.p50 + json.investment.p50) / 2
    expect(Math.abs(lead.p50 - json.investment.p50)).toBeGreaterThan(0)
    const file = join(dir, "lianyungang-target-between.yaml")
    writeFileSync(file, readFileSync(scenario("lianyungang-2020"), "utf8").replace(/investment: \{ unit: 亿元, value: 1600 \}/, `investment: { unit: 万元, value: ${between.toFixed(0)} }`))
    const moved = JSON.parse(groundbreak("forecast", file, "--paths", "300", "--format", "json").out)
    expect(moved.combined.investment).toEqual(lead)
    const investmentTarget = moved.targets.find((t: { metric: string }) => t.metric === "investment")
    expect(investmentTarget.target).toBeCloseTo(between, -1)
    if (lead.p50 < between) expect(investmentTarget.probability).toBeLessThan(0.5)
    else expect(investmentTarget.probability).toBeGreaterThan(0.5)
  })

  it("forecast shows a table in 亿元 with the probability of each target", () => {
    const r = groundbreak("forecast", scenario("lianyungang-2020"), "--paths", "200", "--lang", "en")
    // The first investment row: the simulation's, or the combination's when it is the headline (then labelled so).
    expect(r.out).toMatch(/Completed investment \(100M yuan\)( · combined \(headline\))?\s+│\s+1050\.3/)
    expect(r.out).toMatch(/Probability of meeting it/)
  })

  it("simulate writes one path as events", () => {
    const out = join(dir, "path.jsonl")
    const r = groundbreak("simulate", scenario("lianyungang-2020"), "--path", "2", "--out", out)
    expect(r.code).toBe(0)
    const lines = readFileSync(out, "utf8").trim().split("\n").map((l) => JSON.parse(l))
    expect(lines.length).toBeGreaterThan(100)
    expect(new Set(lines.map((e: { type: string }) => e.type))).toContain("InvestmentReported")
    expect(lines.every((e: { occurredOn: string }) => e.occurredOn > "2020-09-30" || e.occurredOn.startsWith("2020-09"))).toBe(true)
  })

  it("forecast-series reads the shipped series", () => {
    const json = JSON.parse(groundbreak("forecast-series", join(root, "scenarios/series/lianyungang-ytd.csv"), "--as-of", "2020-09", "--format", "json").out)
    expect(json.toDate).toBe(1050.3)
    expect(json.combined.p10).toBeLessThanOrEqual(json.combined.p50)
    expect(json.combined.p50).toBeLessThanOrEqual(json.combined.p90)
  })

  it("a bad scenario file is reported with its position", () => {
    const file = join(dir, "bad.yaml")
    writeFileSync(file, "name: x\nyear: 2020\nasOf: 2020-09-30\ntargets: { startRate: 90 }\n")
    const r = groundbreak("forecast", file)
    expect(r.code).toBe(1)
    expect(r.err).toContain(`${file}:4:23: targets.startRate: expected a fraction 0–1, found 90; did you mean 0.9?`)
  })
})
