import { execFileSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { ScenarioFile, ScenarioJsonSchema, UserFile } from "../src/index.ts"

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
      `${path}:3:7: asOf: expected a date YYYY-MM-DD, found "2020-02-30"`,
      `${path}:4:1: colour: unknown key (not part of the scenario format)`,
      `${path}:6:14: targets.startRate: expected a fraction 0–1, found 85; did you mean 0.85?`,
      `${path}:8:20: assumptions.startDelayShift.sd: required field is missing`,
      `4 problem(s) in ${path}`
    ])
  })

  it("merges a base through extends, and points problems that come from the base into the base", async () => {
    const base = write("base.yaml", "name: base\nyear: 2020\nasOf: 2020-09-30\nsimulation: { paths: 0, seed: 3 }\nassumptions: { pace: { overall: 1.1 } }\n")
    const child = write("child.yaml", "extends: ./base.yaml\nname: child\nassumptions: { cancellationProbability: 0.02 }\n")
    expect(await problemsOf(child)).toEqual([
      `${base}:4:22: simulation.paths: expected a number of paths from 1 to 1,000,000, found 0`,
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

describe("scenario values out of range", () => {
  const base = ["name: x", "year: 2024", "asOf: 2024-06-30"]
  it("refuses every out-of-range value at once, cross-field problems included, each as file:line:column: path: expected …, found …", async () => {
    const path = write("ranges.yaml", [
      "name: x",
      "year: 2024",
      "asOf: 2024-02-30",
      "targets: { startRate: 90 }",
      "simulation: { paths: -10 }",
      "assumptions:",
      "  cancellationProbability: 3",
      "  pauses:",
      "    - { name: p, from: 2024-09-01, to: 2024-08-01, intensity: 1.5 }",
      "  extraProjects:",
      "    - { name: e, perMonth: { '9': 2 }, size: { unit: 亿元, value: -2 }, startProbability: 1.4 }"
    ].join("\n"))
    expect(await problemsOf(path)).toEqual([
      `${path}:3:7: asOf: expected a date YYYY-MM-DD, found "2024-02-30"`,
      `${path}:4:23: targets.startRate: expected a fraction 0–1, found 90; did you mean 0.9?`,
      `${path}:5:22: simulation.paths: expected a number of paths from 1 to 1,000,000, found -10`,
      `${path}:7:28: assumptions.cancellationProbability: expected a fraction 0–1, found 3; did you mean 0.03?`,
      `${path}:9:40: assumptions.pauses[0].to: expected a date on or after from (2024-09-01), found "2024-08-01"`,
      `${path}:9:63: assumptions.pauses[0].intensity: expected a fraction 0–1, found 1.5`,
      `${path}:11:65: assumptions.extraProjects[0].size.value: expected an amount ≥ 0 (at most 10^12), found -2`,
      `${path}:11:89: assumptions.extraProjects[0].startProbability: expected a fraction 0–1, found 1.4`,
      `8 problem(s) in ${path}`
    ])
  })

  it("refuses distributions whose parameters leave the range", async () => {
    const path = write("dist.yaml", [...base, "assumptions: { pauses: [ { name: p, from: 2024-07-01, to: 2024-07-31, intensity: { dist: uniform, min: 0.5, max: 1.5 } } ] }"].join("\n"))
    expect((await problemsOf(path))[0]).toMatch(/assumptions\.pauses\[0\]\.intensity\.max: expected a fraction 0–1, found 1\.5/)
  })

  it("refuses more than 32 pauses with a clear message", async () => {
    const pauses = Array.from({ length: 33 }, (_, i) => `    - { name: p${i}, from: 2024-07-01, to: 2024-07-31, intensity: 0.5 }`)
    const path = write("pauses.yaml", [...base, "assumptions:", "  pauses:", ...pauses].join("\n"))
    expect(await problemsOf(path)).toEqual([
      `${path}:6:5: assumptions.pauses: expected at most 32 pauses, found 33; merge pauses that share a scope`,
      `1 problem(s) in ${path}`
    ])
  })

  it("refuses an asOf outside the plan year", async () => {
    const path = write("year.yaml", ["name: x", "year: 2024", "asOf: 2025-01-31"].join("\n"))
    expect((await problemsOf(path))[0]).toBe(`${path}:3:7: asOf: expected a date in the plan year 2024, found "2025-01-31"`)
  })
})

describe("hostile scenario files", () => {
  it("refuses extends: /dev/zero at once, and any base that is not a YAML or JSON file", async () => {
    const zero = write("zero.yaml", "extends: /dev/zero\nname: x\n")
    const started = Date.now()
    expect(await problemsOf(zero)).toEqual([
      `${zero}:1:10: extends: expected a .yaml, .yml or .json scenario file, found "/dev/zero"`,
      `1 problem(s) in ${zero}`
    ])
    expect(Date.now() - started).toBeLessThan(5_000)
    for (const target of ["/etc/passwd", "/proc/self/environ"]) {
      const path = write("hostile.yaml", `extends: ${target}\nname: x\n`)
      expect((await problemsOf(path))[0]).toBe(`${path}:1:10: extends: expected a .yaml, .yml or .json scenario file, found "${target}"`)
    }
  })

  it("refuses a scenario that is a device, a directory or over 10 MB, in one line", async () => {
    const devices = await load("/dev/zero")
    expect(devices._tag === "Failure" && devices.failure.message.split("\n")[0]).toBe("/dev/zero:1:1: cannot read /dev/zero: expected a regular file, found a device")
    const folder = await load(dir)
    expect(folder._tag === "Failure" && folder.failure.message.split("\n")[0]).toBe(`${dir}:1:1: cannot read ${dir}: expected a regular file, found a directory`)
    const big = write("big.yaml", `name: x\n# ${"x".repeat(11 * 1024 * 1024)}\n`)
    expect((await problemsOf(big))[0]).toBe(`${big}:1:1: cannot read ${big}: expected a file of at most 10 MB, found 11 MB`)
    const symlinkedDevice = write("dev.yaml", "extends: ./zero-link.yaml\nname: x\n")
    symlinkSync("/dev/zero", join(dir, "zero-link.yaml"))
    expect((await problemsOf(symlinkedDevice))[0]).toBe(`${symlinkedDevice}:1:10: extends: cannot read ${join(dir, "zero-link.yaml")}: expected a regular file, found a device`)
  })

  it("turns a YAML alias bomb into one located line", async () => {
    const bomb = write("bomb.yaml", [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "name: x"
    ].join("\n"))
    expect(await problemsOf(bomb)).toEqual([
      `${bomb}:2:8: Excessive alias count indicates a resource exhaustion attack; the file is refused`,
      `1 problem(s) in ${bomb}`
    ])
  })

  it("UserFile.read refuses a pipe without waiting for a writer", async () => {
    const fifo = join(dir, "pipe.yaml")
    execFileSync("mkfifo", [fifo])
    const r = await Effect.runPromise(Effect.result(UserFile.read(fifo)))
    expect(r._tag === "Failure" && r.failure.message).toBe(`${fifo}: expected a regular file, found a pipe`)
  })
})

describe("extends merge rules", () => {
  const baseText = [
    "name: base",
    "year: 2020",
    "asOf: 2020-09-30",
    "portfolio: { store: ./data/base.sqlite }",
    "targets: { investment: { unit: 亿元, value: 1600 }, startRate: 0.9 }",
    "assumptions:",
    "  startDelayShift: -1",
    "  pace: { overall: 1.1, byMonth: { '11': 1.05, '12': 1.1 } }",
    "  pauses:",
    "    - { name: a, from: 2020-12-01, to: 2020-12-31, intensity: 0.5 }",
    "    - { name: b, from: 2020-11-01, to: 2020-11-30, intensity: 0.3 }"
  ].join("\n")
  const loadChild = async (childText: string) => {
    const sub = mkdtempSync(join(dir, "merge-"))
    mkdirSync(join(sub, "variants"))
    writeFileSync(join(sub, "base.yaml"), baseText)
    const child = join(sub, "variants", "child.yaml")
    writeFileSync(child, `extends: ../base.yaml\n${childText}`)
    const r = await load(child)
    if (r._tag === "Failure") throw new Error(r.failure.message)
    return { sub, loaded: r.success }
  }

  it("objects merge key by key: assumptions: {} keeps the base's assumptions", async () => {
    const { loaded } = await loadChild("name: child\nassumptions: {}\n")
    expect(loaded.scenario.assumptions?.startDelayShift).toBe(-1)
    expect(loaded.scenario.assumptions?.pauses?.map((p) => p.name)).toEqual(["a", "b"])
  })

  it("a nested key overrides only itself", async () => {
    const { loaded } = await loadChild("name: child\nassumptions: { pace: { byMonth: { '12': 0.9 } } }\n")
    expect(loaded.scenario.assumptions?.pace).toEqual({ overall: 1.1, byMonth: { "11": 1.05, "12": 0.9 } })
  })

  it("arrays replace: the child's pauses are the only pauses; pauses: [] removes them all", async () => {
    const one = await loadChild("name: child\nassumptions: { pauses: [ { name: c, from: 2020-10-01, to: 2020-10-31, intensity: 0.2 } ] }\n")
    expect(one.loaded.scenario.assumptions?.pauses?.map((p) => p.name)).toEqual(["c"])
    const none = await loadChild("name: child\nassumptions: { pauses: [] }\n")
    expect(none.loaded.scenario.assumptions?.pauses).toEqual([])
  })

  it("null removes a key of the base: one target, or every assumption", async () => {
    const target = await loadChild("name: child\ntargets: { startRate: null }\n")
    expect(target.loaded.scenario.targets).toEqual({ investment: { unit: "亿元", value: 1600 } })
    const all = await loadChild("name: child\nassumptions: null\n")
    expect(all.loaded.scenario.assumptions).toBeUndefined()
  })

  it("null outside a file with extends is an error, not a removal", async () => {
    const path = write("null.yaml", "name: x\nyear: 2020\nasOf: 2020-09-30\ntargets: null\n")
    expect((await problemsOf(path))[0]).toMatch(/:4:10: targets: expected .*found null/)
  })

  it("a store path resolves against the folder of the file that names it, not the working directory", async () => {
    const { sub, loaded } = await loadChild("name: child\n")
    expect(loaded.store).toBe(join(sub, "data", "base.sqlite"))
    const own = await loadChild("name: child\nportfolio: { store: own.sqlite }\n")
    expect(own.loaded.store).toBe(join(own.sub, "variants", "own.sqlite"))
  })
})
