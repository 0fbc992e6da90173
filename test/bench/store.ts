/**
 * `pnpm bench:store`: a realistic ledger of about 1,000,000 events (about
 * 50,000 projects over five plan years), imported into a fresh SQLite store,
 * then replayed into KPIs. Each phase runs in its own process so its peak
 * memory is its own. Prints events/s and peak RSS per phase.
 *
 *   pnpm bench:store [--events N]
 */
import { spawnSync } from "node:child_process"
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer } from "effect"
import { Calendar, ProjectEvent } from "@groundbreak/domain"
import { LedgerImport, SqliteEventStore } from "@groundbreak/event-store"
import { Kpis, Replay } from "@groundbreak/projections"
import { LedgerGenerator } from "@groundbreak/synth"

const args = process.argv.slice(2)
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1]! : fallback
}

const peakMb = () => (process.resourceUsage().maxRSS / 1024).toFixed(0)

const phases: Record<string, () => Promise<void>> = {
  async generate() {
    const target = Number(flag("events", "1000000"))
    const file = flag("file", "")
    const out = createWriteStream(file)
    let n = 0
    const started = performance.now()
    // about 20 events per project: 10,000 new projects a year over five years ≈ 1,000,000 events
    const newPerYear = Math.max(1, Math.round(target / 100))
    for (const event of LedgerGenerator.generateLedger({
      seed: 20_231_231, prefix: "CN", firstYear: 2019, lastYear: 2023, newPerYear, until: "2023-12-31"
    })) {
      if (!out.write(ProjectEvent.toJsonLine(event) + "\n")) await new Promise<void>((r) => out.once("drain", () => r()))
      n++
    }
    await new Promise<void>((r) => out.end(() => r()))
    console.log(JSON.stringify({ phase: "generate", events: n, projects: newPerYear * 5, seconds: (performance.now() - started) / 1000, bytes: statSync(file).size }))
  },
  async import() {
    const file = flag("file", ""), store = flag("store", "")
    const started = performance.now()
    const summary = await Effect.runPromise(
      LedgerImport.importLedger(file, createReadStream(file, { highWaterMark: 1 << 20 })).pipe(
        Effect.provide(SqliteEventStore.layer({ path: store }))
      )
    )
    const seconds = (performance.now() - started) / 1000
    console.log(JSON.stringify({ phase: "import", events: summary.appended, seconds, eventsPerSecond: summary.appended / seconds, peakRssMb: Number(peakMb()) }))
  },
  async kpis() {
    const store = flag("store", "")
    const started = performance.now()
    const result = await Effect.runPromise(
      Effect.gen(function*() {
        const portfolio = yield* Replay.portfolioKnownAt(Calendar.parseKnowledgeCut("2023-09-30")!)
        const kpis = Kpis.compute(portfolio.projects.values(), { year: 2023, asOf: Calendar.parseDate("2023-09-30")! })
        return { kpis, projects: portfolio.projects.size }
      }).pipe(Effect.provide(Layer.fresh(SqliteEventStore.layer({ path: store }))))
    )
    const seconds = (performance.now() - started) / 1000
    const total = Number(flag("events", "0"))
    console.log(JSON.stringify({ phase: "kpis", eventsScanned: total, seconds, eventsPerSecond: total / seconds, peakRssMb: Number(peakMb()), projects: result.projects, startRate: result.kpis.startRate, completedInvestmentYi: result.kpis.completedInvestment / 1e4 }))
  }
}

const phase = flag("phase", "")
if (phase) {
  await phases[phase]!()
} else {
  const dir = mkdtempSync(join(tmpdir(), "groundbreak-bench-"))
  const file = join(dir, "ledger.jsonl"), store = join(dir, "store.sqlite")
  const run = (name: string, extra: Array<string> = []) => {
    const child = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", import.meta.filename, "--phase", name, "--file", file, "--store", store, ...extra], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 })
    if (child.status !== 0) throw new Error(`phase ${name} failed`)
    return JSON.parse(child.stdout.trim().split("\n").pop()!) as Record<string, number>
  }
  try {
    const generated = run("generate", ["--events", flag("events", "1000000")])
    const imported = run("import")
    const kpis = run("kpis", ["--events", String(generated["events"])])
    const row = (label: string, r: Record<string, number>, target: string) =>
      `${label.padEnd(12)} ${String(r["events"] ?? r["eventsScanned"]).padStart(9)} events  ${r["seconds"]!.toFixed(2).padStart(7)} s  ${Math.round(r["eventsPerSecond"]!).toLocaleString("en-US").padStart(11)} events/s  peak RSS ${String(r["peakRssMb"]).padStart(5)} MiB   target ${target}`
    console.log(`ledger: ${generated["events"]} events, ${generated["projects"]} projects, ${(generated["bytes"]! / 1e6).toFixed(0)} MB JSONL (generated in ${generated["seconds"]!.toFixed(1)} s)`)
    console.log(row("import", imported, "≥ 200,000 events/s, < 1024 MiB"))
    console.log(row("kpi replay", kpis, "≥ 1,000,000 events/s, < 1024 MiB"))
    console.log(`KPIs 2023 as of 2023-09-30: ${kpis["projects"]} projects known, start rate ${(kpis["startRate"]! * 100).toFixed(1)}%, completed ${kpis["completedInvestmentYi"]!.toFixed(1)} 亿元`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
