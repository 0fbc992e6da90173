import { readdirSync, readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { Ajv2020 } from "ajv/dist/2020.js"
import addFormats from "ajv-formats"
import { describe, expect, it } from "vitest"
import { parse } from "yaml"

const scenarios = resolve(import.meta.dirname, "../../../scenarios")
const schema = JSON.parse(readFileSync(join(scenarios, "scenario.schema.json"), "utf8")) as object
const ajv = new Ajv2020({ allErrors: true, strict: false })
addFormats.default(ajv)
const validate = ajv.compile(schema)
const check = (value: unknown) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`))

describe("the generated JSON Schema, checked by a real validator (ajv)", () => {
  const shipped = readdirSync(scenarios).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith(".schema.json") && f !== "rules.yaml")

  it.each(shipped)("accepts the shipped scenario %s", (file) => {
    expect(shipped.length).toBeGreaterThan(3)
    expect(check(parse(readFileSync(join(scenarios, file), "utf8")))).toEqual([])
  })

  it("accepts a file with extends that leaves year and asOf to its base, and null removals", () => {
    expect(check({ extends: "./base.yaml", name: "child", targets: { startRate: null }, assumptions: { pace: { byMonth: { "12": 0.9 } } } })).toEqual([])
  })

  it("requires name, year and asOf without extends", () => {
    expect(check({ name: "x" }).join("\n")).toMatch(/must have required property 'year'/)
  })

  it("rejects what the loader rejects: ranges, impossible dates, unknown keys, too many pauses", () => {
    const base = { name: "x", year: 2024, asOf: "2024-06-30" }
    const pause = { name: "p", from: "2024-07-01", to: "2024-07-31", intensity: 0.5 }
    const bad: Array<object> = [
      { ...base, asOf: "2024-02-30" },
      { ...base, targets: { startRate: 90 } },
      { ...base, simulation: { paths: -10 } },
      { ...base, simulation: { paths: 2_000_000 } },
      { ...base, assumptions: { cancellationProbability: 3 } },
      { ...base, assumptions: { pauses: [{ ...pause, intensity: 1.5 }] } },
      { ...base, assumptions: { pauses: [{ ...pause, intensity: { dist: "uniform", min: 0.2, max: 1.4 } }] } },
      { ...base, assumptions: { pauses: Array.from({ length: 33 }, () => pause) } },
      { ...base, assumptions: { extraProjects: [{ name: "e", perMonth: { "9": 1 }, size: { unit: "亿元", value: -2 }, startProbability: 0.5 }] } },
      { ...base, assumptions: { extraProjects: [{ name: "e", perMonth: { "9": 1 }, size: { unit: "亿元", value: 2 }, startProbability: 1.4 }] } },
      { ...base, colour: "blue" },
      { extends: "./b.yaml", assumptions: { pauses: [{ name: "p" }] } }
    ]
    for (const value of bad) expect(check(value), JSON.stringify(value)).not.toEqual([])
    expect(check({ ...base, assumptions: { pauses: [pause] } })).toEqual([])
  })
})
