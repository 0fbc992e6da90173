/**
 * Whatever the seed, the city (northern or not), the shocks and the day the ledger stops, the generator writes a
 * ledger import accepts whole (every lifecycle rule, in valid time and in knowledge order); a northern site does no
 * work in a winter month it spends suspended; and a month's report is never negative.
 */
import fc from "fast-check"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Calendar, ProjectEvent } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { LedgerGenerator } from "@groundbreak/synth"

const untils = ["2019-07-15", "2020-01-31", "2020-12-31", "2021-03-10", "2022-06-30"]

/** Whether a suspension is in force through the whole month `yyyymm` of a project's events. */
const suspendedThrough = (events: ReadonlyArray<ProjectEvent.ProjectEvent>, yyyymm: number): boolean => {
  const first = Calendar.endOfMonth(Calendar.addMonths(yyyymm, -1)) + 1, last = Calendar.endOfMonth(yyyymm)
  let state = false
  for (const e of events) {
    if (e.type !== "ProjectSuspended" && e.type !== "ProjectResumed") continue
    const on = Calendar.parseDate(e.occurredOn)!
    if (on <= first) state = e.type === "ProjectSuspended"
    else if (on <= last) return false
  }
  return state
}

describe("LedgerGenerator", () => {
  it("writes ledgers import accepts whole; northern sites do nothing in a winter month spent suspended", async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer(),
      fc.boolean(),
      fc.constantFrom(...untils),
      fc.constantFrom(LedgerGenerator.realisticShocks, LedgerGenerator.noShocks, { yearlyPace: 0.3, monthly: 0.4, disruptionChance: 0.3 }),
      async (seed, northern, until, commonShocks) => {
        const events = [...LedgerGenerator.generateLedger({ seed, prefix: "G", firstYear: 2018, lastYear: 2021, newPerYear: 12, until, northern, commonShocks })]
        const imported = await Effect.runPromise(
          LedgerImport.importLedger("ledger", events.map(ProjectEvent.toJsonLine)).pipe(Effect.provide(MemoryEventStore.layer))
        )
        expect(imported.appended).toBe(events.length)
        const byProject = new Map<string, Array<ProjectEvent.ProjectEvent>>()
        for (const e of events) {
          let list = byProject.get(e.projectId)
          if (list === undefined) byProject.set(e.projectId, list = [])
          list.push(e)
        }
        for (const list of byProject.values()) {
          for (const e of list) {
            if (e.type !== "InvestmentReported") continue
            expect(e.data.amount).toBeGreaterThanOrEqual(0)
            const month = Calendar.parseMonth(e.data.period)!
            if (northern && [12, 1, 2].includes(month % 100) && suspendedThrough(list, month)) expect(e.data.amount).toBe(0)
          }
        }
      }
    ), { numRuns: 40 })
  })
})
