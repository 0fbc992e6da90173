/**
 * Preparing a scenario for the simulator: names the pace uses must have a
 * project on the plan, at most `Scenario.maxPauses` pauses fit the mask, and
 * both refusals are tagged errors that reach the forecast's caller (not a
 * defect). Also: the same paths, run together or one at a time, give the
 * same figures on a plan of several blocks of projects.
 */
import fc from "fast-check"
import { Cause, Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { Calendar, CompactEvent, ProjectEvent, ProjectFacts } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Estimation, Forecast, CompiledPlan, RiskTally, Simulator, PlanCompiler, ScenarioDraws } from "@groundbreak/forecast"
import type { Scenario } from "@groundbreak/scenario"
import { LedgerGenerator } from "@groundbreak/synth"
import { cut } from "../support.ts"

const asOf = "2020-09-30"
const day = Calendar.parseDate(asOf)!
const history = [...LedgerGenerator.generateLedger({ seed: 3, prefix: "S", firstYear: 2018, lastYear: 2020, newPerYear: 1_400, until: "2020-12-31" })]
  .filter((e) => Calendar.parseInstant(e.knownAt)! <= Calendar.parseKnowledgeCut(asOf)!)
const folded = new ProjectFacts.Portfolio()
history.forEach((e, k) => folded.add(CompactEvent.compact(e, k + 1)))
const facts = [...folded.projects.values()]
const compiled = PlanCompiler.compile(facts, 2020, day)
const model = Estimation.fit(facts, 2020, day)

const withPace = (byDistrict: Record<string, number>): Scenario.Scenario => ({ ...Forecast.baseline(2020, asOf), name: "pace", assumptions: { pace: { byDistrict } } })
const pauses = (n: number): Scenario.Scenario => ({
  ...Forecast.baseline(2020, asOf),
  name: "many pauses",
  assumptions: { pauses: Array.from({ length: n }, (_, k) => ({ name: `p${k}`, from: "2020-10-01", to: "2020-10-31", intensity: 0.1 })) }
})
const failureOf = <A, E>(effect: Effect.Effect<A, E>) => {
  const exit = Effect.runSync(Effect.exit(effect))
  return Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
}

describe("preparing a scenario", () => {
  it("resolves pace multipliers by the plan's district index", () => {
    const [first, second] = compiled.districts
    const prepared = Effect.runSync(ScenarioDraws.prepare(compiled, withPace({ [second!]: 0.5 }), 1))
    expect(prepared.byDistrict).toHaveLength(compiled.districts.length)
    expect(prepared.byDistrict[compiled.districts.indexOf(second!)]?.quantity).toBe(0.5)
    expect(prepared.byDistrict[compiled.districts.indexOf(first!)]).toBeUndefined()
  })

  it("refuses a pace district with no project on the plan, naming it and the plan's districts", () => {
    const error = failureOf(ScenarioDraws.prepare(compiled, withPace({ [compiled.districts[0]!]: 0.9, 不存在区: 0.5 }), 1))
    expect(error).toBeInstanceOf(ScenarioDraws.UnknownPaceName)
    const e = error as ScenarioDraws.UnknownPaceName
    expect([e.field, e.name, e.year]).toEqual(["pace.byDistrict", "不存在区", 2020])
    expect(e.known).toEqual(compiled.districts.filter((d) => d !== CompiledPlan.unknownLabel))
    expect(e.message).toBe(`scenario "pace": assumptions.pace.byDistrict: expected a district with a project on the 2020 plan (${e.known.join(", ")}), found "不存在区", which has none to simulate (its projects left the plan)`)
  })

  it("refuses a pace sector with no project on the plan", () => {
    const scenario: Scenario.Scenario = { ...Forecast.baseline(2020, asOf), name: "s", assumptions: { pace: { bySector: { agriculture: 1.1 } } } }
    const error = failureOf(ScenarioDraws.prepare(compiled, scenario, 1))
    expect(error).toBeInstanceOf(ScenarioDraws.UnknownPaceName)
    expect((error as ScenarioDraws.UnknownPaceName).field).toBe("pace.bySector")
  })

  it(`accepts ${32} pauses and refuses one more with a tagged error`, () => {
    expect(Effect.runSync(ScenarioDraws.prepare(compiled, pauses(32), 1)).pauses).toHaveLength(32)
    const error = failureOf(ScenarioDraws.prepare(compiled, pauses(33), 1))
    expect(error).toBeInstanceOf(ScenarioDraws.TooManyPauses)
    expect((error as ScenarioDraws.TooManyPauses).message).toBe(
      `scenario "many pauses": assumptions.pauses: expected at most 32 pauses (the pauses covering a project are a 32-bit mask), found 33`
    )
  })

  it("a forecast fails with the tagged error, not a defect", async () => {
    const exit = await Effect.runPromiseExit(Effect.gen(function*() {
      yield* LedgerImport.importLedger("history", history.map(ProjectEvent.toJsonLine))
      return yield* Forecast.forecast({ scenario: pauses(33), year: 2020, asOf, knownAt: cut(asOf), paths: 10, seed: 1 })
    }).pipe(Effect.provide(MemoryEventStore.layer)))
    expect(Exit.isFailure(exit) && Cause.hasFails(exit.cause)).toBe(true)
    expect(Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined).toBeInstanceOf(ScenarioDraws.TooManyPauses)
  }, 120_000)
})

describe("blocks of projects", () => {
  it("the plan spans more than one block", () => expect(compiled.count).toBeGreaterThan(2_048))

  it("paths run together equal the same paths run one at a time, tallies included", { timeout: 120_000 }, () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 1_000 }), (from, paths, seed) => {
      const scenario = Forecast.baseline(2020, asOf)
      const spec = { risk: true, groups: RiskTally.groupSpec(compiled, scenario, "sector") }
      const prepared = Effect.runSync(ScenarioDraws.prepare(compiled, scenario, seed, spec))
      const together = Simulator.run(compiled, model, prepared, from, from + paths)
      const alone = Array.from({ length: paths }, (_, k) => Simulator.run(compiled, model, prepared, from + k, from + k + 1))
      const merged = RiskTally.merge(alone, compiled.count)
      for (const key of ["investment", "plannedInvestment", "startRate", "startResumeRate", "commissioned", "newProjects", "monthlyInvestment", "monthlyStarts"] as const) {
        expect(Array.from(together[key])).toEqual(alone.flatMap((a) => Array.from(a[key])))
      }
      expect(together.risk).toEqual(merged.risk)
      expect(together.groups).toEqual(merged.groups)
    }), { numRuns: 5 })
  })
})
