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
// The generator: durations of 8–48 months after the start month, growing with the project's size (so 9–49 months
// counting it), a start that waits for late permits and the crews, 7% of projects never start. Without the
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

/**
 * What the generator drew, read off the cohorts of 2016–2020, all of whose starts and nearly all of whose
 * commissionings the ledger holds: each new project's start delay in months (Infinity: never started), and the
 * lengths of the commissioned ones in months, counting the start month.
 */
const drawn = (() => {
  const index = (day: number) => Math.floor(Calendar.monthOfDay(day) / 100) * 12 + (Calendar.monthOfDay(day) % 100)
  const planned = new Map<string, number>(), started = new Map<string, number>(), lengths: Array<number> = []
  for (const e of ledger) {
    if (Number(e.projectId.split("-")[1]) > 2020) continue
    if (e.type === "AnnualPlanSet" && e.data.plannedStart !== undefined) planned.set(e.projectId, index(Calendar.parseDate(`${e.data.plannedStart}-01`)!))
    if (e.type === "ProjectStarted") started.set(e.projectId, index(Calendar.parseDate(e.occurredOn)!))
    if (e.type === "ProjectCommissioned") lengths.push(index(Calendar.parseDate(e.occurredOn)!) - started.get(e.projectId)! + 1)
  }
  const delays = [...planned].map(([id, month]) => (started.has(id) ? started.get(id)! - month : Infinity))
  const beyond = (months: number) => delays.filter((d) => d > months).length / delays.length
  return { beyond, lengths: lengths.sort((a, b) => a - b) }
})()

describe("Estimation.fit on a generated ledger", () => {
  it("recovers the construction lengths it was generated with: 9 to 49 months, half done by the drawn median", () => {
    expect(drawn.lengths.length).toBeGreaterThan(500)
    expect(Survival.survivalAt(model.duration, 8)).toBeCloseTo(1, 6)
    expect(Survival.survivalAt(model.duration, 48)).toBeLessThan(0.02)
    expect(Math.abs(Survival.median(model.duration)! - drawn.lengths[Math.floor(drawn.lengths.length / 2)]!)).toBeLessThanOrEqual(2)
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

  it("recovers the start delays drawn: none early, the shares still waiting a month and two after the planned one", () => {
    // The 7% that never start stay at risk, as they do in what was drawn.
    expect(Survival.survivalAt(model.startDelay, -1)).toBeGreaterThan(0.97)
    for (const months of [0, 1, 2]) {
      expect(drawn.beyond(months)).toBeGreaterThan(0.1)
      expect(Math.abs(Survival.survivalAt(model.startDelay, months) - drawn.beyond(months))).toBeLessThan(0.05)
    }
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
