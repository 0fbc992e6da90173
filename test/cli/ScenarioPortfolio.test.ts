/**
 * A scenario whose pace names a district that has no project left on the
 * plan to simulate: every project of the district was on the year's plan
 * (so the name check passes) but was withdrawn from it before the cut. The
 * forecast refuses it with one line naming the district and the plan's
 * districts, instead of silently ignoring the multiplier.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { runCli } from "../support.ts"

const root = resolve(import.meta.dirname, "../..")
const demo = join(root, "scenarios/ledgers/demo-city.jsonl")
const dir = mkdtempSync(join(tmpdir(), "gb-scenario-portfolio-"))
const groundbreak = (...args: Array<string>) => runCli(dir, args)

const withdrawn = "灌南县"

describe("a pace district with no project left on the plan", { timeout: 180_000 }, () => {
  beforeAll(() => {
    const lines = readFileSync(demo, "utf8").split("\n").filter((l) => l.trim() !== "")
    const events = lines.map((l) => JSON.parse(l) as { projectId: string; type: string; occurredOn: string; data: { district?: string; year?: number } })
    const inDistrict = new Set(events.filter((e) => e.type === "ProjectSigned" && e.data.district === withdrawn).map((e) => e.projectId))
    const onPlan = [...new Set(events.filter((e) => e.type === "AnnualPlanSet" && e.data.year === 2020 && inDistrict.has(e.projectId)).map((e) => e.projectId))]
    expect(onPlan.length).toBeGreaterThan(0)
    const withdrawals = onPlan.map((projectId) => JSON.stringify({
      eventId: `${projectId}/withdrawn-2020`, projectId, type: "PlanWithdrawn", occurredOn: "2020-08-20", knownAt: "2020-08-21T10:00:00+08:00",
      data: { year: 2020, reason: "test: the district's projects leave the plan" }
    }))
    writeFileSync(join(dir, "ledger.jsonl"), [...lines, ...withdrawals].join("\n") + "\n")
    expect(groundbreak("import", "ledger.jsonl", "--store", "city.sqlite").code).toBe(0)
    writeFileSync(join(dir, "slow.yaml"), [
      "name: slow county", "year: 2020", "asOf: 2020-09-30", "knownAt: 2020-10-15", "portfolio: { store: city.sqlite }",
      "assumptions:", "  pace:", `    byDistrict: { ${withdrawn}: 0.5, 海州区: 0.9 }`
    ].join("\n") + "\n")
  }, 120_000)

  it("is refused by the forecast with the district named and the plan's districts listed, in one line", () => {
    const r = groundbreak("forecast", "slow.yaml", "--paths", "50")
    expect(r.code).toBe(1)
    const lines = r.err.trim().split("\n")
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(new RegExp(`^groundbreak: scenario "slow county": assumptions\\.pace\\.byDistrict: expected a district with a project on the 2020 plan \\(.*海州区.*\\), found "${withdrawn}"`))
    expect(lines[0]).not.toContain(`${withdrawn},`)
    expect(r.err).not.toMatch(/\n\s+at /)
  })

  it("runs once the district is left out", () => {
    writeFileSync(join(dir, "ok.yaml"), readFileSync(join(dir, "slow.yaml"), "utf8").replace(`${withdrawn}: 0.5, `, ""))
    const r = groundbreak("forecast", "ok.yaml", "--paths", "50")
    expect(r.err).toBe("")
    expect(r.code).toBe(0)
  })
})
