/**
 * `pnpm bench:tables`: a district's monthly table (about 2,000 rows) imported
 * into a SQLite store holding about 1,000,000 events, and that table
 * exported again. Each phase runs in its own process so its peak memory is
 * its own; each prints a reference measured in the same run beside it
 * (reading the same xlsx with exceljs alone; the store's KPI replay).
 *
 *   pnpm bench:tables [--events N]
 */
import { spawnSync } from "node:child_process"
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import ExcelJS from "exceljs"
import { Calendar, KnowledgeCut, ProjectEvent } from "@groundbreak/domain"
import { MemoryEventStore, SqliteEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Kpis, Replay } from "@groundbreak/indicators"
import { LedgerGenerator } from "@groundbreak/synth"
import { TableExport, TableImport, TableModel, Workbook } from "@groundbreak/tables"

const args = process.argv.slice(2)
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1]! : fallback
}
const peakMb = () => Math.round(process.resourceUsage().maxRSS / 1024)
const seconds = (since: number) => (performance.now() - since) / 1000

/** The store knows the city up to mid-September; the table is September's, reported on 7 October. */
const storeUntil = "2023-09-15"
const district = "海州区"
const asOf = Calendar.parseDate("2023-09-30")!
const reportedAt = Calendar.parseKnowledgeCut("2023-10-07")!

const phases: Record<string, () => Promise<void>> = {
  /** The city's ledger as known on `storeUntil`, and the whole ledger of one district's projects (for its table). */
  async generate() {
    const ledger = createWriteStream(flag("ledger", "")), own = createWriteStream(flag("district-ledger", ""))
    const newPerYear = Math.max(1, Math.round(Number(flag("events", "1000000")) / 100))
    let n = 0, inDistrict = false
    const write = async (out: NodeJS.WritableStream, line: string) => {
      if (!out.write(line)) await new Promise<void>((r) => out.once("drain", () => r()))
    }
    for (const e of LedgerGenerator.generateLedger({ seed: 20_231_231, prefix: "CN", firstYear: 2019, lastYear: 2023, newPerYear, until: "2023-10-31", withdrawals: 0.05 })) {
      if (e.type === "ProjectSigned") inDistrict = e.data.district === district
      const line = ProjectEvent.toJsonLine(e) + "\n"
      if (e.knownAt.slice(0, 10) <= storeUntil) {
        await write(ledger, line)
        n++
      }
      if (inDistrict) await write(own, line)
    }
    await Promise.all([ledger, own].map((s) => new Promise<void>((r) => s.end(() => r()))))
    console.log(JSON.stringify({ events: n }))
  },
  async import() {
    const started = performance.now()
    const summary = await Effect.runPromise(LedgerImport.importLedger("ledger", () => createReadStream(flag("ledger", ""), { highWaterMark: 1 << 20 })).pipe(
      Effect.provide(SqliteEventStore.layer({ path: flag("store", "") }))
    ))
    console.log(JSON.stringify({ events: summary.appended, seconds: seconds(started) }))
  },
  /** The district's September table, from its own ledger, as it will be reported. */
  async table() {
    const bytes = await Effect.runPromise(Effect.gen(function*() {
      yield* LedgerImport.importLedger("district", readFileSync(flag("district-ledger", ""), "utf8").split("\n"))
      const model = yield* TableModel.load(2023, asOf, reportedAt, district)
      return yield* Effect.promise(() => TableExport.toXlsx(model, "zh"))
    }).pipe(Effect.provide(MemoryEventStore.layer)))
    writeFileSync(flag("table", ""), bytes)
    console.log(JSON.stringify({ bytes: bytes.length }))
  },
  /** Reading the file with exceljs alone (the reference), then the whole table import. */
  async importTable() {
    const file = flag("table", "")
    let started = performance.now()
    const plain = new ExcelJS.Workbook()
    await plain.xlsx.readFile(file)
    const plainSeconds = seconds(started)
    const rows = plain.worksheets[0]!.rowCount
    started = performance.now()
    const summary = await Effect.runPromise(TableImport.importFile(file, { period: 202309, reportedAt, scope: "districts" }).pipe(
      Effect.provide(SqliteEventStore.layer({ path: flag("store", "") }))
    ))
    console.log(JSON.stringify({ plainSeconds, sheetRows: rows, seconds: seconds(started), rows: summary.rows, appended: summary.appended, peakRssMb: peakMb() }))
  },
  /** The store's KPI replay (the reference), then the district's table exported from the store. */
  async exportTable() {
    const layer = SqliteEventStore.layer({ path: flag("store", "") })
    let started = performance.now()
    await Effect.runPromise(Effect.map(Replay.portfolioKnownAt(KnowledgeCut.ofInstant(reportedAt)), (p) => Kpis.compute(p.projects.values(), { year: 2023, asOf })).pipe(Effect.provide(layer)))
    const replaySeconds = seconds(started)
    started = performance.now()
    const model = await Effect.runPromise(TableModel.load(2023, asOf, reportedAt, district).pipe(Effect.provide(layer)))
    const modelSeconds = seconds(started)
    started = performance.now()
    const bytes = await TableExport.toXlsx(model, "zh")
    const xlsxSeconds = seconds(started)
    started = performance.now()
    TableExport.toCsv(model, "zh")
    const csvSeconds = seconds(started)
    const rows = model.counties.reduce((a, c) => a + c.rows.length, 0)
    console.log(JSON.stringify({ replaySeconds, modelSeconds, xlsxSeconds, csvSeconds, rows, bytes: bytes.length, peakRssMb: peakMb() }))
  }
}

const phase = flag("phase", "")
if (phase) {
  await phases[phase]!()
} else {
  const dir = mkdtempSync(join(tmpdir(), "groundbreak-bench-tables-"))
  const files = ["--ledger", join(dir, "ledger.jsonl"), "--district-ledger", join(dir, "district.jsonl"), "--store", join(dir, "store.sqlite"), "--table", join(dir, "table.xlsx")]
  const run = (name: string) => {
    const child = spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", "--max-old-space-size=4096", import.meta.filename, "--phase", name, ...files, "--events", flag("events", "1000000")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 1 << 24
    })
    if (child.status !== 0) throw new Error(`phase ${name} failed`)
    return JSON.parse(child.stdout.trim().split("\n").pop()!) as Record<string, number>
  }
  try {
    const generated = run("generate")
    const imported = run("import")
    run("table")
    const i = run("importTable")
    const e = run("exportTable")
    console.log(`store: SQLite, ${imported["events"]!.toLocaleString("en-US")} events (${generated["events"]!.toLocaleString("en-US")} generated, imported in ${imported["seconds"]!.toFixed(1)} s)`)
    console.log(`table import  ${district} September, ${i["rows"]} project rows: ${i["seconds"]!.toFixed(2)} s, ${i["appended"]} events appended, peak RSS ${i["peakRssMb"]} MiB`)
    console.log(`  reference   exceljs reading the same file alone (${i["sheetRows"]} sheet rows): ${i["plainSeconds"]!.toFixed(2)} s`)
    console.log(`table export  the same table from the store: ${(e["modelSeconds"]! + e["xlsxSeconds"]!).toFixed(2)} s (replay and names ${e["modelSeconds"]!.toFixed(2)} s, xlsx ${e["xlsxSeconds"]!.toFixed(2)} s; CSV ${e["csvSeconds"]!.toFixed(2)} s), ${e["rows"]} rows, peak RSS ${e["peakRssMb"]} MiB`)
    console.log(`  reference   the store's KPI replay at the same cut: ${e["replaySeconds"]!.toFixed(2)} s`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
