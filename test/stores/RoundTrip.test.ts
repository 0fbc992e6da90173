/**
 * `groundbreak export --store A | groundbreak import - --store B` moves a
 * ledger between SQLite and PostgreSQL, both ways, byte for byte, including
 * hostile text: quotes, SQL fragments, backslashes, Chinese, emoji.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { ProjectEvent } from "@groundbreak/domain"
import { freshSchemaUrl, postgresAvailable } from "../../packages/event-store/test/postgres.ts"

const bin = resolve(import.meta.dirname, "../../packages/cli/src/bin.ts")
const dir = mkdtempSync(join(tmpdir(), "gb-roundtrip-"))
const run = (args: Array<string>, input?: string) => {
  const r = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", bin, ...args], { encoding: "utf8", input, maxBuffer: 1 << 26 })
  expect(r.stderr).toBe("")
  expect(r.status).toBe(0)
  return r.stdout
}

const hostile = [
  `O'Brien "quoted" \\ back\\slash`,
  `'); DROP TABLE gb_events; --`,
  `Robert'); DELETE FROM streams WHERE ('1'='1`,
  "连云港市海州区 “重点项目” 🚧",
  "tab\tand\nnewline",
  "%_ LIKE wildcards _%"
]

const ledger = hostile.flatMap((text, i): Array<ProjectEvent.ProjectEvent> => {
  const projectId = `${text}#${i}`
  return [
    { eventId: `${text}/signed/${i}`, projectId, type: "ProjectSigned", occurredOn: "2021-03-01", knownAt: "2021-03-02T09:30:00+08:00", data: { name: text, district: text, sector: text, totalInvestment: 12345.678 } },
    { eventId: `${text}/plan/${i}`, projectId, type: "AnnualPlanSet", occurredOn: "2021-03-05", knownAt: "2021-03-06T09:30:00.125Z", data: { year: 2021, kind: "new", plannedInvestment: 0.1 + 0.2, plannedStart: "2021-04" } },
    { eventId: `${text}/start/${i}`, projectId, type: "ProjectStarted", occurredOn: "2021-04-09", knownAt: "2021-04-10T09:30:00-05:00", data: {} },
    { eventId: `${text}/suspend/${i}`, projectId, type: "ProjectSuspended", occurredOn: "2021-05-09", knownAt: "2021-05-10T09:30:00+08:00", data: { reason: text } }
  ]
})
const file = join(dir, "hostile.jsonl")
const lines = ledger.map(ProjectEvent.toJsonLine)
writeFileSync(file, lines.map((l) => l + "\n").join(""))

describe("moving ledgers between stores", () => {
  it("SQLite → SQLite keeps hostile text unchanged", () => {
    const a = join(dir, "a.sqlite"), b = join(dir, "b.sqlite")
    run(["import", file, "--store", a])
    run(["import", "-", "--store", b], run(["export", "--store", a]))
    expect(run(["export", "--store", b]).trim().split("\n")).toEqual(lines)
  }, 60_000)

  it.skipIf(!postgresAvailable)("SQLite → PostgreSQL → SQLite, identically", () => {
    const a = join(dir, "c.sqlite"), pg = freshSchemaUrl(), back = join(dir, "d.sqlite")
    run(["import", file, "--store", a])
    run(["import", "-", "--store", pg], run(["export", "--store", a]))
    const fromPg = run(["export", "--store", pg])
    expect(fromPg.trim().split("\n")).toEqual(lines)
    run(["import", "-", "--store", back], fromPg)
    expect(run(["export", "--store", back])).toBe(run(["export", "--store", a]))
    const json = JSON.parse(run(["kpis", "--year", "2021", "--as-of", "2021-06-30", "--known-at", "2021-12-31", "--by", "district", "--format", "json", "--store", pg]))
    expect(json.groups.map((g: { key: { district: string } }) => g.key.district).sort()).toEqual([...hostile].sort())
  }, 60_000)
})
