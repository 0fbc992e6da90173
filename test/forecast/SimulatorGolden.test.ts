/**
 * The simulator, pinned: the same seed gives the same outputs, figure for
 * figure, on the scenario files of `scenarios/` and on a scenario using every
 * kind of assumption (see golden/inputs.ts, which froze the inputs and the
 * digests of the outputs with the simulator as it was before the split:
 * recorded first at c751195, recorded again from main's own simulator at
 * bff6f7c when main changed the model, each before the split was applied).
 */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { fromJson, type GoldenCase, goldenFile, outputsOf } from "./golden/inputs.ts"

const cases = fromJson(readFileSync(goldenFile, "utf8")) as ReadonlyArray<GoldenCase>

describe("simulator golden outputs", { timeout: 120_000 }, () => {
  it("covers every scenario file and every kind of assumption", () => {
    expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining(["lianyungang-2020.yaml", "lianyungang-hitech-2022.yaml", "every assumption"]))
    const every = cases.find((c) => c.name === "every assumption")!.scenario.assumptions!
    expect([every.pace?.byDistrict, every.pace?.bySector, every.pauses?.length, every.extraProjects?.length, every.cancellationProbability]).not.toContain(undefined)
  })
  for (const c of cases) {
    it(`${c.name}: ${c.paths} paths, tallies and paths as events as recorded`, () => {
      expect(outputsOf(c)).toEqual(c.digests)
    })
  }
})
