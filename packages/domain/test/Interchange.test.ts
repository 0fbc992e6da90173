import { describe, expect, it } from "vitest"
import { Interchange } from "../src/index.ts"

const valid = {
  eventId: "e-1",
  projectId: "LYG-2020-001",
  type: "ProjectSigned",
  occurredOn: "2019-11-03",
  knownAt: "2019-11-05T10:00:00+08:00",
  data: { name: "…", district: "海州区", sector: "industrial", totalInvestment: 30000 }
}

describe("reading interchange lines", () => {
  it("accepts the contract's example", () => expect(Interchange.parseLine(JSON.stringify(valid), 1)).toEqual(valid))
  it("skips blank lines", () => expect(Interchange.parseLine("   ", 1)).toBeUndefined())
  it("names the field, what was expected and what was found, for every problem on the line", () => {
    const line = JSON.stringify({ ...valid, occurredOn: "2019-02-30", data: { ...valid.data, totalInvestment: -5, colour: "red" } })
    const result = Interchange.parseLine(line, 7) as Interchange.LineError
    expect(result.line).toBe(7)
    expect(result.reason).toContain('occurredOn: Expected an ISO date YYYY-MM-DD, found "2019-02-30"')
    expect(result.reason).toContain("data.totalInvestment: Expected an amount in 万元 ≥ 0, found -5")
    expect(result.reason).toContain("data.colour: unknown field")
  })
  it("names missing fields", () => {
    const result = Interchange.parseLine(JSON.stringify({ ...valid, data: { name: "x" } }), 1) as Interchange.LineError
    expect(result.reason).toContain("data.district: required field is missing")
  })
  it("lists the event types when the type is unknown", () => {
    const result = Interchange.parseLine(JSON.stringify({ ...valid, type: "ProjectStart" }), 1) as Interchange.LineError
    expect(result.reason).toMatch(/^type: expected one of ProjectSigned, .*found "ProjectStart"$/)
  })
  it("rejects data other than {} for events that carry none (the schema once let anything through)", () => {
    const started = { ...valid, type: "ProjectStarted" }
    for (const data of [5, [], { colour: "red" }]) {
      const result = Interchange.parseLine(JSON.stringify({ ...started, data }), 3) as Interchange.LineError
      expect(result.reason).toBe(`data: Expected an empty object {}, found ${JSON.stringify(data)}`)
    }
    expect(Interchange.parseLine(JSON.stringify({ ...started, data: {} }), 3)).toEqual({ ...started, data: {} })
  })
  it("reports broken JSON", () => expect((Interchange.parseLine("{", 2) as Interchange.LineError).reason).toMatch(/^not valid JSON/))
})
