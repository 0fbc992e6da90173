import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { ScenarioFile, ScenarioJsonSchema } from "../src/index.ts"

const dir = mkdtempSync(join(tmpdir(), "gb-scenario-"))
const write = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
const load = (path: string) => Effect.runPromise(Effect.result(ScenarioFile.load(path)))
const problemsOf = async (path: string) => {
  const r = await load(path)
  if (r._tag === "Success") throw new Error("expected problems")
  return r.failure.message.split("\n")
}

describe("scenario files", () => {
  it("loads a valid YAML scenario with units and distributions", async () => {
    const path = write("ok.yaml", [
      "name: 四季度冲刺",
      "year: 2020",
      "asOf: 2020-09-30",
      "targets: { investment: { unit: 亿元, value: 1600 }, startRate: 0.9 }",
      "assumptions:",
      "  pace: { overall: { dist: triangular, min: 0.9, mode: 1, max: 1.1 }, byMonth: { '12': 0.8 } }",
      "  pauses: [ { name: 寒潮, from: 2020-12-10, to: 2020-12-31, scope: { sectors: [infrastructure] }, intensity: 0.6 } ]"
    ].join("\n"))
    const r = await load(path)
    expect(r._tag).toBe("Success")
    if (r._tag === "Success") {
      expect(r.success.scenario.targets?.investment).toEqual({ unit: "亿元", value: 1600 })
      expect(r.success.resolvePath("store.sqlite")).toBe(resolve(dir, "store.sqlite"))
    }
  })

  it("reports every problem at once, each with file, line, column, field path, expectation and what was found", async () => {
    const path = write("bad.yaml", [
      "name: x",
      "year: 2020",
      "asOf: 2020-02-30",
      "colour: blue",
      "targets:",
      "  startRate: 85",
      "assumptions:",
      "  startDelayShift: { dist: normal, mean: 1 }"
    ].join("\n"))
    expect(await problemsOf(path)).toEqual([
      `${path}:3:7: asOf: Expected a date YYYY-MM-DD, found "2020-02-30"`,
      `${path}:4:1: colour: unknown key (not part of the scenario format)`,
      `${path}:6:14: targets.startRate: Expected a fraction between 0 and 1 (write 0.85, not 85), found 85`,
      `${path}:8:20: assumptions.startDelayShift.sd: required field is missing`,
      `4 problem(s) in ${path}`
    ])
  })

  it("merges a base through extends, and points problems that come from the base into the base", async () => {
    const base = write("base.yaml", "name: base\nyear: 2020\nasOf: 2020-09-30\nsimulation: { paths: 0, seed: 3 }\nassumptions: { pace: { overall: 1.1 } }\n")
    const child = write("child.yaml", "extends: ./base.yaml\nname: child\nassumptions: { cancellationProbability: 0.02 }\n")
    expect(await problemsOf(child)).toEqual([
      `${base}:4:22: simulation.paths: Expected a number of paths from 1 to 1,000,000, found 0`,
      `1 problem(s) in ${child}`
    ])
    writeFileSync(base, "name: base\nyear: 2020\nasOf: 2020-09-30\nsimulation: { paths: 500, seed: 3 }\nassumptions: { pace: { overall: 1.1 } }\n")
    const r = await load(child)
    expect(r._tag === "Success" && r.success.scenario).toMatchObject({
      name: "child",
      simulation: { paths: 500, seed: 3 },
      assumptions: { pace: { overall: 1.1 }, cancellationProbability: 0.02 }
    })
  })

  it("refuses an extends cycle", async () => {
    write("a.yaml", "extends: ./b.yaml\nname: a\n")
    const b = write("b.yaml", "extends: ./a.yaml\nname: b\n")
    expect((await problemsOf(b))[0]).toMatch(/extends forms a cycle/)
  })

  it("reads JSON scenarios too, and reports YAML syntax errors with their position", async () => {
    const json = write("s.json", JSON.stringify({ name: "j", year: 2021, asOf: "2021-06-30" }))
    expect((await load(json))._tag).toBe("Success")
    const broken = write("broken.yaml", "name: x\nyear: [2020\n")
    expect((await problemsOf(broken))[0]).toMatch(new RegExp(`^${broken}:\\d+:\\d+: `))
  })

  it("ships a JSON Schema that matches the Schema", () => {
    const shipped = readFileSync(resolve(import.meta.dirname, "../../../scenarios/scenario.schema.json"), "utf8")
    expect(shipped).toBe(ScenarioJsonSchema.render())
  })
})
