/** The pure phases of synthesis: the counts the published figures imply, and the investment margins raking fits to. */
import { describe, expect, it } from "vitest"
import type { Scenario } from "@groundbreak/scenario"
import { Synthesis } from "../src/index.ts"

const published = (p: Partial<Scenario.Synthesize["published"]>): Scenario.Synthesize["published"] => ({ total: {}, ...p })
const yi = (value: number) => ({ unit: "亿元" as const, value })

describe("Synthesis.countsOf", () => {
  it("takes the counts published", () =>
    expect(Synthesis.countsOf(published({ total: { newProjects: 286, continuingProjects: 244, newStarted: 238, continuingActive: 200 } })))
      .toEqual({ newProjects: 286, continuingProjects: 244, newStarted: 238, continuingActive: 200 }))

  it("derives new projects from the started and the start rate, continuing from the total, active from the start-and-resume rate", () =>
    expect(Synthesis.countsOf(published({ total: { projects: 530, newStarted: 238, startRate: 238 / 286, startResumeRate: 0.9 } })))
      .toEqual({ newProjects: 286, continuingProjects: 244, newStarted: 238, continuingActive: Math.round(0.9 * 530) - 238 }))

  it("reads the counts by kind when the total has none, and keeps active within 0..C", () => {
    const counts = Synthesis.countsOf(published({ byKind: { new: { projects: 40, newStarted: 30 }, continuing: { projects: 10, continuingActive: 12 } } }))
    expect(counts).toEqual({ newProjects: 40, continuingProjects: 10, newStarted: 30, continuingActive: 10 })
  })

  it("defaults to 55% new, 80% of them started and every continuing project active", () =>
    expect(Synthesis.countsOf(published({ total: { projects: 200 } })))
      .toEqual({ newProjects: 110, continuingProjects: 90, newStarted: 88, continuingActive: 90 }))
})

describe("Synthesis.investmentMargins", () => {
  it("a kind not published is the total less the other; the other sectors take the total less the named ones", () => {
    const m = Synthesis.investmentMargins(
      published({
        total: { completedInvestment: yi(1050.3) },
        byKind: { continuing: { completedInvestment: yi(744.8) } },
        bySector: { industrial: { completedInvestment: yi(833.2) } }
      }),
      ["industrial", Synthesis.otherSectors]
    )
    expect(m.total).toBe(10_503_000)
    expect(m.byKind.get("continuing")).toBe(7_448_000)
    expect(m.byKind.get("new")).toBeCloseTo(3_055_000, 6)
    expect(m.bySector.get("industrial")).toBe(8_332_000)
    expect(m.bySector.get(Synthesis.otherSectors)).toBeCloseTo(2_171_000, 6)
  })

  it("leaves every margin free when no investment is published", () => {
    const m = Synthesis.investmentMargins(published({ total: { projects: 10 } }), [Synthesis.otherSectors])
    expect(m.total).toBeUndefined()
    expect([...m.byKind.values()]).toEqual([undefined, undefined])
    expect(m.bySector.get(Synthesis.otherSectors)).toBeUndefined()
  })
})
