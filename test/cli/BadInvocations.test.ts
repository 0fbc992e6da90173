/**
 * Every bad invocation a person may type ends the same way: exactly one line
 * `groundbreak: …` on standard error naming what was wrong (at most one
 * `hint: …` line after it), nothing on standard output, no stack trace and a
 * non-zero exit. The invocations run in parallel batches.
 */
import { spawn } from "node:child_process"
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")
const bin = join(root, "packages/cli/src/bin.ts")
const dir = mkdtempSync(join(tmpdir(), "gb-bad-"))
mkdirSync(join(dir, "folder"))
const scenario = join(root, "scenarios/lianyungang-2020.yaml")
writeFileSync(join(dir, "broken.yaml"), "name: x\nyear: 2020\nasOf: [2020-09-30\n")
writeFileSync(join(dir, "bad.jsonl"), '{"eventId":"z","projectId":"Z","type":"ProjectStarted","occurredOn":"2020-01-01","knownAt":"2020-01-02","data":{}}\n')
// A YAML alias bomb: ten levels of nine aliases each.
writeFileSync(join(dir, "bomb.yaml"), ["a: &a [x, x, x, x, x, x, x, x, x]", ..."bcdefghij".split("").map((n, i) => `${n}: &${n} [${Array(9).fill(`*${"abcdefghij"[i]}`).join(", ")}]`), "name: *j"].join("\n") + "\n")
writeFileSync(join(dir, "late.yaml"), "name: late\nyear: 2023\nasOf: 2024-05-31\n")
writeFileSync(join(dir, "bad.csv"), "period,value\n2020-01,5\n2020-02,x\n")

interface Run {
  readonly code: number | null
  readonly out: string
  readonly err: string
}

const run = (args: ReadonlyArray<string>): Promise<Run> =>
  new Promise((done) => {
    const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", bin, ...args], { cwd: dir, env: { ...process.env, INIT_CWD: "", GROUNDBREAK_STORE: "" } })
    let out = "", err = ""
    child.stdout.on("data", (d) => (out += d))
    child.stderr.on("data", (d) => (err += d))
    child.on("close", (code) => done({ code, out, err }))
  })

