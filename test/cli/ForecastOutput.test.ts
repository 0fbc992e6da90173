/**
 * The forecast's table and JSON lead with the combination when it beat the simulation in the backtests, and keep
 * the simulation and every simple method beside it (issue 13); the simple methods shown are the registry's.
 */
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { ProjectEvent } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Forecast, Methods } from "@groundbreak/forecast"
import { LedgerGenerator } from "@groundbreak/synth"
import * as ForecastOutput from "../../packages/cli/src/ForecastOutput.ts"
import * as Labels from "../../packages/cli/src/Labels.ts"
import { cut } from "../support.ts"

const result = await Effect.runPromise(Effect.gen(function*() {
  const events = [...LedgerGenerator.generateLedger({ seed: 5, prefix: "F", firstYear: 2017, lastYear: 2020, newPerYear: 60, until: "2020-09-30" })]
  yield* LedgerImport.importLedger("ledger", events.map(ProjectEvent.toJsonLine))
  return (yield* Forecast.forecast({ scenario: Forecast.baseline(2020, "2020-09-30"), year: 2020, asOf: "2020-09-30", knownAt: cut("2020-09-30"), paths: 50, seed: 1 })).result
}).pipe(Effect.provide(MemoryEventStore.layer)))

const withHeadline = (headline: boolean): Forecast.ForecastResult => ({ ...result, combined: { ...result.combined, headline } })
const investmentRows = (table: string) => table.split("\n").filter((line) => line.includes("亿元") && line.includes("完成投资"))

describe("forecast output", { timeout: 120_000 }, () => {
  it("leads with the combination when it is the headline, the simulation beside it", () => {
    const rows = investmentRows(ForecastOutput.toTable(withHeadline(true), "zh"))
    expect(rows[0]).toContain(`${Labels.methodName("combined", "zh")} (${Labels.label("headline", "zh")})`)
    expect(rows[1]).toContain(Labels.methodName("simulation", "zh"))
    expect(JSON.parse(ForecastOutput.toJson(withHeadline(true))).headline).toBe("combined")
  })

  it("leads with the simulation otherwise, and lists every registered simple method", () => {
    const table = ForecastOutput.toTable(withHeadline(false), "en")
    expect(table).not.toContain(`(${Labels.label("headline", "en")})`)
    for (const name of Methods.simpleNames) expect(table).toContain(Labels.methodName(name, "en"))
    const json = JSON.parse(ForecastOutput.toJson(withHeadline(false)))
    expect(json.headline).toBe("simulation")
    expect(Object.keys(json.methods)).toEqual([...Methods.simpleNames])
  })
})
