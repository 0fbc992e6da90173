/** The construction S-curve: fitting, the family kept, and its monthly table. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { CounterRandom, SCurve } from "../src/index.ts"

describe("S-curve", () => {
  const points = (f: (t: number) => number, projects = 100) =>
    Array.from({ length: projects }, (_, project) =>
      Array.from({ length: 19 }, (_, k) => ({ t: (k + 1) / 20, y: Math.min(0.999, Math.max(0.001, f((k + 1) / 20) * (1 + 0.02 * (CounterRandom.uniform(1, project, 0, k) - 0.5)))), project }))).flat()

  it("recovers the Kenley–Wilson parameters it was generated with, and keeps that family", () => {
    const curve = SCurve.fit(points((t) => 1 / (1 + Math.exp(-(0.3 + 1.8 * Math.log(t / (1 - t)))))))
    expect(curve.family).toBe("kenley-wilson")
    expect(curve.alpha).toBeCloseTo(0.3, 1)
    expect(curve.beta).toBeCloseTo(1.8, 1)
    expect(curve.heldOutError.kenleyWilson).toBeLessThan(curve.heldOutError.linear)
  })

  it("keeps the straight line when spending is uniform", () => {
    expect(SCurve.fit(points((t) => t)).family).toBe("linear")
  })

  it("tables give the curve at whole months", () => {
    const curve = SCurve.fit(points((t) => t * t * (3 - 2 * t)))
    const table = SCurve.table(curve)
    for (const [k, L] of [[0, 12], [3, 12], [12, 12], [15, 12], [7, 300]] as const) {
      expect(SCurve.at(table, k, L)).toBeCloseTo(SCurve.evaluate(curve, Math.min(1, k / L)), 12)
    }
  })
})

describe("the length a project's progress implies", () => {
  const curveArbitrary = fc.oneof(
    fc.constant(SCurve.linear),
    fc.record({ alpha: fc.double({ min: -1, max: 1, noNaN: true }), beta: fc.double({ min: 0.3, max: 3, noNaN: true }) })
      .map(({ alpha, beta }): SCurve.SCurve => ({ ...SCurve.linear, family: "kenley-wilson", alpha, beta }))
  )

  it("is the length at which the curve, evaluated after the months taken, gives back the share done", () => {
    fc.assert(fc.property(curveArbitrary, fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (curve, months, share) => {
      const length = SCurve.impliedLength(curve, months, share)!
      expect(length).toBeGreaterThanOrEqual(months)
      expect(SCurve.evaluate(curve, months / length)).toBeCloseTo(share, 9)
      // More done in the same months: a shorter project.
      expect(SCurve.impliedLength(curve, months, Math.min(0.995, share + 0.005))!).toBeLessThan(length)
    }))
  })

  it("says nothing of a project with nothing or everything done", () => {
    expect(SCurve.impliedLength(SCurve.linear, 5, 0)).toBeUndefined()
    expect(SCurve.impliedLength(SCurve.linear, 5, 1)).toBeUndefined()
    expect(SCurve.impliedLength(SCurve.linear, 4, 0.5)).toBe(8)
  })
})
