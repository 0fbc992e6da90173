/**
 * Inputs and outputs of the simulator's golden test, as plain JSON: for each
 * case a compiled portfolio, a fitted model and a scenario (the scenario
 * files of `scenarios/` on their synthesized portfolios, plus one that uses
 * every kind of assumption at once), and digests of what `Simulator.run`
 * and `SimulatedEvents.pathEvents` produced from them. The inputs are frozen
 * in the fixture, so the test pins the simulator alone: a change to the
 * estimation or to the synthesis does not move it.
 *
 *   node test/forecast/golden/inputs.ts             (rewrites golden.json: inputs refitted, digests from the current simulator)
 *   node test/forecast/golden/inputs.ts --digests   (keeps the frozen inputs, recomputes only the digests)
 */
import { createHash } from "node:crypto"
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { Calendar, CompactEvent, KnowledgeCut, ProjectFacts } from "@groundbreak/domain"
import { Estimation, Model, CompiledPlan, RiskTally, SimulatedEvents, Simulator, PlanCompiler, ScenarioDraws } from "@groundbreak/forecast"
import { Scenario, ScenarioCheck, ScenarioFile } from "@groundbreak/scenario"
import { Synthesis } from "@groundbreak/synth"

export interface GoldenCase {
  readonly name: string
  readonly compiled: CompiledPlan.Compiled
  readonly model: Estimation.Model
  readonly scenario: Scenario.Scenario
  readonly seed: number
  readonly paths: number
  /** Field → sha-256 of its values. */
  readonly digests: Readonly<Record<string, string>>
}

/** Typed arrays as `{ $typed, values }`, so JSON keeps their kind. */
export const toJson = (value: unknown): string =>
  JSON.stringify(value, (_, v) => ArrayBuffer.isView(v) ? { $typed: v.constructor.name, values: Array.from(v as unknown as ArrayLike<number>) } : v)

const typed: Record<string, (values: Array<number>) => unknown> = {
  Float64Array: (v) => Float64Array.from(v), Int32Array: (v) => Int32Array.from(v), Uint8Array: (v) => Uint8Array.from(v),
  Uint16Array: (v) => Uint16Array.from(v), Uint32Array: (v) => Uint32Array.from(v), Int16Array: (v) => Int16Array.from(v)
}

export const fromJson = (text: string): unknown =>
  JSON.parse(text, (_, v) => v !== null && typeof v === "object" && "$typed" in v ? typed[v.$typed]!(v.values) : v)

const digest = (values: ArrayLike<number> | ReadonlyArray<unknown>): string =>
  createHash("sha256").update(JSON.stringify(Array.from(values as ArrayLike<unknown>, (x) => typeof x === "number" && Number.isNaN(x) ? "NaN" : x))).digest("hex")

/** Digests of everything the simulator produces for a case: every path's outcomes, the tallies, and three paths as events. */
export const outputsOf = (c: Omit<GoldenCase, "digests">): Record<string, string> => {
  const groups = RiskTally.groupSpec(c.compiled, c.scenario, "district")
  const prepared = Effect.runSync(ScenarioDraws.prepare(c.compiled, c.scenario, c.seed, { risk: true, groups }))
  const out = Simulator.run(c.compiled, c.model, prepared, 0, c.paths)
  const digests: Record<string, string> = {}
  for (const key of ["investment", "plannedInvestment", "startRate", "startResumeRate", "commissioned", "monthlyInvestment", "monthlyStarts", "newProjects", "districtMeans"] as const) {
    digests[key] = digest(out[key])
  }
  for (const key of ["completed", "started", "min", "max", "histogram"] as const) digests[`risk.${key}`] = digest(out.risk![key])
  for (const key of ["investment", "projects", "newProjects", "newStarted", "continuingActive"] as const) digests[`groups.${key}`] = digest(out.groups![key])
  const plain = Effect.runSync(ScenarioDraws.prepare(c.compiled, c.scenario, c.seed))
  const knownBy = Date.parse(`${c.compiled.year}-01-01T00:00:00+08:00`)
  for (const path of [0, 7, c.paths - 1]) {
    const { events, outcome } = SimulatedEvents.pathEvents(c.compiled, c.model, plain, path, knownBy)
    digests[`events.${path}`] = digest(events.map((e) => JSON.stringify(e)))
    digests[`events.${path}.investment`] = digest(outcome.investment)
  }
  return digests
}

const scenariosFolder = join(import.meta.dirname, "../../../scenarios")

