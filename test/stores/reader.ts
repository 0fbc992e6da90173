/**
 * A reader process for the readers-during-import test: opens the SQLite
 * store for reading, computes the KPIs (a full replay) and exports every
 * event, and reports how long that took, from opening the store to the
 * answer (the process's own start-up is not counted), with what it saw.
 */
import { performance } from "node:perf_hooks"
import { Effect, Stream } from "effect"
import { Calendar, KnowledgeCut } from "@groundbreak/domain"
import { EventStore, LedgerExport, SqliteEventStore } from "@groundbreak/event-store"
import { Kpis, Replay } from "@groundbreak/indicators"

const [store] = process.argv.slice(2)
const started = performance.now()
const program = Effect.gen(function*() {
  const head = yield* EventStore.use((s) => s.head)
  const portfolio = yield* Replay.portfolioKnownAt(KnowledgeCut.ofInstant(Date.now()))
  const kpis = Kpis.compute(portfolio.projects.values(), { year: 2021, asOf: Calendar.parseDate("2021-12-31")! })
  const lines = yield* Stream.runCount(LedgerExport.exportLines())
  return { head, projects: kpis.projects, lines }
})
// A busy timeout of 0: had the reader to wait for the importer's lock at all, it would fail at once.
const seen = await Effect.runPromise(Effect.provide(program, SqliteEventStore.layer({ path: store!, mode: "read", busyTimeoutMs: 0 })))
process.stdout.write(JSON.stringify({ ...seen, ms: performance.now() - started }))