/** [arguments, a part of the one line that must name the problem, the hint if one is expected]. */
const cases: ReadonlyArray<readonly [ReadonlyArray<string>, string | RegExp, string?]> = [
  [["kpsi"], 'unknown command "kpsi"', "hint: did you mean kpis?"],
  [["forecats"], 'unknown command "forecats"', "hint: did you mean forecast?"],
  [["warnigns", "--year", "2020"], 'unknown command "warnigns"', "hint: did you mean warnings?"],
  [["table", "export", "--as-of", "2023-02-30", "--out", "t.xlsx"], '--as-of: expected a date YYYY-MM-DD that exists in the calendar, found "2023-02-30"'],
  [["warnings", "--year", "2020", "--as-of", "2020-09-30", "--rules", "missing-rules.yaml"], "--rules: expected an existing file"],
  [["scenario", "chekc", "x.yaml"], 'unknown command "chekc"', "hint: did you mean check?"],
  [["kpis", "--yaer", "2020"], "unknown flag --yaer", "hint: did you mean --year?"],
  [["kpis", "--year", "abc"], '--year: expected a plan year between 1990 and 2100, found "abc"'],
  [["kpis", "--year", "1800"], '--year: expected a plan year between 1990 and 2100, found "1800"'],
  [["kpis", "--year", "2020.5"], '--year: expected a plan year between 1990 and 2100, found "2020.5"'],
  [["kpis", "--as-of", "2023-02-29"], '--as-of: expected a date YYYY-MM-DD that exists in the calendar, found "2023-02-29"'],
  [["kpis", "--as-of", "2020-13-01"], '--as-of: expected a date YYYY-MM-DD that exists in the calendar, found "2020-13-01"'],
  [["kpis", "--as-of", "yesterday"], '--as-of: expected a date YYYY-MM-DD'],
  [["kpis", "--as-of"], "--as-of: a value is missing"],
  [["kpis", "--known-at", "2020-10-15T10:00"], '--known-at: expected a date YYYY-MM-DD (its end in China time) or an ISO date-time with offset'],
  [["kpis", "--by", "city"], '--by: expected district, sector, kind, found "city"'],
  [["kpis", "--format", "xml"], '--format: expected table, json, csv, found "xml"'],
  [["kpis", "--lang", "fr"], '--lang: expected zh, en, found "fr"'],
  [["kpis", "--scenario", "missing.yaml"], `--scenario: expected an existing file (${join(dir, "missing.yaml")} does not exist)`],
  [["kpis", "--year", "2024", "--as-of", "2023-05-01"], "--as-of 2023-05-01 is before the plan year 2024 starts (2024-01-01)"],
  [["forecast", "--paths", "0"], '--paths: expected a number of paths from 1 to 1,000,000, found "0"'],
  [["forecast", "--paths=-5"], '--paths: expected a number of paths from 1 to 1,000,000, found "-5"'],
  [["forecast", "--paths", "1e11"], '--paths: expected a number of paths from 1 to 1,000,000, found "1e11"'],
  [["forecast", "--paths", "2.5"], '--paths: expected a number of paths from 1 to 1,000,000, found "2.5"'],
  [["forecast", "--paths", "abc"], '--paths: expected a number of paths from 1 to 1,000,000, found "abc"'],
  [["forecast", "--paths", "2000000"], '--paths: expected a number of paths from 1 to 1,000,000, found "2000000"'],
  [["forecast", "--seed", "1.5"], '--seed: expected an integer, found "1.5"'],
  [["forecast", scenario, "--report", "missing-dir/r.html"], `cannot write --report ${join(dir, "missing-dir/r.html")}: the folder ${join(dir, "missing-dir")} does not exist`],
  [["forecast", scenario, "--report", "folder"], `cannot write --report ${join(dir, "folder")}: it is a folder`],
  [["forecast", "missing.yaml"], `<scenario>: expected an existing file (${join(dir, "missing.yaml")} does not exist)`],
  [["forecast", "folder"], `<scenario>: expected a file (${join(dir, "folder")} is a folder)`],
  [["forecast", scenario, "--year", "2020", "--as-of", "2021-03-01"], "--as-of 2021-03-01 is after the plan year 2020 ends (2020-12-31)"],
  [["forecast", "--lang", "jp"], '--lang: expected zh, en, found "jp"'],
  [["forecast", scenario, "another.yaml"], /another\.yaml/],
  [["import", "missing.jsonl"], `<file>: expected an existing file (${join(dir, "missing.jsonl")} does not exist)`],
  [["import", "folder"], `<file>: expected a file (${join(dir, "folder")} is a folder)`],
  [["import", "bad.jsonl", "--store", join(dir, "s.sqlite")], `${join(dir, "bad.jsonl")}:1: knownAt: Expected an ISO date-time with offset`],
  [["export", "--out", "missing-dir/x.jsonl"], `cannot write --out ${join(dir, "missing-dir/x.jsonl")}: the folder ${join(dir, "missing-dir")} does not exist`],
  [["export", "--out", "folder"], `cannot write --out ${join(dir, "folder")}: it is a folder`],
  [["backtest", "--years", "2020"], "--as-of is required"],
  [["backtest", "--years", "20x0", "--as-of", "09-30"], '--years: expected plan years between 1990 and 2100 separated by commas, e.g. 2021,2022, found "20x0"'],
  [["backtest", "--years", "2021", "--as-of", "02-29"], "--as-of: 02-29 is not a day of 2021"],
  [["backtest", "--years", "2020", "--as-of", "09-31"], '--as-of: expected days MM-DD separated by commas, e.g. 06-30,09-30, found "09-31"'],
  [["backtest", "--years", "2020", "--as-of", "09-30", "--report", "missing-dir/b.html"], `cannot write --report ${join(dir, "missing-dir/b.html")}: the folder ${join(dir, "missing-dir")} does not exist`],
  [["backtest-series", "bad.csv", "--as-of", "13"], '--as-of: expected a month number 01–12, found "13"'],
  [["forecast-series", "bad.csv", "--as-of", "2020-9"], '--as-of: expected a month YYYY-MM, found "2020-9"'],
  [["forecast-series", "missing.csv", "--as-of", "2020-09"], "<file>: expected an existing file"],
  [["forecast-series", "bad.csv", "--as-of", "2020-09"], `${join(dir, "bad.csv")}:3: value: expected a number, found "x"`],
  [["simulate", scenario, "--path", "-1", "--out", "x.jsonl"], '--path: expected a path number from 0 to 999,999, found "-1"'],
  [["simulate", scenario, "--path", "1", "--out", "missing-dir/x.jsonl"], `cannot write --out ${join(dir, "missing-dir/x.jsonl")}: the folder ${join(dir, "missing-dir")} does not exist`],
  [["simulate", scenario, "--path", "1"], "--out is required"],
  [["compare"], "--scenario: expected at least one scenario file"],
  [["compare", scenario, "missing.yaml"], "<scenario>: expected an existing file"],
  [["scenario", "check"], "the argument <file> is missing"],
  [["scenario", "check", "broken.yaml"], `${join(dir, "broken.yaml")}:4:1: Flow sequence`],
  [["scenario", "check", "missing.yaml"], "<file>: expected an existing file"],
  [["scenario", "check", "late.yaml"], `${join(dir, "late.yaml")}:3:7: asOf: expected a date in the plan year 2023, found "2024-05-31"`],
  [["scenario", "check", "bomb.yaml"], `${join(dir, "bomb.yaml")}:2:8: Excessive alias count indicates a resource exhaustion attack; the file is refused`],
  [["forecast", "late.yaml"], `${join(dir, "late.yaml")}:3:7: asOf: expected a date in the plan year 2023, found "2024-05-31"`]
]

