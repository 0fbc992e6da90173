/**
 * `pnpm bench:warnings`: the dispatch meeting on a store of about 1,000,000
 * events (the store benchmark's generated ledger, imported into a fresh
 * SQLite file): `warnings` (every monthly meeting of the year up to D from
 * one scan) and `ranking` (this month and last), beside a plain KPI replay
 * of the same store measured in the same run. Each phase runs in its own
 * process, so its time and peak memory are its own.
 *
 *   pnpm bench:warnings [--events N]
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { Calendar, KnowledgeCut } from "@groundbreak/domain"
import { SqliteEventStore } from "@groundbreak/event-store"
import { Kpis, Replay } from "@groundbreak/indicators"
import { Ranking, RulesFile, Warnings } from "@groundbreak/warnings"

const args = process.argv.slice(2)
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1]! : fallback
}
const peakMiB = () => Math.round(process.resourceUsage().maxRSS / 1024)
const year = 2023, asOf = Calendar.parseDate("2023-09-30")!, knownBy = Calendar.parseKnowledgeCut("2023-10-15")!

const phases: Record<string, () => Promise<Record<string, number | string>>> = {
  async kpis() {
    const started = performance.now()
    const kpis = await Effect.runPromise(Effect.gen(function*() {
      const portfolio = yield* Replay.portfolioKnownAt(KnowledgeCut.ofInstant(knownBy))
      return Kpis.compute(portfolio.projects.values(), { year, asOf })
    }).pipe(Effect.provide(SqliteEventStore.layer({ path: flag("store", "") }))))
    return { seconds: (performance.now() - started) / 1000, peakMiB: peakMiB(), detail: `${kpis.projects} plan projects` }
  },
  async warnings() {
    const started = performance.now()
    const rules = await Effect.runPromise(RulesFile.load())
    const w = await Effect.runPromise(Warnings.warnings({ year, asOf, knownBy, rules, by: "district" }).pipe(Effect.provide(SqliteEventStore.layer({ path: flag("store", "") }))))
    return {
      seconds: (performance.now() - started) / 1000,
      peakMiB: peakMiB(),
      detail: `${w.meetings.length} meetings; red ${w.total.red}, yellow ${w.total.yellow}, green ${w.total.green}`
    }
  },
  async ranking() {
    const started = performance.now()
    const r = await Effect.runPromise(Ranking.ranking({ year, asOf, knownBy, by: "district", pace: "months" }).pipe(Effect.provide(SqliteEventStore.layer({ path: flag("store", "") }))))
    return { seconds: (performance.now() - started) / 1000, peakMiB: peakMiB(), detail: `${r.rows.length} districts ranked, last month ${r.previous?.asOf ?? "—"}` }
  }
}

const phase = flag("phase", "")
if (phase) {
  console.log(JSON.stringify(await phases[phase]!()))
} else {
  const dir = mkdtempSync(join(tmpdir(), "groundbreak-bench-warnings-"))
  const file = join(dir, "ledger.jsonl"), store = join(dir, "store.sqlite")
  const storeBench = join(import.meta.dirname, "store.ts")
  const run = (script: string, name: string, extra: Array<string> = []) => {
    const child = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", script, "--phase", name, "--file", file, "--store", store, ...extra],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 })
    if (child.status !== 0) throw new Error(`phase ${name} failed`)
    return JSON.parse(child.stdout.trim().split("\n").pop()!) as Record<string, number | string>
  }
  try {
    const generated = run(storeBench, "generate", ["--events", flag("events", "1000000")])
    run(storeBench, "import")
    console.log(`store: ${generated["events"]} events, ${generated["projects"]} projects (SQLite); plan year ${year}, D 2023-09-30, K 2023-10-15`)
    const kpis = run(import.meta.filename, "kpis")
    for (const [label, r] of [["kpis (reference)", kpis], ["warnings", run(import.meta.filename, "warnings")], ["ranking", run(import.meta.filename, "ranking")]] as const) {
      const ratio = label.startsWith("kpis") ? "" : `  ${((r["seconds"] as number) / (kpis["seconds"] as number)).toFixed(2)} × the KPI replay`
      console.log(`${label.padEnd(17)} ${(r["seconds"] as number).toFixed(2).padStart(6)} s  peak RSS ${String(r["peakMiB"]).padStart(5)} MiB${ratio}   [${r["detail"]}]`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
