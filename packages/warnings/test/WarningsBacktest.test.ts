import { describe, expect, it } from "vitest"
import { WarningsBacktest } from "../src/index.ts"

const request = { years: [2019], asOfs: ["09-30"], paths: 10, seed: 1 }
const scored = (colour: "red" | "yellow" | "green", pMiss: number, missed: boolean, projectId = "P") =>
  ({ year: 2019, asOf: "09-30", projectId, colour, pMiss, missed })

describe("warnings backtest scores", () => {
  it("Brier of the probabilities, of the colours read as forecasts, and of the base rate", () => {
    const r = WarningsBacktest.summarize([scored("red", 0.9, true), scored("yellow", 0.6, false), scored("green", 0.2, false), scored("green", 0.1, true)], request)
    expect(r.projects).toBe(4)
    expect(r.baseRate).toBe(0.5)
    expect(r.brier.simulation).toBeCloseTo((0.01 + 0.36 + 0.04 + 0.81) / 4, 12)
    expect(r.brier.red).toBeCloseTo((0 + 0 + 0 + 1) / 4, 12)
    expect(r.brier.redOrYellow).toBeCloseTo((0 + 1 + 0 + 1) / 4, 12)
    expect(r.brier.baseRate).toBeCloseTo(0.25, 12)
    expect(r.byColour.find((c) => c.colour === "green")).toEqual({ colour: "green", count: 2, missed: 0.5, meanPMiss: (0.2 + 0.1) / 2 })
    expect(r.reliability[9]).toMatchObject({ count: 1, observed: 1 })
    expect(r.origins).toEqual([{ year: 2019, asOf: "09-30", projects: 4, missed: 2, brier: r.brier.simulation }])
  })
})