describe("bad invocations", { timeout: 300_000 }, () => {
  it(`each of ${cases.length} bad invocations gives one clear line (and at most a hint), no trace, no output and a non-zero exit`, async () => {
    expect(cases.length).toBeGreaterThanOrEqual(30)
    const results: Array<Run> = []
    const batch = 6
    for (let i = 0; i < cases.length; i += batch) results.push(...await Promise.all(cases.slice(i, i + batch).map(([args]) => run(args))))
    const failures: Array<string> = []
    cases.forEach(([args, expected, hint], i) => {
      const r = results[i]!
      const lines = r.err.split("\n").filter((l) => l !== "")
      const problems = [
        r.code === 0 || r.code === null ? `exit ${r.code}` : "",
        r.out !== "" ? `stdout ${JSON.stringify(r.out.slice(0, 80))}` : "",
        lines.length !== (hint === undefined ? 1 : 2) ? `${lines.length} stderr lines` : "",
        !lines[0]?.startsWith("groundbreak: ") ? "first line lacks the groundbreak: prefix" : "",
        typeof expected === "string" ? (!lines[0]?.includes(expected) ? `first line lacks ${JSON.stringify(expected)}` : "") : !expected.test(lines[0] ?? "") ? `first line does not match ${expected}` : "",
        hint !== undefined && lines[1] !== hint ? `hint is not ${JSON.stringify(hint)}` : "",
        /^\s+at /m.test(r.err) || /\bError:/.test(r.err) ? "a stack trace or an Error: dump" : ""
      ].filter((p) => p !== "")
      if (problems.length > 0) failures.push(`groundbreak ${args.join(" ")}: ${problems.join("; ")}\n${r.err}`)
    })
    expect(failures).toEqual([])
  })
})
