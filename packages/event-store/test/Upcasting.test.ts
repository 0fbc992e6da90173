/** Upcasting alone: steps applied from the stored version up to the current one, a tagged error when a step is missing. */
import { assert, describe, it } from "@effect/vitest"
import { Upcasting } from "../src/index.ts"

describe("Upcasting.upcast", () => {
  const format = Upcasting.formatOf({
    schemaVersion: 3,
    upcasters: new Map([[1, (raw) => ({ ...raw, steps: [...(raw["steps"] as Array<number>), 1] })], [2, (raw) => ({ ...raw, steps: [...(raw["steps"] as Array<number>), 2] })]])
  })

  it("applies every step from the stored version to the current one, in order, and none to a current event", () => {
    assert.deepStrictEqual(Upcasting.upcast(format, 1, { steps: [] }), { steps: [1, 2] })
    assert.deepStrictEqual(Upcasting.upcast(format, 2, { steps: [] }), { steps: [2] })
    assert.deepStrictEqual(Upcasting.upcast(format, 3, { steps: [] }), { steps: [] })
  })

  it("fails with UpcastFailed, naming the version, when a step is missing", () => {
    let failure: unknown
    try {
      Upcasting.upcast(format, 0, { steps: [] })
    } catch (error) {
      failure = error
    }
    assert.instanceOf(failure, Upcasting.UpcastFailed)
    assert.deepInclude(failure, { _tag: "UpcastFailed", schemaVersion: 0, reason: "no upcaster from event schema version 0" })
  })
})
