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
    expect(result.reason).toContain("data.totalInvestment: Expected an amount in 万元 ≥ 0 and below 10^12, found -5")
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

  it("reads other spellings of the same values as the canonical line (key order, spaces, 1.0, 1e3)", () => {
    const spelled = `{ "data": {"totalInvestment": 3.0e4, "name":"…","district":"海州区","sector":"industrial"}, "eventId":"e-1",` +
      ` "projectId":"LYG-2020-001","type":"ProjectSigned","occurredOn":"2019-11-03","knownAt":"2019-11-05T10:00:00+08:00" }`
    expect(Interchange.parseLine(spelled, 1)).toEqual(valid)
  })
})

const reasonOf = (text: string): string => (Interchange.parseLine(text, 4) as Interchange.LineError).reason
const withData = (data: string) => JSON.stringify(valid).replace(/"data":\{.*\}\}$/, `"data":${data}}`)
const investment = (fields: object) =>
  JSON.stringify({ ...valid, type: "InvestmentReported", occurredOn: "2020-03-31", knownAt: "2020-04-08T10:00:00+08:00", data: { period: "2020-03", amount: 12, ...fields } })

describe("what is imported is exactly what is exported (issue 9 item 2)", () => {
  it("refuses a key given twice, at the top or inside data, naming it", () => {
    expect(reasonOf(JSON.stringify(valid).replace(/\}$/, ',"eventId":"zzz"}'))).toBe("eventId: the field appears more than once in its object")
    expect(reasonOf(withData('{"name":"a","district":"海州区","sector":"industrial","totalInvestment":1,"name":"b"}'))).toBe(
      "data.name: the field appears more than once in its object"
    )
    // Spelled differently, still the same key.
    expect(reasonOf(JSON.stringify(valid).replace(/\}$/, ',"\\u0065ventId":"zzz"}'))).toContain("eventId: the field appears more than once")
  })
  it("refuses numbers that are not exactly the value they are read as, and -0", () => {
    expect(reasonOf(investment({ amount: 0 }).replace('"amount":0', '"amount":12345678901234567891'))).toContain(
      "data.amount: 12345678901234567891 cannot be held exactly (it would be read and exported as 12345678901234567000)"
    )
    expect(reasonOf(investment({ amount: 0 }).replace('"amount":0', '"amount":0.10000000000000000000001'))).toBe(
      "data.amount: 0.10000000000000000000001 cannot be held exactly (it would be read and exported as 0.1)"
    )
    expect(reasonOf(investment({ amount: 0 }).replace('"amount":0', '"amount":-0'))).toBe("data.amount: -0 is negative zero, which is exported as 0")
    expect(reasonOf(investment({ amount: 0 }).replace('"amount":0', '"amount":-0.0e3'))).toContain("negative zero")
    expect(Interchange.parseLine(investment({ amount: 0 }).replace('"amount":0', '"amount":12.50'), 1)).toMatchObject({ data: { amount: 12.5 } })
  })
})

describe("text every store keeps as written (issue 9 item 3)", () => {
  it("refuses lone surrogates and NUL in any text field, ids included", () => {
    const expected = "Expected text of valid Unicode without NUL (U+0000) or lone surrogates"
    expect(reasonOf(JSON.stringify(valid).replace('"e-1"', '"\\ud800-1"'))).toBe(`eventId: ${expected}, found "\\ud800-1"`)
    expect(reasonOf(JSON.stringify(valid).replace('"LYG-2020-001"', '"P\\u0000"'))).toBe(`projectId: ${expected}, found "P\\u0000"`)
    expect(reasonOf(JSON.stringify({ ...valid, data: { ...valid.data, district: "\udc00区" } }))).toContain(`data.district: ${expected}`)
    expect(reasonOf(JSON.stringify({ ...valid, type: "ProjectCancelled", data: { reason: "a\u0000b" } }))).toContain(`data.reason: ${expected}`)
  })
  it("keeps other control characters, RTL marks and surrogate pairs, which round-trip", () => {
    const name = "\t=SUM(A1)\u202e１２３😀"
    expect(Interchange.parseLine(JSON.stringify({ ...valid, data: { ...valid.data, name } }), 1)).toMatchObject({ data: { name } })
  })
})

