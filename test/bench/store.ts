/**
 * `pnpm bench:store`: a ledger imported into a fresh store, then replayed
 * into KPIs, each beside a naive reference measured in the same run on the
 * same ledger:
 * - naive import: one thread, `JSON.parse` of each line, one INSERT per row
 *   into a SQLite table with a unique index on the event id, one transaction;
 * - naive read: every row of that table read back, with `JSON.parse` of its data.
 * The ledger is generated (about 1,000,000 events: 50,000 projects over five
 * plan years) or given with `--ledger FILE` (any JSONL ledger, `.gz` too).
 * Each phase runs in its own process so its peak memory is its own; with
 * `--rounds N` the phases run N times, alternating, and the best of each is kept.
 * CPU seconds (all threads) are printed too: on a machine busy with other
 * work they say more than the wall clock.
 *
 *   pnpm bench:store [--events N | --ledger FILE] [--rounds N] [--store postgres://user@host:5432/db]
 *
 * Ledgers that Groundbreak did not generate: `pnpm exec node test/bench/worldLedger.ts --out FILE [--copies N]` writes the twelve
 * cities of an independent simulator (147,292 events), N times over with ids rewritten (5 copies: 736,460 events).
 *
 * With a PostgreSQL URL, the benchmark works in a schema of its own (dropped
 * afterwards) and also measures single appends (one project, a few events,
 * with an expected version) from 8 concurrent client processes.
 */
import { spawnSync } from "node:child_process"
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { createInterface } from "node:readline"
import { DatabaseSync } from "node:sqlite"
import { createGunzip } from "node:zlib"
import { Effect, Layer } from "effect"
import { Calendar, KnowledgeCut, ProjectEvent } from "@groundbreak/domain"
import { EventStore, PostgresEventStore, SqliteEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Kpis, Replay } from "@groundbreak/indicators"
import { LedgerGenerator } from "@groundbreak/synth"

const args = process.argv.slice(2)
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1]! : fallback
}

/** The store at `spec`; a SQLite file opened for reading only when `mode` says so, as read-only commands (`kpis`) open it. */
const storeLayer = (spec: string, mode: "read" | "write" = "write") =>
  PostgresEventStore.isPostgresUrl(spec) ? PostgresEventStore.layer({ url: spec }) : SqliteEventStore.layer({ path: spec, mode })

const peakMb = () => (process.resourceUsage().maxRSS / 1024).toFixed(0)

/** CPU seconds (user and system) since `from`, of the process or (with `process.threadCpuUsage`) of this thread. */
const cpuSince = (from: NodeJS.CpuUsage, usage: (from: NodeJS.CpuUsage) => NodeJS.CpuUsage = process.cpuUsage) => {
  const u = usage(from)
  return Number(((u.user + u.system) / 1e6).toFixed(2))
}

/** The ledger's bytes, gunzipped when the file name ends in `.gz`. */
const ledgerBytes = (file: string): NodeJS.ReadableStream & AsyncIterable<Uint8Array> => {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 })
  return file.endsWith(".gz") ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw
}

