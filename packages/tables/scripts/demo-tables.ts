/**
 * Writes `scenarios/tables/`: the monthly progress tables of 2022 and 2023
 * of a synthesized demo city, each as it stood at the end of its month and
 * as known a week later, in xlsx (2022's give a store the history a
 * forecast of 2023 learns from). Deterministic: rerunning it rewrites the
 * same tables.
 *
 *   node packages/tables/scripts/demo-tables.ts scenarios/tables
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { Calendar, ProjectEvent } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { LedgerGenerator } from "@groundbreak/synth"
import { TableExport, TableModel } from "../src/index.ts"

const dir = process.argv[2] ?? "scenarios/tables"
const years = [2022, 2023]
const events = [...LedgerGenerator.generateLedger({
  seed: 2023,
  prefix: "DC",
  firstYear: 2021,
  lastYear: 2023,
  newPerYear: 90,
  until: "2024-01-15",
  withdrawals: 0.25
})]

await Effect.runPromise(Effect.gen(function*() {
  yield* LedgerImport.importLedger("demo-city", events.map(ProjectEvent.toJsonLine))
  mkdirSync(dir, { recursive: true })
  for (const year of years) for (let month = 1; month <= 12; month++) {
    const period = year * 100 + month
    const asOf = Calendar.endOfMonth(period)
    const knownAt = Calendar.parseKnowledgeCut(Calendar.formatDate(asOf + 7))!
    const model = yield* TableModel.load(year, asOf, knownAt)
    const file = join(dir, `${Calendar.formatMonth(period)}.xlsx`)
    writeFileSync(file, yield* Effect.promise(() => TableExport.toXlsx(model, "zh")))
    console.log(`wrote ${file}: ${model.kpis.projects} projects, reported ${Calendar.formatDate(asOf + 7)}`)
  }
}).pipe(Effect.provide(MemoryEventStore.layer)))