describe("knowledge time and money the store holds exactly (issue 9 items 4 and 10)", () => {
  it("refuses knownAt finer than a millisecond", () => {
    expect(reasonOf(JSON.stringify({ ...valid, knownAt: "2019-11-05T10:59:59.9995-05:00" }))).toContain(
      'knownAt: Expected an ISO date-time with offset and at most millisecond precision'
    )
    expect(Interchange.parseLine(JSON.stringify({ ...valid, knownAt: "2019-11-05T10:59:59.999-05:00" }), 1)).toMatchObject({ eventId: "e-1" })
  })
  it("bounds money below 10^12 万元", () => {
    for (const amount of ["1e308", "1000000000000"]) {
      expect(reasonOf(investment({ amount: 0 }).replace('"amount":0', `"amount":${amount}`))).toContain(
        "data.amount: Expected an amount in 万元 ≥ 0 and below 10^12"
      )
    }
    expect(Interchange.parseLine(investment({ amount: 999_999_999_999 }), 1)).toMatchObject({ data: { amount: 999_999_999_999 } })
  })
})

describe("facts are not known before they happen (issue 10, suspect events)", () => {
  it("refuses a step known before the start of its day in China time", () => {
    const started = { ...valid, type: "ProjectStarted", occurredOn: "2020-03-01", data: {} }
    expect(reasonOf(JSON.stringify({ ...started, knownAt: "2020-02-29T23:59:59.999+08:00" }))).toBe(
      'knownAt: Expected a moment no earlier than 2020-03-01T00:00:00.000+08:00 (a fact cannot be known before the day it happened ' +
        '(occurredOn 2020-03-01)), found "2020-02-29T23:59:59.999+08:00"'
    )
    expect(Interchange.parseLine(JSON.stringify({ ...started, knownAt: "2020-02-29T16:00:00Z" }), 1)).toMatchObject({ type: "ProjectStarted" })
    for (const type of ["ProjectSigned", "ProjectToppedOut", "ProjectCommissioned", "ProjectResumed"]) {
      const data = type === "ProjectSigned" ? valid.data : {}
      expect(reasonOf(JSON.stringify({ ...valid, type, data, occurredOn: "2019-11-06" }))).toContain("knownAt: Expected a moment no earlier than")
    }
    for (const type of ["ProjectSuspended", "ProjectCancelled"]) {
      expect(reasonOf(JSON.stringify({ ...valid, type, data: { reason: "r" }, occurredOn: "2019-11-06" }))).toContain("knownAt: Expected a moment")
    }
  })
  it("refuses a month's investment known before the month ends", () => {
    expect(reasonOf(investment({ period: "2020-04" }))).toBe(
      'knownAt: Expected a moment no earlier than 2020-05-01T00:00:00.000+08:00 (a fact cannot be known before the end of the reported ' +
        'month 2020-04), found "2020-04-08T10:00:00+08:00"'
    )
    expect(Interchange.parseLine(investment({}).replace("2020-04-08T10:00:00+08:00", "2020-04-01T00:00:00+08:00"), 1)).toMatchObject({
      data: { period: "2020-03" }
    })
  })
  it("takes an annual plan known before its year (and before its own date)", () => {
    const plan = { ...valid, type: "AnnualPlanSet", occurredOn: "2020-01-15", knownAt: "2019-12-20T10:00:00+08:00", data: { year: 2020, kind: "new", plannedInvestment: 10 } }
    expect(Interchange.parseLine(JSON.stringify(plan), 1)).toEqual(plan)
  })
})

describe("limits of a line (issue 9 item 8)", () => {
  it("reports deep nesting with its field, instead of overflowing the stack", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000)
    expect(reasonOf(JSON.stringify({ ...valid, type: "ProjectCancelled", data: {} }).replace('"data":{}', `"data":{"reason":${deep}}`))).toBe(
      `data.reason${"[0]".repeat(30)}: nested more than 32 levels deep`
    )
  })
  it("refuses a line longer than 1 MiB", () => {
    const long = JSON.stringify({ ...valid, data: { ...valid.data, name: "x".repeat(Interchange.maxLineBytes) } })
    expect(reasonOf(long)).toBe(`line is ${new TextEncoder().encode(long).length.toLocaleString("en")} bytes long; lines of the interchange format are limited to 1,048,576 bytes (1 MiB)`)
    const fits = JSON.stringify({ ...valid, data: { ...valid.data, name: "x".repeat(Interchange.maxLineBytes - 400) } })
    expect(Interchange.parseLine(fits, 1)).toMatchObject({ eventId: "e-1" })
  })
})
