/**
 * Shared test support: generated ledgers as fast-check arbitraries,
 * running store programs on a fresh in-memory store, and running the CLI.
 */
import { spawnSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { join, resolve as resolvePath } from "node:path"
import fc from "fast-check"
import { Effect, Result, Stream } from "effect"
import { Calendar, KnowledgeCut, ProjectEvent, ProjectFacts } from "@groundbreak/domain"
import { EventStore, LedgerExport, MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Replay } from "@groundbreak/indicators"
import { LedgerGenerator } from "@groundbreak/synth"

export interface Ledger {
  readonly events: ReadonlyArray<ProjectEvent.ProjectEvent>
  readonly year: number
}

const day = (from: string, to: string) =>
  fc.integer({ min: Calendar.parseDate(from)!, max: Calendar.parseDate(to)! }).map(Calendar.formatDate)

/** Small, lifecycle-valid ledgers over 2019–2021, cut at a random date. */
export const ledgerArb: fc.Arbitrary<Ledger> = fc
  .record({ seed: fc.integer(), newPerYear: fc.integer({ min: 2, max: 12 }), until: day("2020-03-01", "2021-12-31") })
  .map(({ seed, newPerYear, until }) => ({
    events: [...LedgerGenerator.generateLedger({ seed, prefix: "T", firstYear: 2019, lastYear: 2021, newPerYear, until })],
    year: Number(until.slice(0, 4))
  }))

/** A knowledge cut (epoch ms) and a valid date (epoch day) within the ledger's year. */
export const cutArb = (year: number) =>
  fc.record({
    knownBy: fc.integer({ min: Date.parse(`${year}-01-01T00:00:00+08:00`), max: Date.parse(`${year + 1}-01-31T00:00:00+08:00`) }),
    asOf: fc.integer({ min: Calendar.startOfYear(year), max: Calendar.startOfYear(year + 1) - 1 })
  })

export const runWithMemoryStore = <A, E>(program: Effect.Effect<A, E, EventStore>): Promise<A> =>
  Effect.runPromise(Effect.provide(program, MemoryEventStore.layer))

export const importEvents = (events: ReadonlyArray<ProjectEvent.ProjectEvent>) =>
  LedgerImport.importLedger("test.jsonl", events.map(ProjectEvent.toJsonLine))

export const exportAll = Stream.runCollect(LedgerExport.exportLines())

export const portfolio = (knownBy: number): Effect.Effect<ProjectFacts.Portfolio, unknown, EventStore> =>
  Replay.portfolioKnownAt(KnowledgeCut.ofInstant(knownBy))

/** A knowledge cut written in a test (a date, or a date-time with offset). */
export const cut = (text: string): KnowledgeCut.KnowledgeCut => Result.getOrThrow(KnowledgeCut.parse(text))

/** OS threads of this process (each worker thread is one, plus its helpers). Linux only. */
export const threadCount = (): number => Number(/^Threads:\s+(\d+)/m.exec(readFileSync("/proc/self/status", "utf8"))![1])

/** Polls `condition` every 20 ms for up to `ms`; its last value. */
export const waitFor = async (condition: () => boolean, ms: number): Promise<boolean> => {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (condition()) return true
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return condition()
}

/** The repository's root, and the CLI's entry point run from its TypeScript sources. */
export const repoRoot = resolvePath(import.meta.dirname, "..")
const cliBin = join(repoRoot, "packages/cli/src/bin.ts")

/** Runs `groundbreak args` in the folder `cwd`, as a person would, and returns its exit code and output. */
export const runCli = (cwd: string, args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", cliBin, ...args], {
    cwd, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, ...env }
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}
