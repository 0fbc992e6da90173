/**
 * What the outputs say, on small ledgers: the plan year's window in `kpis`,
 * too little history in every forecast output, a backtest year whose end is
 * not known refused, the plan's year-end completion, labels in the user's
 * language with no code names in Chinese, JSON units and CSV for Excel.
 */
import { spawn, spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { ProjectEvent } from "@groundbreak/domain"
import { LedgerGenerator } from "@groundbreak/synth"
import { runCli } from "../support.ts"

const root = resolve(import.meta.dirname, "../..")
const bin = join(root, "packages/cli/src/bin.ts")
const dir = mkdtempSync(join(tmpdir(), "gb-outputs-"))

const groundbreak = (...args: Array<string>) => runCli(dir, args, { INIT_CWD: "" })

const ledger = (name: string, options: Parameters<typeof LedgerGenerator.generateLedger>[0]) => {
  const file = join(dir, `${name}.jsonl`)
  writeFileSync(file, [...LedgerGenerator.generateLedger(options)].map((e) => ProjectEvent.toJsonLine(e) + "\n").join(""))
  const store = join(dir, `${name}.sqlite`)
  expect(groundbreak("import", file, "--store", store).code).toBe(0)
  return store
}

describe("what the outputs say", { timeout: 300_000 }, () => {
  // A young ledger: 2020 only, known through September.
  const young = ledger("young", { seed: 3, prefix: "Y", firstYear: 2020, lastYear: 2020, newPerYear: 12, until: "2020-09-30" })
  // Three years, into the middle of 2021.
  const older = ledger("older", { seed: 4, prefix: "O", firstYear: 2018, lastYear: 2021, newPerYear: 30, until: "2021-06-30" })

  it("kpis of a plan year at a date after it count as at 31 December, and say so", () => {
    const at = (asOf: string, ...more: Array<string>) => groundbreak("kpis", "--store", older, "--year", "2020", "--as-of", asOf, "--known-at", "2021-07-31", ...more)
    const capped = JSON.parse(at("2021-05-31", "--format", "json").out)
    const yearEnd = JSON.parse(at("2020-12-31", "--format", "json").out)
    expect(capped).toEqual({ ...yearEnd, requestedAsOf: "2021-05-31" })
    expect(capped.asOf).toBe("2020-12-31")
    expect(at("2021-05-31", "--lang", "en").out).toContain("2021-05-31 is after plan year 2020: counted as of 2020-12-31")
    expect(at("2021-05-31").out).toContain("2021-05-31 在 2020 年度之后: 按 2020-12-31 统计")
  })

  it("forecast says in its table, JSON and report that the model error rests on fewer than two earlier years", () => {
    const args = ["forecast", "--store", young, "--year", "2020", "--as-of", "2020-09-30", "--paths", "200"]
    const table = groundbreak(...args, "--lang", "en", "--report", "r.html")
    expect(table.code).toBe(0)
    expect(table.out).toContain("Note: the model error comes from 0 earlier year(s) (fewer than two), so the P10–P90 band is too narrow")
    expect(groundbreak(...args).out).toContain("注意: 模型误差只来自 0 个往年")
    const json = groundbreak(...args, "--format", "json", "--lang", "en")
    expect(JSON.parse(json.out).history).toEqual({ modelErrorYears: 0, enough: false })
    expect(json.err).toContain("Note: the model error comes from 0 earlier year(s)")
    expect(readFileSync(join(dir, "r.html"), "utf8")).toContain("模型误差只来自 0 个往年")
  })

  it("backtest refuses a year whose end is not known yet", () => {
    const r = groundbreak("backtest", "--store", young, "--years", "2020", "--as-of", "06-30", "--paths", "50")
    expect(r.code).toBe(1)
    // The ledger stops at September's end; with the reporting lag, August is the last month reported.
    expect(r.err).toBe("groundbreak: backtest year 2020: its end is not known yet (the 2020 plan is reported only through 2020-08); leave 2020 out of --years\n")
  })

  it("forecast shows the distribution of the plan's year-end completion and its planned investment", () => {
    const json = JSON.parse(groundbreak("forecast", "--store", older, "--year", "2021", "--as-of", "2021-06-30", "--paths", "200", "--format", "json").out)
    expect(json.units).toEqual({ money: "万元", rates: "fraction" })
    expect(Object.keys(json)[0]).toBe("units")
    for (const key of ["plannedInvestment", "completionRate"]) expect(Object.keys(json[key])).toEqual(["actualToDate", "mean", "p10", "p50", "p90"])
    expect(json.completionRate.p10).toBeLessThanOrEqual(json.completionRate.p50)
    expect(json.completionRate.p50).toBeLessThanOrEqual(json.completionRate.p90)
    // Without extra projects the plan is fixed: completion is the headline's investment (the combination's when it
    // leads) over the same plan on every path.
    expect(json.plannedInvestment.p10).toBe(json.plannedInvestment.p90)
    const lead = json.headline === "combined" ? json.combined.investment : json.investment
    expect(json.completionRate.p50).toBeCloseTo(lead.p50 / json.plannedInvestment.p50, 3)
    for (const v of [json.investment.mean, json.investment.p10, json.plannedInvestment.actualToDate, json.methods.runRate.investment]) {
      expect(Math.round(v * 100) / 100).toBe(v)
    }
    const zh = groundbreak("forecast", "--store", older, "--year", "2021", "--as-of", "2021-06-30", "--paths", "200").out
    expect(zh).toMatch(/完成年度计划\s+│/)
    expect(zh).toMatch(/年度计划投资\(亿元\)\s+│/)
    for (const method of ["按月均推算", "季节占比法", "回归法", "模拟 P50"]) expect(zh).toContain(method)
    expect(zh).not.toMatch(/runRate|seasonalShare|regression|industrial|\(unknown\)/)
  })

  it("kpis by sector speak the user's language; JSON states its units once; CSV opens in Excel with units in its header", () => {
    const base = ["kpis", "--store", older, "--year", "2020", "--as-of", "2020-09-30", "--known-at", "2020-10-31", "--by", "sector"]
    const zh = groundbreak(...base).out
    expect(zh).toMatch(/工业\s+│/)
    expect(zh).not.toMatch(/industrial|infrastructure|social/)
    expect(groundbreak(...base, "--lang", "en").out).toMatch(/industrial\s+│/)
    const json = JSON.parse(groundbreak(...base, "--format", "json").out)
    expect(json.units).toEqual({ money: "万元", rates: "fraction" })
    expect(Math.round(json.total.completedInvestment * 100) / 100).toBe(json.total.completedInvestment)
    const csvEn = groundbreak(...base, "--format", "csv", "--lang", "en").out
    expect(csvEn.startsWith("\uFEFFyear,asOf,knownAt,sector,projects,")).toBe(true)
    expect(csvEn).toContain("completedInvestment_万元")
    expect(csvEn).toContain("startRate_fraction")
    const csvZh = groundbreak(...base, "--format", "csv").out
    expect(csvZh.startsWith("\uFEFF年度,")).toBe(true)
    expect(csvZh).toContain("完成投资(万元)")
    expect(csvZh).toContain("\n2020,2020-09-30,2020-10-31,工业,")
  })

  it("export into a pipe closed after the first chunk ends quietly with status 0 (every command shares the handler)", async () => {
    const child = spawn(process.execPath, ["--disable-warning=ExperimentalWarning", bin, "export", "--store", older], { cwd: dir })
    let err = ""
    child.stderr.on("data", (d) => (err += d))
    // Like `| head -1`: read the first chunk, then close the pipe.
    child.stdout.once("data", () => child.stdout.destroy())
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve))
    expect(err).toBe("")
    expect(code).toBe(0)
  })
})
