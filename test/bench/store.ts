/**
 * `pnpm bench:store`: a realistic ledger of about 1,000,000 events (about
 * 50,000 projects over five plan years), imported into a fresh SQLite store,
 * then replayed into KPIs. Each phase runs in its own process so its peak
 * memory is its own. Prints events/s and peak RSS per phase.
 *
 *   pnpm bench:store [--events N] [--store postgres://user@host:5432/db]
 *
 * With a PostgreSQL URL, the benchmark works in a schema of its own (dropped
 * afterwards) and also measures single appends (one project, a few events,
 * with an expected version) from 8 concurrent client processes.
 */
import { spawnSync } from "node:child_process"
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer } from "effect"
import { Calendar, ProjectEvent } from "@groundbreak/domain"
import { EventStore, LedgerImport, PostgresEventStore, SqliteEventStore } from "@groundbreak/event-store"
import { Kpis, Replay } from "@groundbreak/projections"
import { LedgerGenerator } from "@groundbreak/synth"

const args = process.argv.slice(2)
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1]! : fallback
}

const storeLayer = (spec: string) =>
  PostgresEventStore.isPostgresUrl(spec) ? PostgresEventStore.layer({ url: spec }) : SqliteEventStore.layer({ path: spec })

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
        Effect.provide(storeLayer(store))
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
      }).pipe(Effect.provide(Layer.fresh(storeLayer(store))))
    )
    const seconds = (performance.now() - started) / 1000
    const total = Number(flag("events", "0"))
    console.log(JSON.stringify({ phase: "kpis", eventsScanned: total, seconds, eventsPerSecond: total / seconds, peakRssMb: Number(peakMb()), projects: result.projects, startRate: result.kpis.startRate, completedInvestmentYi: result.kpis.completedInvestment / 1e4 }))
  },
  /** One client: single appends of a few events to projects shared with the other clients, for a fixed time. */
  async appends() {
    const store = flag("store", ""), client = Number(flag("client", "0")), seconds = Number(flag("seconds", "5"))
    const result = await Effect.runPromise(Effect.gen(function*() {
      const s = yield* EventStore
      let ok = 0, conflicts = 0, n = 0
      const until = Date.now() + seconds * 1000
      while (Date.now() < until) {
        const projectId = `APPEND-${(client * 7 + n++) % 40}`
        const version = (yield* s.versions([projectId])).get(projectId) ?? 0
        const events = [0, 1, 2].map((k) => ({
          eventId: `c${client}-${n}-${k}`, projectId, type: "AnnualPlanSet" as const, occurredOn: "2024-01-10",
          knownAt: "2024-01-11T09:00:00+08:00", data: { year: 2024, kind: "new" as const, plannedInvestment: 100 + k }
        }))
        const exit = yield* Effect.exit(s.append(projectId, events, version))
        if (exit._tag === "Success") ok++
        else conflicts++
      }
      return { ok, conflicts }
    }).pipe(Effect.provide(storeLayer(store))))
    console.log(JSON.stringify({ phase: "appends", ...result, seconds }))
  }
}

const phase = flag("phase", "")
if (phase) {
  await phases[phase]!()
} else {
  const dir = mkdtempSync(join(tmpdir(), "groundbreak-bench-"))
  const file = join(dir, "ledger.jsonl")
  const requested = flag("store", "")
  const postgres = PostgresEventStore.isPostgresUrl(requested)
  const benchSchema = `gb_bench_${Date.now().toString(36)}`
  const store = postgres
    ? (() => {
      const url = new URL(requested)
      url.searchParams.set("schema", benchSchema)
      return url.toString()
    })()
    : join(dir, "store.sqlite")
  const args = (name: string, extra: Array<string>) =>
    ["--disable-warning=ExperimentalWarning", import.meta.filename, "--phase", name, "--file", file, "--store", store, ...extra]
  const run = (name: string, extra: Array<string> = []) => {
    const child = spawnSync(process.execPath, args(name, extra), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 })
    if (child.status !== 0) throw new Error(`phase ${name} failed`)
    return JSON.parse(child.stdout.trim().split("\n").pop()!) as Record<string, number>
  }
  const runClients = async (clients: number) => {
    const { spawn } = await import("node:child_process")
    const outputs = await Promise.all(Array.from({ length: clients }, (_, client) =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const child = spawn(process.execPath, args("appends", ["--client", String(client)]), { stdio: ["ignore", "pipe", "inherit"] })
        let out = ""
        child.stdout.on("data", (d) => (out += d))
        child.on("exit", (code) => code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`client ${client} failed`)))
      })))
    return outputs.reduce((t, o) => ({ ok: t.ok! + o["ok"]!, conflicts: t.conflicts! + o["conflicts"]!, seconds: o["seconds"]! }), { ok: 0, conflicts: 0, seconds: 0 })
  }
  try {
    const generated = run("generate", ["--events", flag("events", "1000000")])
    const imported = run("import")
    const kpis = run("kpis", ["--events", String(generated["events"])])
    const row = (label: string, r: Record<string, number>, target: string) =>
      `${label.padEnd(12)} ${String(r["events"] ?? r["eventsScanned"]).padStart(9)} events  ${r["seconds"]!.toFixed(2).padStart(7)} s  ${Math.round(r["eventsPerSecond"]!).toLocaleString("en-US").padStart(11)} events/s  peak RSS ${String(r["peakRssMb"]).padStart(5)} MiB   target ${target}`
    console.log(`ledger: ${generated["events"]} events, ${generated["projects"]} projects, ${(generated["bytes"]! / 1e6).toFixed(0)} MB JSONL (generated in ${generated["seconds"]!.toFixed(1)} s)`)
    console.log(`store: ${postgres ? PostgresEventStore.redactUrl(store) : "SQLite file"}`)
    console.log(row("import", imported, postgres ? "≥ 50,000 events/s" : "≥ 200,000 events/s, < 1024 MiB"))
    console.log(row("kpi replay", kpis, postgres ? "≥ 500,000 events/s" : "≥ 1,000,000 events/s, < 1024 MiB"))
    console.log(`KPIs 2023 as of 2023-09-30: ${kpis["projects"]} projects known, start rate ${(kpis["startRate"]! * 100).toFixed(1)}%, completed ${kpis["completedInvestmentYi"]!.toFixed(1)} 亿元`)
    if (postgres) {
      const appends = await runClients(8)
      console.log(`single appends, 8 clients × ${appends.seconds} s (3 events each, expected version): ${Math.round(appends.ok! / appends.seconds!).toLocaleString("en-US")} appends/s acknowledged, ${Math.round(appends.conflicts! / appends.seconds!).toLocaleString("en-US")}/s rejected as version conflicts`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    if (postgres) {
      spawnSync("psql", [requested.replace(/[?].*$/, ""), "-qc", `DROP SCHEMA IF EXISTS "${benchSchema}" CASCADE`], { stdio: "ignore" })
    }
  }
}
