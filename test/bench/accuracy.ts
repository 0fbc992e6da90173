/**
 * `pnpm bench:accuracy`: forecasts on ledgers Groundbreak did not write.
 * For every city in the worlds folder (default `../shared/worlds` from the
 * repository root), imports `events.jsonl.gz` into a fresh in-memory store,
 * forecasts year-end 2023 on 30 June and 30 September (2,000 paths, seed 1,
 * knowing what was known at the end of that day) and scores every method
 * against `truth.json`'s year end: absolute percentage error (investment) or
 * absolute error in points (start rate), bias, P10–P90 coverage, CRPS and
 * skill against run-rate; for September also the floor in `truth.json`
 * (`bestPossibleAtSep30`, re-simulated from the true state: no forecaster
 * reaches it). A benchmark to read, not a test.
 *
 *   pnpm bench:accuracy [--worlds DIR] [--cities city-501,city-502] [--check-cut] [--json FILE]
 *
 * `--check-cut` also forecasts from a second store that only ever received
 * the events known at each cut, and reports whether every figure is equal.
 */
import { writeFileSync } from "node:fs"
import * as PracticeCities from "./PracticeCities.ts"
import { Effect, Result } from "effect"
import { Calendar, KnowledgeCut } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Accuracy, Forecast, Methods } from "@groundbreak/forecast"

const onlyCities = PracticeCities.argument("--cities")?.split(",")
const checkCut = process.argv.includes("--check-cut")
const jsonOut = PracticeCities.argument("--json")

const year = 2023
const paths = 2000
const seed = 1
const cuts = [
  { label: "Sep", asOf: "2023-09-30", knownAt: "2023-09-30T23:59:59+08:00" },
  { label: "Jun", asOf: "2023-06-30", knownAt: "2023-06-30T23:59:59+08:00" }
] as const

interface Truth {
  readonly yearEnd: { readonly completedInvestment: number; readonly startRate: number }
  readonly bestPossibleAtSep30?: { readonly investment: { readonly p10: number; readonly p50: number; readonly p90: number } }
}

/** One method's forecast of one metric: a point, maybe an interval and samples. */
interface MethodForecast {
  readonly point: number
  readonly p10?: number
  readonly p90?: number
  readonly samples?: ArrayLike<number>
}

type Metric = "investment" | "startRate"
type Forecasts = Record<Metric, Record<string, MethodForecast | null>>

/** Every method a forecast reports, by name (the headline first). */
const methodsOf = (output: Forecast.ForecastOutput): Forecasts => {
  const { result, outcomes } = output
  const simulation = (d: { p10: number | null; p50: number | null; p90: number | null }, samples: Float64Array): MethodForecast | null =>
    d.p50 === null ? null : { point: d.p50, p10: d.p10!, p90: d.p90!, samples }
  const point = (v: number | null): MethodForecast | null => (v === null ? null : { point: v })
  const m = result.methods
  return {
    investment: {
      // The headline: the combination where it beat the simulation in the forecast's own backtests.
      headline: result.combined.headline
        ? simulation(result.combined.investment, output.combinedInvestment)
        : simulation(result.investment, outcomes.investment),
      combined: simulation(result.combined.investment, output.combinedInvestment),
      simulation: simulation(result.investment, outcomes.investment),
      ...Object.fromEntries(Methods.simpleNames.map((name) => [name, point(m[name].investment)]))
    },
    startRate: {
      simulation: simulation(result.startRate, outcomes.startRate),
      ...Object.fromEntries(Methods.simpleNames.map((name) => [name, point(m[name].startRate)]))
    }
  }
}

const forecastOn = (lines: ReadonlyArray<string>, cut: (typeof cuts)[number]) =>
  Effect.gen(function*() {
    yield* LedgerImport.importLedger("city", lines)
    return yield* Forecast.forecast({ scenario: Forecast.baseline(year, cut.asOf), year, asOf: cut.asOf, knownAt: Result.getOrThrow(KnowledgeCut.parse(cut.knownAt)), paths, seed })
  }).pipe(Effect.provide(MemoryEventStore.layer))

