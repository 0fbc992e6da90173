/**
 * `Estimation.fit` on a generated ledger whose settings are known: the start
 * delays and construction lengths it was generated with are recovered, the
 * projects still waiting or still building count as censored, and nothing
 * dated after the forecast date D is used.
 */
import { describe, expect, it } from "vitest"
import { Calendar, CompactEvent, type ProjectEvent, ProjectFacts } from "@groundbreak/domain"
import { Estimation, Survival } from "@groundbreak/forecast"
import { LedgerGenerator } from "@groundbreak/synth"

const asOf = "2023-06-30"
const D = Calendar.parseDate(asOf)!
/** Knowledge well after D, so the ledger holds events dated after it: fit must leave them out itself. */
const knownBy = Date.parse("2024-03-31T23:59:59+08:00")
// The generator: durations of 10–30 months after the start month (so 11–31 months counting it), a start delay of
// round(Exponential(mean 1.2) − 0.4) months after the planned start, 7% of projects never start. Without the
// city-wide shocks, whose yearly pace speeds or slows every schedule, so that the lengths are the ones drawn.
const ledger = [...LedgerGenerator.generateLedger({
  seed: 11,
  prefix: "E",
  firstYear: 2016,
  lastYear: 2024,
  newPerYear: 250,
  until: "2024-03-31",
  commonShocks: LedgerGenerator.noShocks
})]

/** The facts known by the cut, as the store's replay folds them. */
const factsOf = (events: ReadonlyArray<ProjectEvent.ProjectEvent>) => {
  const portfolio = new ProjectFacts.Portfolio()
  events.forEach((e, i) => {
    const compact = CompactEvent.compact(e, i + 1)
    if (compact.knownAt <= knownBy) portfolio.add(compact)
  })
  return [...portfolio.projects.values()]
}

const model = Estimation.fit(factsOf(ledger), 2023, D)

describe("Estimation.fit on a generated ledger", () => {
  it("recovers the construction lengths it was generated with: 11 to 31 months, half done by about 21", () => {
    expect(Survival.survivalAt(model.duration, 10)).toBeCloseTo(1, 6)
    expect(Survival.survivalAt(model.duration, 31)).toBeLessThan(0.02)
    expect(Math.abs(Survival.median(model.duration)! - 21)).toBeLessThanOrEqual(2)
  })

  it("counts the projects still under construction at D as censored, not as finished", () => {
    // Finished projects alone are biased towards short ones: those started lately and finished by D are all short.
    const started = factsOf(ledger).filter((f) => f.startedOn !== undefined && f.startedOn <= D)
    const finished = started.filter((f) => f.commissionedOn !== undefined && f.commissionedOn <= D)
    const monthOf = (day: number) => Math.floor(Calendar.monthOfDay(day) / 100) * 12 + (Calendar.monthOfDay(day) % 100)
    const lengths = finished.map((f) => monthOf(f.commissionedOn!) - monthOf(f.startedOn!) + 1).sort((a, b) => a - b)
    const naive = Survival.kaplanMeier(lengths.map((months) => ({ months, observed: true })), { from: 1, mean: 18, span: 48 })
    expect(started.length - finished.length).toBeGreaterThan(300)
    expect(Survival.median(model.duration)!).toBeGreaterThan(Survival.median(naive)!)
  })

  it("recovers the start delays: about half start in their planned month, three in four within a month of it", () => {
    // Of the starters, 53% start in the planned month and 79% within a month; the 7% that never start stay at risk.
    expect(Survival.survivalAt(model.startDelay, -1)).toBeGreaterThan(0.97)
    expect(Survival.survivalAt(model.startDelay, 0)).toBeGreaterThan(0.44)
    expect(Survival.survivalAt(model.startDelay, 0)).toBeLessThan(0.58)
    expect(Survival.survivalAt(model.startDelay, 1)).toBeGreaterThan(0.18)
    expect(Survival.survivalAt(model.startDelay, 1)).toBeLessThan(0.32)
  })

  it("uses nothing dated after D: the same model when every event dated after D is removed", () => {
    const happenedByD = ledger.filter((e) => e.occurredOn <= asOf)
    expect(happenedByD.length).toBeLessThan(ledger.length)
    expect(Estimation.fit(factsOf(happenedByD), 2023, D)).toEqual(model)
  })

  it("is deterministic: the same facts give the same model", () => {
    expect(Estimation.fit(factsOf(ledger), 2023, D)).toEqual(model)
  })
})
