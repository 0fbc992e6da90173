/**
 * The generator's city-wide shocks (pace drift, monthly shocks, disruptions) come from a stream of their own: the
 * projects' own draws (signings, starts) are the same whatever their size. They are on by default
 * (`realisticShocks`). A disruption holds work back, it does not delete it: with a disruption every month a site
 * gets less done in each month and owes the rest, which it settles by its last month, so a commissioned project's
 * total is the same as without.
 */
import { describe, expect, it } from "vitest"
import { type ProjectEvent } from "@groundbreak/domain"
import { LedgerGenerator } from "@groundbreak/synth"

const options = { seed: 5, prefix: "S", firstYear: 2018, lastYear: 2020, newPerYear: 30, until: "2022-12-31" } as const
const still = { yearlyPace: 0, monthly: 0, disruptionChance: 0 }
const ofType = (events: Iterable<ProjectEvent.ProjectEvent>, types: ReadonlyArray<string>) =>
  [...events].filter((e) => types.includes(e.type))

/** Each commissioned project's reported total (latest report of each period) and its reports by period. */
const projects = (events: Iterable<ProjectEvent.ProjectEvent>) => {
  const reports = new Map<string, Map<string, number>>()
  const commissioned = new Set<string>()
  for (const e of events) {
    if (e.type === "ProjectCommissioned") commissioned.add(e.projectId)
    if (e.type !== "InvestmentReported") continue
    let own = reports.get(e.projectId)
    if (own === undefined) reports.set(e.projectId, own = new Map())
    own.set(e.data.period, e.data.amount) // a revision comes after its report
  }
  return { reports, commissioned }
}

describe("generator: city-wide shocks", () => {
  it("are on by default, with the realistic sizes", () => {
    const plain = [...LedgerGenerator.generateLedger(options)]
    const realistic = [...LedgerGenerator.generateLedger({ ...options, commonShocks: LedgerGenerator.realisticShocks })]
    const none = [...LedgerGenerator.generateLedger({ ...options, commonShocks: LedgerGenerator.noShocks })]
    expect(realistic).toEqual(plain)
    expect(none).not.toEqual(plain)
  })

  it("leave the projects' own draws alone: the same signings and starts with or without them", () => {
    const none = [...LedgerGenerator.generateLedger({ ...options, commonShocks: LedgerGenerator.noShocks })]
    const strong = [...LedgerGenerator.generateLedger({ ...options, commonShocks: { yearlyPace: 0.3, monthly: 0.5, disruptionChance: 0.5 } })]
    expect(ofType(strong, ["ProjectSigned", "ProjectStarted"])).toEqual(ofType(none, ["ProjectSigned", "ProjectStarted"]))
  })

  it("a disruption every month holds work back, and the sites catch it up by their last month", () => {
    const plain = projects(LedgerGenerator.generateLedger({ ...options, commonShocks: still }))
    const disrupted = projects(LedgerGenerator.generateLedger({ ...options, commonShocks: { ...still, disruptionChance: 1 } }))
    expect([...disrupted.commissioned]).toEqual([...plain.commissioned])
    let checked = 0, earlyPlain = 0, earlyDisrupted = 0
    for (const id of plain.commissioned) {
      const before = plain.reports.get(id)!, after = disrupted.reports.get(id)!
      expect([...after.keys()]).toEqual([...before.keys()])
      const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0)
      // Whole 万元 each month, and revisions move a reported month by up to 10%.
      expect(Math.abs(total(after) - total(before))).toBeLessThanOrEqual(0.12 * total(before) + after.size)
      const periods = [...before.keys()].sort()
      for (const period of periods.slice(0, Math.floor(periods.length / 2))) {
        earlyPlain += before.get(period)!
        earlyDisrupted += after.get(period)!
      }
      checked++
    }
    expect(checked).toBeGreaterThan(40)
    // In the first half of their lives the sites get done well under what they would have.
    expect(earlyDisrupted).toBeLessThan(0.8 * earlyPlain)
  })
})