interface Row {
  readonly city: string
  readonly cut: string
  readonly metric: Metric
  readonly method: string
  readonly actual: number
  readonly point: number
  readonly p10?: number
  readonly p90?: number
  readonly crps: number
}

const rows: Array<Row> = []
const cities = PracticeCities.cityNames("bench:accuracy", onlyCities)
const started = performance.now()
const lookAhead: Array<string> = []
for (const city of cities) {
  const truth = PracticeCities.truthOf<Truth>(city)
  const lines = PracticeCities.ledgerLines(city)
  const actual: Record<Metric, number> = { investment: truth.yearEnd.completedInvestment, startRate: truth.yearEnd.startRate }
  for (const cut of cuts) {
    const output = await Effect.runPromise(forecastOn(lines, cut))
    const forecasts = methodsOf(output)
    for (const metric of ["investment", "startRate"] as const) {
      for (const [method, f] of Object.entries(forecasts[metric])) {
        if (f === null) continue
        rows.push({
          city, cut: cut.label, metric, method, actual: actual[metric], point: f.point,
          ...(f.p10 === undefined ? {} : { p10: f.p10, p90: f.p90! }),
          crps: f.samples === undefined ? Math.abs(f.point - actual[metric]) : Accuracy.crps(f.samples, actual[metric])
        })
      }
    }
    const floor = truth.bestPossibleAtSep30?.investment
    if (cut.label === "Sep" && floor !== undefined) {
      // Only three quantiles are given: CRPS of a normal with that median and spread.
      const sigma = (floor.p90 - floor.p10) / (2 * 1.2815515655446004)
      rows.push({
        city, cut: cut.label, metric: "investment", method: "floor", actual: actual.investment, point: floor.p50,
        p10: floor.p10, p90: floor.p90, crps: Accuracy.crpsNormal(floor.p50, sigma, actual.investment)
      })
    }
    if (checkCut) {
      const knownBy = Calendar.parseKnowledgeCut(cut.knownAt)!
      const known = lines.filter((line) => Date.parse((JSON.parse(line) as { knownAt: string }).knownAt) <= knownBy)
      const cutOutput = await Effect.runPromise(forecastOn(known, cut))
      const same = JSON.stringify(cutOutput.result) === JSON.stringify(output.result) &&
        JSON.stringify(Array.from(cutOutput.outcomes.investment)) === JSON.stringify(Array.from(output.outcomes.investment)) &&
        JSON.stringify(Array.from(cutOutput.outcomes.startRate)) === JSON.stringify(Array.from(output.outcomes.startRate))
      if (!same) lookAhead.push(`${city} ${cut.label}`)
    }
  }
  process.stderr.write(`${city} done (${((performance.now() - started) / 1000).toFixed(0)} s)\n`)
}

// ---- the tables ---------------------------------------------------------------------------------------------------

const mean = (xs: ReadonlyArray<number>) => xs.reduce((a, b) => a + b, 0) / xs.length
const pct = (x: number) => `${(x * 100).toFixed(1)}%`
const signedPct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`
const pts = (x: number) => (x * 100).toFixed(2)
const signedPts = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(2)}`

/** Error as shown: relative for investment, in points for the start rate. */
const errorOf = (r: Row) => (r.metric === "investment" ? (r.point - r.actual) / r.actual : r.point - r.actual)
const covered = (r: Row) => r.p10 !== undefined && r.p10 <= r.actual && r.actual <= r.p90!
/** How far outside its interval the actual is, in half-widths (0 when inside). */
const missInHalfWidths = (r: Row) => {
  if (r.p10 === undefined) return 0
  const half = Math.max(1e-12, (r.p90! - r.p10) / 2)
  return r.actual < r.p10 ? (r.p10 - r.actual) / half : r.actual > r.p90! ? (r.actual - r.p90!) / half : 0
}
const crpsShown = (r: Row) => (r.metric === "investment" ? r.crps / r.actual : r.crps)

