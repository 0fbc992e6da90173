/** The `groundbreak` command as a person runs it: import the demo ledger, read the indicators, get clear errors. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { describe, expect, it } from "vitest"
import { runCli } from "../support.ts"

const root = resolve(import.meta.dirname, "../..")
const bin = join(root, "packages/cli/src/bin.ts")
const demo = join(root, "scenarios/ledgers/demo-city.jsonl")

const groundbreak = (cwd: string, ...args: Array<string>) => runCli(cwd, args)

describe("groundbreak CLI", { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "gb-cli-"))

  it("imports the demo ledger once; a second import changes nothing", () => {
    const first = groundbreak(dir, "import", demo)
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/^imported 14457 new event\(s\) for 840 project\(s\)/)
    const second = groundbreak(dir, "import", demo)
    expect(second.out).toContain("imported 0 new event(s)")
    expect(second.out).toContain("14457 already stored")
  })

  it("prints the KPIs as JSON with raw numbers, and as a table in 亿元 and rounded percentages", () => {
    const json = JSON.parse(groundbreak(dir, "kpis", "--year", "2020", "--as-of", "2020-09-30", "--known-at", "2020-10-15", "--format", "json").out)
    expect(json).toMatchObject({ year: 2020, asOf: "2020-09-30", knownAt: "2020-10-15", projects: 659, newProjects: 280, newStarted: 236 })
    expect(json.startRate).toBeCloseTo(236 / 280, 12)
    const table = groundbreak(dir, "kpis", "--year", "2020", "--as-of", "2020-09-30", "--known-at", "2020-10-15", "--lang", "en").out
    expect(table).toMatch(/Start rate\s+│\s+84\.3%/)
    expect(table).toContain(`${(Math.round(json.completedInvestment / 1000) / 10).toFixed(1)} │`)
  })

  it("breaks down by kind with groups that sum to the total", () => {
    const out = JSON.parse(groundbreak(dir, "kpis", "--as-of", "2020-09-30", "--known-at", "2020-10-15", "--by", "kind", "--format", "json").out)
    expect(out.groups.map((g: { key: object }) => g.key)).toEqual([{ kind: "continuing" }, { kind: "new" }])
    expect(out.groups.reduce((s: number, g: { projects: number }) => s + g.projects, 0)).toBe(out.total.projects)
  })

  it("exports what it imported, line for line", () => {
    const out = join(dir, "export.jsonl")
    expect(groundbreak(dir, "export", "--out", out).code).toBe(0)
    const exported = readFileSync(out, "utf8").trim().split("\n").sort()
    expect(exported).toEqual(readFileSync(demo, "utf8").trim().split("\n").sort())
  })

  it("rejects a bad file with file:line: reason and exit code 1, writing nothing", () => {
    const bad = join(dir, "bad.jsonl")
    writeFileSync(bad, '{"eventId":"z","projectId":"Z","type":"ProjectStarted","occurredOn":"2020-01-01","knownAt":"2020-01-02","data":{}}\n')
    const r = groundbreak(dir, "import", bad, "--store", join(dir, "other.sqlite"))
    expect(r.code).toBe(1)
    expect(r.err).toContain(`${bad}:1: knownAt: Expected an ISO date-time with offset`)
    expect(r.err).toContain("nothing was imported")
  })

  it("says so when a store file was written by an incompatible version, instead of exiting in silence", () => {
    const old = join(dir, "old.sqlite")
    const db = new DatabaseSync(old)
    db.exec("CREATE TABLE streams (stream_id INTEGER PRIMARY KEY, project_id TEXT, version INTEGER); CREATE TABLE events (position INTEGER PRIMARY KEY, payload TEXT); PRAGMA user_version = 99")
    db.close()
    const r = groundbreak(dir, "export", "--store", old)
    expect(r.code).toBe(1)
    expect(r.err).toContain(`cannot use the SQLite store ${old} (was it written by an incompatible version of Groundbreak?)`)
  })

  it("explains a bad flag value", () => {
    const r = groundbreak(dir, "kpis", "--as-of", "2020-02-30")
    expect(r.code).toBe(1)
    expect(r.err).toBe('groundbreak: --as-of: expected a date YYYY-MM-DD that exists in the calendar, found "2020-02-30"\n')
  })
})
