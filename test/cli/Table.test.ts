/** `groundbreak table import` and `table export` as a person runs them, on the demo city's tables. */
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { runCli } from "../support.ts"

const root = resolve(import.meta.dirname, "../..")
const bin = join(root, "packages/cli/src/bin.ts")
const tables = join(root, "scenarios/tables")

const groundbreak = (cwd: string, ...args: Array<string>) => runCli(cwd, args)

describe("groundbreak table", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "gb-table-"))

  it("imports monthly tables in order, once, and reads the indicators they give", () => {
    const jan = groundbreak(dir, "table", "import", join(tables, "2023-01.xlsx"), "--period", "2023-01", "--reported-at", "2023-02-07")
    expect(jan.code).toBe(0)
    expect(jan.out).toMatch(/^imported \d+ new event\(s\) from 208 project row\(s\)/)
    const feb = groundbreak(dir, "table", "import", join(tables, "2023-02.xlsx"), "--period", "2023-02", "--reported-at", "2023-03-07")
    expect(feb.code).toBe(0)
    const again = groundbreak(dir, "table", "import", join(tables, "2023-02.xlsx"), "--period", "2023-02", "--reported-at", "2023-03-07")
    expect(again.out).toMatch(/^imported 0 new event\(s\).*already stored/)
    const kpis = JSON.parse(groundbreak(dir, "kpis", "--year", "2023", "--as-of", "2023-02-28", "--known-at", "2023-03-07", "--format", "json").out)
    expect(kpis.projects).toBe(208)
  })

  it("refuses an earlier month after a later one with a one-line reason and no stack trace", () => {
    const r = groundbreak(dir, "table", "import", join(tables, "2023-01.xlsx"), "--period", "2023-01", "--reported-at", "2023-02-06")
    expect(r.code).toBe(1)
    expect(r.err).toContain("2023-01.xlsx: the store already holds facts known at 2023-03-07T23:59:59.999+08:00, after --reported-at 2023-02-06T23:59:59.999+08:00")
    expect(r.err).not.toMatch(/\n\s+at /)
  })

  it("names the flag of a bad --period", () => {
    const r = groundbreak(dir, "table", "import", join(tables, "2023-01.xlsx"), "--period", "2023-13", "--reported-at", "2023-02-07")
    expect(r.code).toBe(1)
    expect(r.err).toContain(`--period: expected a month YYYY-MM, found "2023-13"`)
  })

  it("exports the month's table as CSV that imports into an empty store with the same indicators", () => {
    const out = join(dir, "feb.csv")
    const r = groundbreak(dir, "table", "export", "--year", "2023", "--as-of", "2023-02-28", "--known-at", "2023-03-07", "--format", "csv", "--lang", "en", "--out", out)
    expect(r.code).toBe(0)
    const text = readFileSync(out, "utf8")
    expect(text.startsWith(`\uFEFF"Key projects: progress, January–Feb 2023"`)).toBe(true)
    const other = mkdtempSync(join(tmpdir(), "gb-table-2-"))
    expect(groundbreak(other, "table", "import", out, "--period", "2023-02", "--reported-at", "2023-03-07").code).toBe(0)
    const kpis = (cwd: string) => JSON.parse(groundbreak(cwd, "kpis", "--year", "2023", "--as-of", "2023-02-28", "--known-at", "2023-03-07", "--format", "json").out)
    expect(kpis(other)).toEqual(kpis(dir))
  })
})
