/** `groundbreak warnings` and `ranking` as a person runs them on the demo ledger, and their errors. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { runCli } from "../support.ts"

const root = resolve(import.meta.dirname, "../..")
const bin = join(root, "packages/cli/src/bin.ts")
const demo = join(root, "scenarios/ledgers/demo-city.jsonl")

const groundbreak = (cwd: string, ...args: Array<string>) => runCli(cwd, args)

describe("groundbreak warnings and ranking", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "gb-warnings-"))
  const meeting = ["--year", "2020", "--as-of", "2020-09-30", "--known-at", "2020-10-15"]
  beforeAll(() => {
    expect(groundbreak(dir, "import", demo).code).toBe(0)
  }, 120_000)

  it("lists projects by colour with reasons, counts per county adding up, and the changes since last month", () => {
    const r = groundbreak(dir, "warnings", ...meeting, "--format", "json")
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expect(json).toMatchObject({ year: 2020, asOf: "2020-09-30", paceKind: "months", pace: 0.75 })
    // Like every command's JSON: units stated once, money to 0.01 万元.
    expect(json.units).toEqual({ money: "万元", rates: "fraction" })
    for (const p of json.projects) expect(Math.round(p.completed * 100)).toBeCloseTo(p.completed * 100, 6)
    expect(json.projects.length).toBe(json.total.red + json.total.yellow + json.total.green)
    for (const colour of ["red", "yellow", "green"]) {
      expect(json.groups.reduce((s: number, g: Record<string, number>) => s + g[colour]!, 0)).toBe(json.total[colour])
    }
    for (const p of json.projects) expect(p.colour === "green" || p.reasons.length > 0).toBe(true)
    expect(json.changes.hasPrevious).toBe(true)
    expect(json.meetings.map((m: { asOf: string }) => m.asOf).slice(-2)).toEqual(["2020-08-31", "2020-09-30"])
    const table = groundbreak(dir, "warnings", ...meeting, "--lang", "en").out
    expect(table).toContain("Since last month's meeting:")
    expect(table).toMatch(/Red\s+│ LYG-/)
  })

  it("the table and the printed dispatch brief call the changes since last month by the same words", () => {
    const report = join(dir, "brief.html")
    const table = groundbreak(dir, "warnings", ...meeting, "--lang", "en", "--report", report)
    expect(table.code, table.err).toBe(0)
    const brief = readFileSync(report, "utf8")
    for (const words of ["New reds (", "Recovered (", "Still red (two months or more) ("]) {
      expect(table.out).toContain(words)
      expect(brief).toContain(words)
    }
  })

  it("ranks the counties lowest first against the pace, with last month's rank", () => {
    const json = JSON.parse(groundbreak(dir, "ranking", ...meeting, "--format", "json").out)
    expect(json.units).toEqual({ money: "万元", rates: "fraction" })
    expect(json.rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    const rates = json.rows.map((r: { values: { completionRate: number } }) => r.values.completionRate)
    expect(rates).toEqual([...rates].sort((a: number, b: number) => a - b))
    expect(json.previous.asOf).toBe("2020-08-31")
    for (const r of json.rows) expect(r.completionGap).toBeCloseTo((r.values.completionRate - 0.75) * 100, 0)
    const csv = groundbreak(dir, "ranking", ...meeting, "--by", "kind", "--format", "csv").out.trim().split("\n")
    expect(csv[0]).toMatch(/^year,asOf,knownAt,pace,kind,rank/)
    expect(csv).toHaveLength(3)
  })

  it("a date outside the plan year is refused", () => {
    const r = groundbreak(dir, "ranking", "--year", "2020", "--as-of", "2021-03-31")
    expect(r.code).toBe(1)
    expect(r.err).toContain("--as-of 2021-03-31 is after the plan year 2020 ends (2020-12-31)")
  })

  it("a bad rules file: every problem with file:line:column, exit code 1, no stack trace", () => {
    const rules = join(dir, "rules.yaml")
    writeFileSync(rules, "name: x\npace: weekly\nrules:\n  - { id: a, colour: red, when: { startOverdueMonths: { atLeast: two } }, reason: { zh: a, en: a } }\n")
    const r = groundbreak(dir, "warnings", ...meeting, "--rules", rules)
    expect(r.code).toBe(1)
    expect(r.err).toContain(`${rules}:2:7: pace: expected "days" | "months" | "seasonal"`)
    expect(r.err).toMatch(new RegExp(`${rules.replace(/[.]/g, "\\.")}:4:\\d+: rules\\[0\\]\\.when\\.startOverdueMonths\\.atLeast: `))
    expect(r.err).not.toMatch(/at .*\.ts:\d+/)
  })
})
