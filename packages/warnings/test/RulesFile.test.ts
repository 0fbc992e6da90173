import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Meetings, RulesFile, RulesJsonSchema } from "../src/index.ts"
import { Calendar } from "@groundbreak/domain"

const dir = mkdtempSync(join(tmpdir(), "gb-rules-"))
const write = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const problemsOf = async (path: string) => {
  const r = await Effect.runPromise(Effect.result(RulesFile.load(path)))
  if (r._tag === "Success") throw new Error("expected problems")
  return r.failure.message.split("\n")
}

describe("rules files", () => {
  it("the shipped default loads, with the published thresholds", async () => {
    const rules = await Effect.runPromise(RulesFile.load())
    const byId = new Map(rules.rules.map((r) => [r.id, r]))
    expect(byId.get("start-missed")!.when.startOverdueMonths).toEqual({ atLeast: 1, lessThan: 3 })
    expect(byId.get("start-overdue")!.when.startOverdueMonths).toEqual({ atLeast: 3 })
    expect(byId.get("behind-pace")!.when.pointsBehindPace).toEqual({ atLeast: 10, atMost: 30 })
    expect(byId.get("far-behind-pace")!.when.pointsBehindPace).toEqual({ moreThan: 30 })
    expect(rules.recovery?.colour).toBe("yellow")
  })

  it("reports every problem with file, line, column, field, expected and found", async () => {
    const path = write("bad.yaml", [
      "name: 测试",
      "pace: weeks",
      "rules:",
      "  - id: x",
      "    colour: orange",
      "    when: { pointsBehind: { atLeast: 10 } }",
      "    reason: { zh: \"落后 {points}\", en: behind }"
    ].join("\n"))
    const problems = await problemsOf(path)
    expect(problems).toEqual([
      `${path}:2:7: pace: expected "days" | "months" | "seasonal" (days elapsed / days in the year; months of data / 12; the share usually completed by then in earlier complete years), found "weeks"`,
      `${path}:5:13: rules[0].colour: expected "red" | "yellow", found "orange"`,
      `${path}:6:13: rules[0].when.pointsBehind: unknown key (not part of the rules format)`,
      `${path}:7:19: rules[0].reason.zh: unknown placeholder {points}; use one of {startOverdueMonths}, {pointsBehindPace}, {suspendedDays}, {monthsWithoutInvestment}, {planCutShare}, {progress}, {pace}, {plannedStart}, {probability}, found "落后 {points}"`,
      `4 problem(s) in ${path}`
    ])
  })

  it("a rule without a measure, or a range without a bound, is an error", async () => {
    const path = write("empty.yaml", [
      "name: t",
      "pace: months",
      "rules:",
      "  - { id: a, colour: red, when: { started: true }, reason: { zh: a, en: a } }",
      "  - { id: b, colour: red, when: { suspendedDays: {} }, reason: { zh: b, en: b } }"
    ].join("\n"))
    const problems = await problemsOf(path)
    expect(problems[0]).toMatch(/:4:\d+: rules\[0\]\.when: a rule needs at least one measure/)
    expect(problems[1]).toMatch(/:5:\d+: rules\[1\]\.when\.suspendedDays: give at least one of atLeast, moreThan, atMost, lessThan/)
  })

  it("the shipped JSON Schema is the one generated from the Schema (run `pnpm rules-schema`)", () => {
    const shipped = readFileSync(resolve(import.meta.dirname, "../../../scenarios/rules.schema.json"), "utf8")
    expect(shipped).toBe(RulesJsonSchema.render())
  })
})

describe("meetings", () => {
  const day = (d: string) => Calendar.parseDate(d)!
  it("D, then the ends of the months before it back to January, the cut moved back by as many days", () => {
    const k = Calendar.parseKnowledgeCut("2020-04-05")!
    const meetings = Meetings.schedule(2020, day("2020-03-20"), k)
    expect(meetings.map((m) => Calendar.formatDate(m.asOf))).toEqual(["2020-01-31", "2020-02-29", "2020-03-20"])
    expect(meetings.map((m) => Calendar.formatInstantChina(m.knownBy).slice(0, 10))).toEqual(["2020-02-16", "2020-03-16", "2020-04-05"])
    expect(Meetings.schedule(2020, day("2020-01-10"), k)).toHaveLength(1)
  })
})
