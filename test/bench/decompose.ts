/**
 * `pnpm bench:decompose`: where the September forecast's error on the
 * practice cities comes from. For each city, the forecast of 30 September
 * 2023 is re-run with the truth swapped in for one part at a time (and for
 * all parts together): September's investment, not yet reported on the day;
 * the starts still to come; the commissionings that end the spending; the
 * model-error step (removed). What is left once every swap is made is the
 * pace and seasonality of the work in the last months, shown month by month
 * against the actual figures. A one-off analysis, not a test.
 *
 *   pnpm bench:decompose [--worlds DIR] [--asof 2023-09-30]
 */
import * as PracticeCities from "./PracticeCities.ts"
import { Effect, Result } from "effect"
import { Calendar, KnowledgeCut } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Estimation, Forecast, CompiledPlan, Simulator } from "@groundbreak/forecast"
import { Replay } from "@groundbreak/indicators"

const asOf = PracticeCities.argument("--asof") ?? "2023-09-30"
const year = 2023, paths = 2000, seed = 1

const median = (xs: Float64Array) => {
  const s = Float64Array.from(xs).sort()
  return s[Math.floor(s.length / 2)]!
}
const monthlyMeans = (monthly: Float64Array) => {
  const means = new Float64Array(13)
  const n = monthly.length / 12
  for (let p = 0; p < n; p++) for (let m = 1; m <= 12; m++) means[m]! += monthly[p * 12 + m - 1]! / n
  return means
}

const cities = PracticeCities.cityNames("bench:decompose")
const rows: Array<Record<string, number | string>> = []
for (const city of cities) {
  const truth = PracticeCities.truthOf<{ yearEnd: { completedInvestment: number } }>(city)
  const lines = PracticeCities.ledgerLines(city)
  const { output, everything } = await Effect.runPromise(Effect.gen(function*() {
    yield* LedgerImport.importLedger("city", lines)
    const output = yield* Forecast.forecast({ scenario: Forecast.baseline(year, asOf), year, asOf, knownAt: Result.getOrThrow(KnowledgeCut.parse(asOf)), paths, seed })
    const everything = yield* Replay.portfolioKnownAt(KnowledgeCut.everything)
    return { output, everything }
  }).pipe(Effect.provide(MemoryEventStore.layer)))
  const { compiled, model, prepared } = output
  const a = compiled.asOfMonth
  const actual = truth.yearEnd.completedInvestment
  // The truth of each plan project: start and commissioning month in the year, investment by month.
  const rel = (day: number | undefined) => {
    if (day === undefined) return CompiledPlan.NEVER
    const yyyymm = Calendar.monthOfDay(day)
    return Math.floor(yyyymm / 100) < year ? 0 : Math.floor(yyyymm / 100) > year ? CompiledPlan.NEVER : yyyymm % 100
  }
  const actualMonthly = new Float64Array(13)
  const trueStart = new Int32Array(compiled.count), trueCommission = new Int32Array(compiled.count), trueMonth = new Float64Array(compiled.count * 13)
  compiled.projectIds.forEach((id, i) => {
    const f = everything.projects.get(id)!
    trueStart[i] = rel(f.startedOn)
    trueCommission[i] = rel(f.commissionedOn)
    for (const [period, r] of f.investment) {
      if (Math.floor(period / 100) !== year) continue
      trueMonth[i * 13 + (period % 100)] = r.amount
      actualMonthly[period % 100]! += r.amount
    }
  })
  const variant = (swap: { september?: boolean; starts?: boolean; commissionings?: boolean; noError?: boolean }) => {
    const c = {
      ...compiled,
      startMonth: Int32Array.from(compiled.startMonth),
      signed: Uint8Array.from(compiled.signed),
      commissionedMonth: Int32Array.from(compiled.commissionedMonth),
      known: Float64Array.from(compiled.known),
      lastKnown: Int32Array.from(compiled.lastKnown),
      remaining: Float64Array.from(compiled.remaining)
    }
    for (let i = 0; i < c.count; i++) {
      if (swap.september) {
        // Every month through D as finally reported.
        let known = 0
        for (let m = 1; m <= a; m++) known += trueMonth[i * 13 + m]!
        c.known[i] = known
        // What is left of the budget falls by what the true reports add.
        c.remaining[i] = compiled.remaining[i]! - (known - compiled.known[i]!)
        c.lastKnown[i] = Math.max(c.lastKnown[i]!, ...Array.from({ length: a }, (_, k) => (trueMonth[i * 13 + k + 1]! > 0 ? k + 1 : 0)))
      }
      if (swap.starts && c.startMonth[i] === CompiledPlan.NEVER) {
        if (trueStart[i]! > a && trueStart[i]! <= 12) c.startMonth[i] = trueStart[i]!
        else c.signed[i] = 0
      }
      if (swap.commissionings && c.commissionedMonth[i] === CompiledPlan.NEVER && trueCommission[i]! > a && trueCommission[i]! <= 12) {
        c.commissionedMonth[i] = trueCommission[i]!
      }
    }
    const m: Estimation.Model = swap.noError ? { ...model, error: Estimation.noError } : model
    const out = Simulator.run(c, m, prepared, 0, paths)
    return { p50: median(out.investment), monthly: monthlyMeans(out.monthlyInvestment) }
  }
  const base = variant({})
  const err = (v: { p50: number }) => (v.p50 - actual) / actual
  const all = variant({ september: true, starts: true, commissionings: true, noError: true })
  const allButError = variant({ september: true, starts: true, commissionings: true })
  const row: Record<string, number | string> = {
    city,
    bias: model.error.bias,
    sigma: model.error.sigma,
    base: err(base),
    noError: err(variant({ noError: true })),
    september: err(variant({ september: true })),
    starts: err(variant({ starts: true })),
    commissionings: err(variant({ commissionings: true })),
    allButError: err(allButError),
    all: err(all)
  }
  // The unreported month and the months to come, simulated (baseline) against the actual.
  for (let m = a; m <= 12; m++) row[`m${m}`] = base.monthly[m]! / actualMonthly[m]! - 1
  for (let m = a + 1; m <= 12; m++) row[`all m${m}`] = all.monthly[m]! / actualMonthly[m]! - 1
  // Where the model expected this year to be by D, from its history: actual Jan…(a−1) vs seasonal share of last year's total.
  rows.push(row)
  process.stderr.write(`${city} done\n`)
}
const keys = Object.keys(rows[0]!)
const fmt = (v: number | string) => (typeof v === "string" ? v : `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)}%`)
console.log(`decomposition of the simulation's P50 error at ${asOf} (error = P50 / actual − 1; each column swaps the truth in for one part)`)
console.log(keys.map((k) => k.padStart(k === "city" ? 9 : 9)).join(""))
for (const r of rows) console.log(keys.map((k) => fmt(r[k]!).padStart(9)).join(""))
const meanOf = (k: string, abs: boolean) => rows.reduce((s, r) => s + (abs ? Math.abs(r[k] as number) : (r[k] as number)), 0) / rows.length
console.log(["mean".padStart(9), ...keys.slice(1).map((k) => fmt(meanOf(k, false)).padStart(9))].join(""))
console.log(["mean |x|".padStart(9), ...keys.slice(1).map((k) => fmt(meanOf(k, true)).padStart(9))].join(""))
