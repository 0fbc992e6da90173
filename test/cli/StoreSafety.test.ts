/**
 * What the command line promises about stores and the files it writes:
 * read-only commands never create or alter a store, an output is never the
 * store, outputs are written whole or not at all, a closed pipe ends quietly,
 * and text from a ledger reaches neither the terminal nor a spreadsheet raw.
 */
import { spawnSync } from "node:child_process"
import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { DatabaseSync } from "node:sqlite"
import { describe, expect, it } from "vitest"
import { runCli } from "../support.ts"

const root = resolve(import.meta.dirname, "../..")
const bin = join(root, "packages/cli/src/bin.ts")
const demo = join(root, "scenarios/ledgers/demo-city.jsonl")
const demoLines = readFileSync(demo, "utf8").trim().split("\n").length

const groundbreak = (cwd: string, ...args: Array<string>) => runCli(cwd, args)

/** A user-facing refusal: non-zero exit, the message on stderr, no stack trace. */
const expectRefusal = (r: { code: number | null; err: string }, message: string) => {
  expect(r.code).not.toBe(0)
  expect(r.err).toContain(message)
  expect(r.err).not.toMatch(/\n\s+at |node:internal|Error:/)
}

describe("stores and outputs on the command line", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "gb-safety-"))
  const store = join(dir, "s.sqlite")
  const imported = groundbreak(dir, "import", demo, "--store", store)

  it("imports the demo ledger to work on", () => {
    expect(imported.code).toBe(0)
  })

  it("refuses to export onto the store or one of its files, by any name, and the store survives", () => {
    mkdirSync(join(dir, "links"))
    symlinkSync(store, join(dir, "links", "symlink.sqlite"))
    linkSync(store, join(dir, "links", "hardlink.sqlite"))
    // Every name of every store file is covered by the unit tests of OutputFile; here, two through the command line.
    for (const out of [`${store}-wal`, join(dir, "links", "hardlink.sqlite")]) {
      expectRefusal(groundbreak(dir, "export", "--store", store, "--out", out), `cannot write --out ${out}: it is the store ${store} or one of its files`)
    }
    expect(groundbreak(dir, "export", "--store", store).out.trim().split("\n")).toHaveLength(demoLines)
  })

  it("refuses an output in a missing folder or onto a folder, in one clear line", () => {
    expectRefusal(groundbreak(dir, "export", "--store", store, "--out", join(dir, "missing", "x.jsonl")), `the folder ${join(dir, "missing")} does not exist`)
    expectRefusal(groundbreak(dir, "export", "--store", store, "--out", dir), `cannot write --out ${dir}: it is a folder`)
    expect(existsSync(join(dir, "missing"))).toBe(false)
  })

  it("checks a report's path before the work starts", () => {
    const r = groundbreak(dir, "forecast", "--store", store, "--as-of", "2020-09-30", "--paths", "10", "--report", join(dir, "missing", "r.html"))
    expectRefusal(r, `cannot write --report ${join(dir, "missing", "r.html")}: the folder ${join(dir, "missing")} does not exist`)
    expect(r.out).toBe("") // no forecast was made first
  })

  it("ends quietly with status 0 when the reader of standard output goes away (export | head -1)", () => {
    const r = spawnSync("bash", ["-c", `"${process.execPath}" --disable-warning=ExperimentalWarning "${bin}" export --store "${store}" | head -1; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: "utf8" })
    expect(r.stdout.trim().split("\n")).toHaveLength(1)
    expect(r.stderr).toBe("status 0\n")
  })

  it("writes an export whole or not at all: a failure midway leaves the previous file as it was, and no temporary file", () => {
    const broken = join(dir, "broken.sqlite")
    expect(groundbreak(dir, "import", demo, "--store", broken).code).toBe(0)
    // The last event unreadable: the export fails after writing the first pages.
    const db = new DatabaseSync(broken)
    db.exec(`UPDATE events SET known_at_text = NULL, payload = 'not json' WHERE position = ${demoLines}`)
    db.close()
    const out = join(dir, "out", "ledger.jsonl")
    mkdirSync(join(dir, "out"))
    writeFileSync(out, "the previous export\n")
    const r = groundbreak(dir, "export", "--store", broken, "--out", out)
    expect(r.code).not.toBe(0)
    expect(readFileSync(out, "utf8")).toBe("the previous export\n")
    expect(readdirSync(join(dir, "out"))).toEqual(["ledger.jsonl"])
    expect(groundbreak(dir, "export", "--store", store, "--out", out).code).toBe(0)
    expect(readFileSync(out, "utf8").trim().split("\n")).toHaveLength(demoLines)
  })

  it("never creates a store from a read-only command: a mistyped path is an error, and no folder or file appears", () => {
    const typo = join(dir, "typo-dir", "x.sqlite")
    const scenario = join(dir, "typo.yaml")
    writeFileSync(scenario, `name: typo\nyear: 2020\nasOf: 2020-09-30\nportfolio:\n  store: ${typo}\n`)
    for (const args of [
      ["kpis", "--store", typo],
      ["export", "--store", typo],
      ["forecast", "--store", typo, "--as-of", "2020-09-30", "--paths", "10"],
      ["backtest", "--store", typo, "--years", "2019", "--as-of", "06-30", "--paths", "10"],
      ["compare", join(root, "scenarios/lianyungang-2020.yaml"), "--store", typo, "--paths", "10"],
      ["kpis", "--scenario", scenario]
    ]) {
      expectRefusal(groundbreak(dir, ...args), `no store at ${typo}: import a ledger first, or check --store`)
    }
    expect(existsSync(join(dir, "typo-dir"))).toBe(false)
  })

  it("says the store is empty when it holds no events", () => {
    const empty = join(dir, "empty.sqlite")
    writeFileSync(join(dir, "nothing.jsonl"), "")
    expect(groundbreak(dir, "import", join(dir, "nothing.jsonl"), "--store", empty).code).toBe(0)
    expectRefusal(groundbreak(dir, "kpis", "--store", empty), "the store is empty: import a ledger first")
    expectRefusal(groundbreak(dir, "export", "--store", empty), "the store is empty: import a ledger first")
  })

  it("refuses a SQLite file of another application without changing it, even on import", () => {
    const app = join(dir, "app", "app.db")
    mkdirSync(join(dir, "app"))
    const db = new DatabaseSync(app)
    db.exec("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT); INSERT INTO settings VALUES ('theme', 'dark')")
    db.close()
    const before = readFileSync(app)
    for (const args of [["kpis", "--store", app], ["export", "--store", app], ["import", demo, "--store", app]]) {
      expectRefusal(groundbreak(dir, ...args), `${app} is not a Groundbreak store (a SQLite database with other tables); it was left unchanged`)
    }
    expect(readFileSync(app).equals(before)).toBe(true)
    expect(readdirSync(join(dir, "app"))).toEqual(["app.db"])
    expect(new DatabaseSync(app, { readOnly: true }).prepare("PRAGMA user_version").get()).toEqual({ user_version: 0 })
  })

  it("warns that a password given with --store shows in the process list, and never prints it", () => {
    const r = groundbreak(dir, "kpis", "--store", "postgres://postgres:ab/cdSecret@127.0.0.1:1/test")
    expect(r.err).toContain("a password given with --store shows in the process list (ps); use GROUNDBREAK_STORE, PGPASSWORD or ~/.pgpass instead")
    expect(r.err).toContain("postgres://postgres:***@127.0.0.1:1/test")
    expect(r.err + r.out).not.toContain("cdSecret")
    expect(r.code).not.toBe(0)
  })

  it("escapes control and bidi characters in tables, and neutralises formulas in CSV", () => {
    const hostile = join(dir, "hostile.jsonl")
    const evil = "=HYPERLINK(\"http://x\")\r\u202Eevil\u2066\t\u0007"
    const line = (id: string, type: string, occurredOn: string, data: object) =>
      JSON.stringify({ eventId: id, projectId: "H-1", type, occurredOn, knownAt: `${occurredOn}T10:00:00+08:00`, data })
    writeFileSync(hostile, [
      line("h1", "ProjectSigned", "2020-01-02", { name: "h", district: evil, sector: "industrial", totalInvestment: 100 }),
      line("h2", "AnnualPlanSet", "2020-01-03", { year: 2020, kind: "new", plannedInvestment: 50 })
    ].join("\n") + "\n")
    const hostileStore = join(dir, "hostile.sqlite")
    expect(groundbreak(dir, "import", hostile, "--store", hostileStore).code).toBe(0)
    const table = groundbreak(dir, "kpis", "--store", hostileStore, "--as-of", "2020-06-30", "--by", "district").out
    expect(table).toContain("=HYPERLINK(\"http://x\")\\r\\u202Eevil\\u2066\\t\\u0007")
    expect(table).not.toMatch(/[\r\t\u0007\u202E\u2066]/)
    const csv = groundbreak(dir, "kpis", "--store", hostileStore, "--as-of", "2020-06-30", "--by", "district", "--format", "csv").out
    expect(csv).toContain("\"'=HYPERLINK(\"\"http://x\"\")")
    expect(csv).toMatch(/,1,1,0,0,/) // numbers untouched
  })
})