/** The SQLite settings of the naive reference: those of the store's file (WAL, synchronous NORMAL). */
const openNaive = (path: string) => {
  const db = new DatabaseSync(path)
  db.exec("PRAGMA journal_mode = WAL")
  db.exec("PRAGMA synchronous = NORMAL")
  return db
}

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
  /** The naive import: one thread, one INSERT per row, one transaction. */
  async "naive-import"() {
    const file = flag("file", ""), path = flag("naive", "")
    const started = performance.now()
    const naiveCpu = process.cpuUsage()
    const db = openNaive(path)
    db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, project_id TEXT NOT NULL,
      type TEXT NOT NULL, occurred_on TEXT NOT NULL, known_at TEXT NOT NULL, data TEXT NOT NULL)`)
    const insert = db.prepare("INSERT INTO events (event_id, project_id, type, occurred_on, known_at, data) VALUES (?, ?, ?, ?, ?, ?)")
    let n = 0
    db.exec("BEGIN")
    for await (const line of createInterface({ input: ledgerBytes(file), crlfDelay: Infinity })) {
      if (line === "") continue
      const e = JSON.parse(line) as ProjectEvent.ProjectEvent
      insert.run(e.eventId, e.projectId, e.type, e.occurredOn, e.knownAt, JSON.stringify(e.data))
      n++
    }
    db.exec("COMMIT")
    db.close()
    const seconds = (performance.now() - started) / 1000
    console.log(JSON.stringify({ phase: "naive-import", events: n, seconds, eventsPerSecond: n / seconds, peakRssMb: Number(peakMb()), cpuSeconds: cpuSince(naiveCpu) }))
  },
  /** The naive read: every row of the naive table, with its data parsed. */
  async "naive-replay"() {
    const path = flag("naive", "")
    const started = performance.now()
    const readCpu = process.cpuUsage()
    const db = new DatabaseSync(path, { readOnly: true })
    let n = 0, checksum = 0
    for (const row of db.prepare("SELECT * FROM events ORDER BY position").iterate() as Iterable<{ data: string }>) {
      const data = JSON.parse(row.data) as { amount?: number }
      checksum += data.amount ?? 0
      n++
    }
    db.close()
    const seconds = (performance.now() - started) / 1000
    console.log(JSON.stringify({ phase: "naive-replay", eventsScanned: n, seconds, eventsPerSecond: n / seconds, peakRssMb: Number(peakMb()), cpuSeconds: cpuSince(readCpu), checksum }))
  },
  async import() {
    const file = flag("file", ""), store = flag("store", "")
    const started = performance.now()
    const mainCpu = process.threadCpuUsage(), processCpu = process.cpuUsage()
    const summary = await Effect.runPromise(
      LedgerImport.importLedger(file, ledgerBytes(file)).pipe(
        Effect.provide(storeLayer(store))
      )
    )
    const seconds = (performance.now() - started) / 1000
    console.log(JSON.stringify({
      phase: "import", events: summary.appended, seconds, eventsPerSecond: summary.appended / seconds, peakRssMb: Number(peakMb()),
      mainThreadCpuSeconds: cpuSince(mainCpu, process.threadCpuUsage), cpuSeconds: cpuSince(processCpu)
    }))
  },
  async kpis() {
    const store = flag("store", "")
    const started = performance.now()
    const kpiCpu = process.cpuUsage()
    const result = await Effect.runPromise(
      Effect.gen(function*() {
        // Every event is known by now, so the replay folds every row, as the naive read parses every row.
        const portfolio = yield* Replay.portfolioKnownAt(KnowledgeCut.ofInstant(Date.now()))
        const kpis = Kpis.compute(portfolio.projects.values(), { year: 2023, asOf: Calendar.parseDate("2023-09-30")! })
        return { kpis, projects: portfolio.projects.size }
      }).pipe(Effect.provide(Layer.fresh(storeLayer(store, "read"))))
    )
    const seconds = (performance.now() - started) / 1000
    const total = Number(flag("events", "0"))
    console.log(JSON.stringify({ phase: "kpis", eventsScanned: total, seconds, eventsPerSecond: total / seconds, peakRssMb: Number(peakMb()), cpuSeconds: cpuSince(kpiCpu), projects: result.projects, startRate: result.kpis.startRate, completedInvestmentYi: result.kpis.completedInvestment / 1e4 }))
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
  const given = flag("ledger", "")
  const file = given === "" ? join(dir, "ledger.jsonl") : resolve(given)
  const rounds = Math.max(1, Number(flag("rounds", "1")))
  const requested = flag("store", "")
  const postgres = PostgresEventStore.isPostgresUrl(requested)
  const benchSchema = `gb_bench_${Date.now().toString(36)}`
  const storeOf = (round: number) => postgres
    ? (() => {
      const url = new URL(requested)
      url.searchParams.set("schema", `${benchSchema}_${round}`)
      return url.toString()
    })()
    : join(dir, `store-${round}.sqlite`)
  const args = (name: string, store: string, extra: Array<string>) =>
    ["--disable-warning=ExperimentalWarning", import.meta.filename, "--phase", name, "--file", file, "--store", store, ...extra]
  const run = (name: string, store: string, extra: Array<string> = []) => {
    const child = spawnSync(process.execPath, args(name, store, extra), { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 })
    if (child.status !== 0) throw new Error(`phase ${name} failed`)
    return JSON.parse(child.stdout.trim().split("\n").pop()!) as Record<string, number>
  }
  const runClients = async (store: string, clients: number) => {
    const { spawn } = await import("node:child_process")
    const outputs = await Promise.all(Array.from({ length: clients }, (_, client) =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const child = spawn(process.execPath, args("appends", store, ["--client", String(client)]), { stdio: ["ignore", "pipe", "inherit"] })
        let out = ""
        child.stdout.on("data", (d) => (out += d))
        child.on("exit", (code) => code === 0 ? resolve(JSON.parse(out.trim().split("\n").pop()!)) : reject(new Error(`client ${client} failed`)))
      })))
    return outputs.reduce((t, o) => ({ ok: t.ok! + o["ok"]!, conflicts: t.conflicts! + o["conflicts"]!, seconds: o["seconds"]! }), { ok: 0, conflicts: 0, seconds: 0 })
  }
  /** The faster of two runs of a phase. */
  const best = (a: Record<string, number> | undefined, b: Record<string, number>) =>
    a === undefined || b["eventsPerSecond"]! > a["eventsPerSecond"]! ? b : a
  try {
    const generated = given === "" ? run("generate", "", ["--events", flag("events", "1000000")]) : undefined
    let naiveImport: Record<string, number> | undefined, imported: Record<string, number> | undefined
    let naiveReplay: Record<string, number> | undefined, kpis: Record<string, number> | undefined
    for (let round = 0; round < rounds; round++) {
      const naive = join(dir, `naive-${round}.sqlite`)
      // Alternating, so that whatever else the machine is doing weighs on both sides alike.
      if (!postgres) naiveImport = best(naiveImport, run("naive-import", "", ["--naive", naive]))
      imported = best(imported, run("import", storeOf(round)))
      if (!postgres) naiveReplay = best(naiveReplay, run("naive-replay", "", ["--naive", naive]))
      kpis = best(kpis, run("kpis", storeOf(round), ["--events", String(imported["events"])]))
    }
    const rate = (r: Record<string, number>) => Math.round(r["eventsPerSecond"]!).toLocaleString("en-US").padStart(11)
    const cpu = (r: Record<string, number>) => r["cpuSeconds"] === undefined ? "" : `  CPU ${r["cpuSeconds"].toFixed(2).padStart(6)} s`
    const row = (label: string, r: Record<string, number>, beside: string) =>
      `${label.padEnd(12)} ${String(r["events"] ?? r["eventsScanned"]).padStart(9)} events  ${r["seconds"]!.toFixed(2).padStart(7)} s  ${rate(r)} events/s  peak RSS ${String(r["peakRssMb"]).padStart(5)} MiB${cpu(r)}   ${beside}`
    const ratio = (r: Record<string, number>, reference: Record<string, number>) => (r["eventsPerSecond"]! / reference["eventsPerSecond"]!).toFixed(2)
    // The same ratio in CPU seconds (all threads): what a machine busy with other work leaves of the comparison.
    const cpuRatio = (r: Record<string, number>, reference: Record<string, number>) => `(by CPU ${(reference["cpuSeconds"]! / r["cpuSeconds"]!).toFixed(2)} ×)`
    console.log(generated !== undefined
      ? `ledger: generated, ${generated["events"]} events, ${generated["projects"]} projects, ${(generated["bytes"]! / 1e6).toFixed(0)} MB JSONL (in ${generated["seconds"]!.toFixed(1)} s)`
      : `ledger: ${file}, ${imported!["events"]} events, ${(statSync(file).size / 1e6).toFixed(0)} MB${file.endsWith(".gz") ? " gzipped" : ""}`)
    console.log(`store: ${postgres ? PostgresEventStore.redactUrl(requested) : "SQLite file"}${rounds > 1 ? `; best of ${rounds} rounds` : ""}`)
    if (postgres) {
      console.log(row("import", imported!, "target ≥ 150,000 events/s"))
      console.log(row("kpi replay", kpis!, "target ≥ 500,000 events/s"))
    } else {
      console.log(row("naive import", naiveImport!, "reference: JSON.parse, one INSERT per row, unique event-id index, one transaction"))
      console.log(row("import", imported!, `${ratio(imported!, naiveImport!)} × naive import ${cpuRatio(imported!, naiveImport!)}   target ≥ 1.00 ×`))
      console.log(row("naive read", naiveReplay!, "reference: every row read, its data JSON.parsed"))
      console.log(row("kpi replay", kpis!, `${ratio(kpis!, naiveReplay!)} × naive read ${cpuRatio(kpis!, naiveReplay!)}     target ≥ 2.00 ×`))
    }
    console.log(`KPIs 2023 as of 2023-09-30, known now: ${kpis!["projects"]} projects, start rate ${(kpis!["startRate"]! * 100).toFixed(1)}%, completed ${kpis!["completedInvestmentYi"]!.toFixed(1)} 亿元`)
    if (postgres) {
      const appends = await runClients(storeOf(0), 8)
      console.log(`single appends, 8 clients × ${appends.seconds} s (3 events each, expected version): ${Math.round(appends.ok! / appends.seconds!).toLocaleString("en-US")} appends/s acknowledged, ${Math.round(appends.conflicts! / appends.seconds!).toLocaleString("en-US")}/s rejected as version conflicts`)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
    if (postgres) {
      for (let round = 0; round < rounds; round++) {
        spawnSync("psql", [requested.replace(/[?].*$/, ""), "-qc", `DROP SCHEMA IF EXISTS "${benchSchema}_${round}" CASCADE`], { stdio: "ignore" })
      }
    }
  }
}
