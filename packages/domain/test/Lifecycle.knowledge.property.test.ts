/**
 * The lifecycle in knowledge order: a stream passes both checks exactly when
 * the stream as known at every moment is valid on its own (so a store cut at
 * any K could have been imported by itself).
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventTypes, Lifecycle, type ProjectEvent } from "../src/index.ts"

/** Every event type declared (`EventTypes`), so that a new one is held to the property too. */
const types: ReadonlyArray<ProjectEvent.EventType> = EventTypes.names

const anyStep = fc.record({
  type: fc.constantFrom(...types),
  occurredOn: fc.integer({ min: 0, max: 6 }),
  knownAt: fc.integer({ min: 0, max: 6 })
})

/** A stream valid in valid time (a life with several suspensions), each step known at a random moment. */
const lifeStream = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 12, maxLength: 12 }))
  .map(([switches, known]) => {
    const life: Array<ProjectEvent.EventType> = ["ProjectSigned", "AnnualPlanSet", "ProjectStarted", "InvestmentReported"]
    for (let i = 0; i < switches; i++) life.push(i % 2 === 0 ? "ProjectSuspended" : "ProjectResumed")
    life.push("ProjectToppedOut", "ProjectCommissioned")
    return life.map((type, day) => ({ type, occurredOn: day, knownAt: known[day % known.length]! }))
  })

const everyCutValid = (steps: ReadonlyArray<Lifecycle.KnownStep>): boolean =>
  [...new Set(steps.map((s) => s.knownAt))].every((k) => Lifecycle.validateStream(steps.filter((s) => s.knownAt <= k)).length === 0)

describe("the lifecycle in knowledge order", { timeout: 60_000 }, () => {
  it("a stream passes both checks exactly when every cut by knowledge time is valid", () =>
    fc.assert(
      fc.property(fc.oneof(fc.array(anyStep, { maxLength: 9 }), lifeStream), (steps) => {
        const passes = Lifecycle.validateStream(steps).length === 0 && Lifecycle.validateKnowledgeOrder(steps).length === 0
        expect(passes).toBe(Lifecycle.validateStream(steps).length === 0 && everyCutValid(steps))
        expect(Lifecycle.validateKnownStream(steps).length === 0).toBe(passes)
      }),
      { numRuns: 10_000 }
    ))

  it("names what came first: a start known before its signing", () => {
    const steps = [
      { type: "ProjectSigned" as const, occurredOn: "2019-11-03", knownAt: Date.parse("2019-12-10T10:00:00+08:00") },
      { type: "ProjectStarted" as const, occurredOn: "2019-12-01", knownAt: Date.parse("2019-12-02T10:00:00+08:00") }
    ]
    expect(Lifecycle.validateKnownStream(steps)).toEqual([{
      index: 1,
      reason: "known at 2019-12-02T10:00:00.000+08:00, before the signing on 2019-11-03 it needs was known (2019-12-10T10:00:00.000+08:00)"
    }])
  })

  it("a suspension known before the resumption that precedes it is refused; known together is fine", () => {
    const at = (day: number) => Date.parse(`2020-0${day}-01T10:00:00+08:00`)
    const life = (resumedKnown: number) => [
      { type: "ProjectSigned" as const, occurredOn: "2020-01-01", knownAt: at(1) },
      { type: "ProjectStarted" as const, occurredOn: "2020-01-02", knownAt: at(1) },
      { type: "ProjectSuspended" as const, occurredOn: "2020-02-01", knownAt: at(2) },
      { type: "ProjectResumed" as const, occurredOn: "2020-03-01", knownAt: resumedKnown },
      { type: "ProjectSuspended" as const, occurredOn: "2020-04-01", knownAt: at(4) }
    ]
    expect(Lifecycle.validateKnownStream(life(at(5))).map((v) => v.index)).toEqual([4])
    expect(Lifecycle.validateKnownStream(life(at(4)))).toEqual([])
  })

  it("an annual plan needs a signing, before it in valid time and known no later", () => {
    const plan = { type: "AnnualPlanSet" as const, occurredOn: "2020-01-10", knownAt: Date.parse("2020-01-12T10:00:00+08:00") }
    expect(Lifecycle.validateKnownStream([plan]).map((v) => v.reason)).toEqual(["a project must be signed before it is put on an annual plan"])
    const signedLater = { type: "ProjectSigned" as const, occurredOn: "2020-01-05", knownAt: Date.parse("2020-01-20T10:00:00+08:00") }
    expect(Lifecycle.validateKnownStream([plan, signedLater]).map((v) => v.index)).toEqual([0])
    expect(Lifecycle.validateKnownStream([plan, { ...signedLater, knownAt: plan.knownAt }])).toEqual([])
  })
})