/** A case from a scenario file: its synthesized portfolio as known at its cut, the model fitted on it. */
const fromFile = (file: string) => Effect.gen(function*() {
  const loaded = yield* ScenarioFile.load(join(scenariosFolder, file))
  const s = loaded.scenario
  const knownAt = s.knownAt ?? s.asOf
  const knownBy = Calendar.parseKnowledgeCut(knownAt)!
  const synthesized = Synthesis.synthesize((s.portfolio as { synthesize: Scenario.Synthesize }).synthesize, { ...s, knownAt })
  const folded = new ProjectFacts.Portfolio()
  synthesized.events.forEach((event, k) => {
    const compact = CompactEvent.compact(event, k + 1)
    if (compact.knownAt <= knownBy) folded.add(compact)
  })
  const facts = [...folded.projects.values()]
  const start = Model.simulationStart(s.year, Calendar.parseDate(s.asOf!)!, KnowledgeCut.ofInstant(knownBy))
  const compiled = PlanCompiler.compile(facts, s.year, start)
  const checked = ScenarioCheck.check(s, { districts: compiled.districts, sectors: compiled.sectors }, { year: s.year, startDay: start }, () => ({ file, line: 1, column: 1 }))
  // A model error and a start pace of their own, so the paths' common shocks are drawn too.
  const model = { ...Estimation.fit(facts, s.year, start), error: { bias: -0.05, sigma: 0.12, years: [s.year - 2, s.year - 1] } }
  return { name: file, compiled, model, scenario: checked.scenario, seed: 7, paths: 120 }
})

/** Every assumption at once, on the Lianyungang portfolio: pace by district, sector and month, scoped pauses, cancellations, extra projects. */
const everything = (base: Omit<GoldenCase, "digests">): Omit<GoldenCase, "digests"> => {
  const [d0, d1, d2] = base.compiled.districts
  const sector = base.compiled.sectors[0]!
  return {
    ...base,
    name: "every assumption",
    seed: 11,
    model: { ...base.model, startPace: { ...base.model.startPace, logRatio: 0.2, sigma: 0.3 } },
    scenario: {
      ...base.scenario,
      name: "every assumption",
      assumptions: {
        startDelayShift: { dist: "uniform", min: -1, max: 2 },
        cancellationProbability: { dist: "triangular", min: 0, mode: 0.05, max: 0.2 },
        pace: {
          overall: { dist: "normal", mean: 1, sd: 0.05 },
          byDistrict: { [d0!]: 0.8, [d1!]: { dist: "lognormal", median: 1.1, sigma: 0.2 } },
          bySector: { [sector]: { dist: "uniform", min: 0.9, max: 1.2 } },
          byMonth: { "10": 0.9, "12": 1.2 }
        },
        pauses: [
          { name: "寒潮", from: "2020-11-10", to: "2020-12-20", intensity: { dist: "uniform", min: 0.3, max: 0.9 }, scope: { districts: [d1!, d2!] } },
          { name: "检查", from: "2020-10-01", to: "2020-10-31", intensity: 0.5, blocksStarts: false, scope: { kinds: ["new"] } }
        ],
        extraProjects: [
          { name: "push", perMonth: { "10": 2.5, "11": 3, "12": 1 }, size: { unit: "亿元", value: { dist: "lognormal", median: 1.5, sigma: 0.5 } }, startProbability: 0.7, district: d0!, sector },
          { name: "elsewhere", perMonth: { "11": 1.5 }, size: { unit: "万元", value: 20_000 }, planShare: 0.5, startProbability: { dist: "uniform", min: 0.2, max: 0.9 } }
        ]
      }
    }
  }
}

export const goldenFile = join(import.meta.dirname, "golden.json")

if (import.meta.main && process.argv.includes("--digests")) {
  // An intended change of the simulator's outputs (say so in the commit): the same frozen inputs, new digests.
  const frozen = fromJson(readFileSync(goldenFile, "utf8")) as ReadonlyArray<GoldenCase>
  writeFileSync(goldenFile, toJson(frozen.map((c) => ({ ...c, digests: outputsOf(c) }))))
  console.log(`${frozen.length} cases' digests recomputed in ${goldenFile}`)
} else if (import.meta.main) {
  const files = readdirSync(scenariosFolder).filter((f) => f.endsWith(".yaml") && f !== "rules.yaml").sort()
  const cases: Array<Omit<GoldenCase, "digests">> = await Effect.runPromise(Effect.forEach(files, fromFile))
  cases.push(everything(cases.find((c) => c.name === "lianyungang-2020.yaml")!))
  const golden = cases.map((c) => ({ ...c, digests: outputsOf(c) }))
  writeFileSync(goldenFile, toJson(golden))
  console.log(`${golden.length} cases written to ${goldenFile}`)
}