const pad = (s: string, n: number) => s.padStart(n)
const summaryTable = (metric: Metric, cutLabel: string) => {
  const these = rows.filter((r) => r.metric === metric && r.cut === cutLabel)
  const methodNames = [...new Set(these.map((r) => r.method))]
  const reference = new Map(these.filter((r) => r.method === "runRate").map((r) => [r.city, r.crps]))
  const head = metric === "investment" ? "MAPE" : "MAE pt"
  const lines = [
    `${metric === "investment" ? "year-end investment" : "start rate"}, ${cutLabel} (${cities.length} cities)`,
    `  ${"method".padEnd(14)}${pad(head, 8)}${pad("bias", 8)}${pad("maxErr", 8)}${pad("cover", 7)}${pad("maxMiss", 8)}${pad(metric === "investment" ? "CRPS%" : "CRPSpt", 8)}${pad("skill", 7)}`
  ]
  for (const method of methodNames) {
    const mine = these.filter((r) => r.method === method)
    const errors = mine.map(errorOf)
    const withInterval = mine.filter((r) => r.p10 !== undefined)
    const fmt = metric === "investment" ? pct : pts
    const skill = Accuracy.skill(mean(mine.map((r) => r.crps)), mean(mine.map((r) => reference.get(r.city) ?? NaN)))
    lines.push(
      `  ${method.padEnd(14)}${pad(fmt(mean(errors.map(Math.abs))), 8)}${pad((metric === "investment" ? signedPct : signedPts)(mean(errors)), 8)}` +
        `${pad(fmt(Math.max(...errors.map(Math.abs))), 8)}` +
        `${pad(withInterval.length === 0 ? "—" : `${withInterval.filter(covered).length}/${withInterval.length}`, 7)}` +
        `${pad(withInterval.length === 0 ? "—" : Math.max(...withInterval.map(missInHalfWidths)).toFixed(2), 8)}` +
        `${pad((metric === "investment" ? pct : pts)(mean(mine.map(crpsShown))), 8)}${pad(Number.isFinite(skill) ? skill.toFixed(2) : "—", 7)}`
    )
  }
  return lines.join("\n")
}

const perCityTable = (metric: Metric, cutLabel: string) => {
  const these = rows.filter((r) => r.metric === metric && r.cut === cutLabel)
  const methodNames = [...new Set(these.map((r) => r.method))]
  const fmt = metric === "investment" ? signedPct : signedPts
  const lines = [
    `per city, ${metric === "investment" ? "investment error %" : "start-rate error (points)"}, ${cutLabel}; * = outside P10–P90`,
    `  ${"city".padEnd(9)}${pad("actual", 9)}${methodNames.map((m) => pad(m.slice(0, 9), 10)).join("")}`
  ]
  for (const city of cities) {
    const mine = these.filter((r) => r.city === city)
    if (mine.length === 0) continue
    const actual = mine[0]!.actual
    lines.push(
      `  ${city.padEnd(9)}${pad(metric === "investment" ? `${(actual / 1e4).toFixed(1)}亿` : pts(actual), 9)}` +
        methodNames.map((m) => {
          const r = mine.find((x) => x.method === m)
          return pad(r === undefined ? "—" : `${fmt(errorOf(r))}${r.p10 !== undefined && !covered(r) ? "*" : " "}`, 10)
        }).join("")
    )
  }
  return lines.join("\n")
}

console.log(`bench:accuracy — ${PracticeCities.worldsDir}, year ${year}, ${paths} paths, seed ${seed}; ${((performance.now() - started) / 1000).toFixed(0)} s`)
for (const cut of cuts) {
  for (const metric of ["investment", "startRate"] as const) {
    console.log("")
    console.log(summaryTable(metric, cut.label))
  }
}
for (const cut of cuts) {
  for (const metric of ["investment", "startRate"] as const) {
    console.log("")
    console.log(perCityTable(metric, cut.label))
  }
}
if (checkCut) {
  console.log("")
  console.log(lookAhead.length === 0
    ? `no look-ahead: every forecast equals the one from a store holding only what was known at its cut (${cities.length} cities × ${cuts.length} cuts)`
    : `LOOK-AHEAD: forecasts differ from the cut store's for ${lookAhead.join(", ")}`)
}
if (jsonOut !== undefined) writeFileSync(jsonOut, JSON.stringify(rows, null, 1))
