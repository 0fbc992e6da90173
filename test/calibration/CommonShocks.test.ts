/**
 * The generator's city-wide shocks (pace drift, monthly shocks, disruptions) come from a stream of their own:
 * with none, the ledger is the one without the option; with a disruption every month, every report of the
 * same project and month falls to 30–70% of it.
 */
import { describe, expect, it } from "vitest"
import { type ProjectEvent } from "@groundbreak/domain"
import { LedgerGenerator } from "@groundbreak/synth"

const options = { seed: 5, prefix: "S", firstYear: 2018, lastYear: 2020, newPerYear: 30, until: "2020-12-31" } as const
const reports = (events: Iterable<ProjectEvent.ProjectEvent>) => {
  const amounts = new Map<string, number>()
  for (const e of events) if (e.type === "InvestmentReported") amounts.set(e.eventId, e.data.amount)
  return amounts
}

describe("generator: city-wide shocks", () => {
  it("zero shocks leave the ledger as it is without them", () => {
    const plain = [...LedgerGenerator.generateLedger(options)]
    const zero = [...LedgerGenerator.generateLedger({ ...options, commonShocks: { yearlyPace: 0, monthly: 0, disruptionChance: 0 } })]
    expect(zero).toEqual(plain)
  })

  it("a disruption every month cuts every report to 30–70%, the projects' own draws unchanged", () => {
    const plain = reports(LedgerGenerator.generateLedger(options))
    const disrupted = reports(LedgerGenerator.generateLedger({ ...options, commonShocks: { yearlyPace: 0, monthly: 0, disruptionChance: 1 } }))
    expect([...disrupted.keys()]).toEqual([...plain.keys()])
    let checked = 0
    for (const [id, amount] of plain) {
      if (amount < 1000) continue // rounding to whole 万元 blurs small amounts
      const ratio = disrupted.get(id)! / amount
      expect(ratio).toBeGreaterThanOrEqual(0.29)
      expect(ratio).toBeLessThanOrEqual(0.71)
      checked++
    }
    expect(checked).toBeGreaterThan(100)
  })
})
