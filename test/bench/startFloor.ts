/**
 * `pnpm bench:start-floor`: how close the start-rate forecast can get on the
 * practice cities. For each city, standing on 30 September (or 30 June)
 * 2023 with what was known then, it compares the simulation's expected count
 * of remaining starts (the sum of each waiting new project's probability of
 * starting by 31 December) with the true count, and computes the noise
 * floor: the mean absolute error, in points of the start rate, of a
 * forecaster that knows every waiting project's probability exactly and
 * forecasts the median of the Poisson-binomial count. Two sets of
 * probabilities are tried: the model's own, and "lateness" ones (the share
 * of waiting projects of the same lateness, months from the planned start to
 * the cut, that started by year end in the earlier years of all twelve
 * cities: an oracle no single city's forecaster has, used only to bound the
 * floor). A one-off analysis, not a test.
 *
 * With `--asof` in an earlier year (2021, 2022), the same for that year,
 * its year end taken from the ledger as known today: a backtest with more
 * origins than the twelve cities' 2023.
 *
 *   pnpm bench:start-floor [--worlds DIR] [--asof 2023-09-30]
 */
import * as PracticeCities from "./PracticeCities.ts"
import { Effect, Result } from "effect"
import { Calendar, KnowledgeCut, type ProjectFacts } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { CompiledPlan, CounterRandom, Forecast } from "@groundbreak/forecast"
import { Replay } from "@groundbreak/indicators"

const asOf = PracticeCities.argument("--asof") ?? "2023-09-30"
const year = Number(asOf.slice(0, 4)), paths = 2000, seed = 1

/** The distribution of a sum of independent Bernoulli(p_i) (Poisson-binomial), by dynamic programming. */
const poissonBinomial = (ps: ReadonlyArray<number>): Float64Array => {
  let dist = new Float64Array([1])
  for (const p of ps) {
    const next = new Float64Array(dist.length + 1)
    for (let k = 0; k < dist.length; k++) {
      next[k]! += dist[k]! * (1 - p)
      next[k + 1]! += dist[k]! * p
    }
    dist = next
  }
  return dist
}
/** E|X − median X| of a distribution over 0…n. */
const meanAbsAroundMedian = (dist: Float64Array): number => {
  let c = 0, median = 0
  for (let k = 0; k < dist.length; k++) if ((c += dist[k]!) >= 0.5) { median = k; break }
  let sum = 0
  for (let k = 0; k < dist.length; k++) sum += dist[k]! * Math.abs(k - median)
  return sum
}

const monthOf = (day: number) => {
  const yyyymm = Calendar.monthOfDay(day)
  return Math.floor(yyyymm / 100) * 12 + (yyyymm % 100) - 1
}
const abs = (yyyymm: number) => Math.floor(yyyymm / 100) * 12 + (yyyymm % 100) - 1

interface Waiting {
  readonly lateness: number
  readonly pModel: number
  readonly startedByYearEnd: boolean
}
interface CityRow {
  readonly city: string
  readonly newProjects: number
  readonly startedAtCut: number
  readonly waiting: ReadonlyArray<Waiting>
  /** Started by 31 December, of the plan's new projects (the ledger as known today). */
  readonly trueYearEnd: number
  readonly simulatedP50: number
}

/**
 * Waiting new projects of the plan of `y` at the cut of that year (`known`: the facts as known then), each with
 * whether it started by that year's end (`later`: every fact known).
 */
const waitingOf = (known: ReadonlyArray<ProjectFacts.ProjectFacts>, later: ReadonlyMap<string, ProjectFacts.ProjectFacts>, y: number, cutDay: number) => {
  const out: Array<{ lateness: number; started: boolean }> = []
  for (const f of known) {
    const plan = f.plans.get(y)
    if (plan === undefined || !plan.isNew || plan.plannedStart === 0) continue
    if ((f.startedOn !== undefined && f.startedOn <= cutDay) || (f.cancelledOn !== undefined && f.cancelledOn <= cutDay)) continue
    const startedOn = later.get(f.projectId)?.startedOn
    out.push({ lateness: monthOf(cutDay) - abs(plan.plannedStart), started: startedOn !== undefined && monthOf(startedOn) <= y * 12 + 11 })
  }
  return out
}

const cities = PracticeCities.cityNames("bench:start-floor")
const rows: Array<CityRow> = []
const history = new Map<number, { n: number; started: number }>()
const bucket = (lateness: number) => Math.max(-3, Math.min(9, lateness))
for (const city of cities) {
  const lines = PracticeCities.ledgerLines(city)
  const knownAt = Result.getOrThrow(KnowledgeCut.parse(`${asOf}T23:59:59+08:00`))
  const { output, all } = await Effect.runPromise(Effect.gen(function*() {
    yield* LedgerImport.importLedger("city", lines)
    const output = yield* Forecast.forecast({ scenario: Forecast.baseline(year, asOf), year, asOf, knownAt, paths, seed, risk: true })
    const all = yield* Replay.history(KnowledgeCut.everything)
    return { output, all }
  }).pipe(Effect.provide(MemoryEventStore.layer)))
  const everything = new Map(all.facts.map((f) => [f.projectId, f]))
  const { compiled, risk } = output
  const waiting: Array<Waiting> = []
  let newProjects = 0, startedAtCut = 0, trueYearEnd = 0
  compiled.projectIds.forEach((id, i) => {
    if (compiled.isNew[i] !== 1) return
    newProjects++
    const f = everything.get(id)!
    if (f.startedOn !== undefined && Calendar.yearOfDay(f.startedOn) <= year) trueYearEnd++
    if (compiled.startMonth[i] !== CompiledPlan.NEVER) return startedAtCut++
    if (compiled.cancelled[i] === 1) return
    waiting.push({
      lateness: compiled.asOfMonth - compiled.plannedStart[i]!,
      pModel: risk![i]!.pStart!,
      startedByYearEnd: f.startedOn !== undefined && Calendar.yearOfDay(f.startedOn) === year
    })
  })
  rows.push({
    city, newProjects, startedAtCut, waiting, trueYearEnd, simulatedP50: output.result.startRate.p50!
  })
  // The other years of this city, for the lateness oracle.
  for (const y of [2021, 2022, 2023].filter((y) => y !== year)) {
    const cutDay = Calendar.parseDate(`${y}${asOf.slice(4)}`)!
    const then = all.at(Result.getOrThrow(KnowledgeCut.parse(`${y}${asOf.slice(4)}T23:59:59+08:00`)))
    for (const w of waitingOf(then.facts, everything, y, cutDay)) {
      const b = history.get(bucket(w.lateness)) ?? { n: 0, started: 0 }
      history.set(bucket(w.lateness), { n: b.n + 1, started: b.started + (w.started ? 1 : 0) })
    }
  }
  process.stderr.write(`${city} done\n`)
}

const oracle = (lateness: number) => {
  const b = history.get(bucket(lateness))
  return b === undefined ? 0.5 : (b.started + 0.5) / (b.n + 1)
}
const pt = (x: number) => (x * 100).toFixed(2)
console.log(`start-rate noise floor, ${asOf} (${cities.length} cities, ${paths} paths, seed ${seed})`)
console.log(`  expected remaining starts (Σ p) against the true remaining starts; floors are E|X − median| / new projects, in points`)
console.log(`  city      new start@cut wait  trueRem  modelΣp  lateΣp | simErr  floorModel floorLate  logLoss`)
let sumSim = 0, sumFloorModel = 0, sumFloorLate = 0, sumExpected = 0, logLoss = 0, waitingAll = 0
/** Per city, the Poisson-binomial of the remaining starts under the model's probabilities, and its median. */
const worlds: Array<{ readonly cdf: Float64Array; readonly median: number; readonly newProjects: number }> = []
for (const r of rows) {
  const trueRemaining = r.waiting.filter((w) => w.startedByYearEnd).length
  const pm = r.waiting.map((w) => w.pModel), pl = r.waiting.map((w) => oracle(w.lateness))
  const modelDist = poissonBinomial(pm)
  const floorModel = meanAbsAroundMedian(modelDist) / r.newProjects
  const cdf = new Float64Array(modelDist.length)
  modelDist.reduce((a, p, k) => (cdf[k] = a + p), 0)
  worlds.push({ cdf, median: cdf.findIndex((c) => c >= 0.5), newProjects: r.newProjects })
  const floorLate = meanAbsAroundMedian(poissonBinomial(pl)) / r.newProjects
  const simErr = Math.abs(r.simulatedP50 - r.trueYearEnd / r.newProjects)
  // Mean Bernoulli log loss of the model's probabilities (floored at one path in 2,000).
  const loss = r.waiting.reduce((a, w) => a - Math.log(Math.max(1 / paths, w.startedByYearEnd ? w.pModel : 1 - w.pModel)), 0)
  sumSim += simErr, sumFloorModel += floorModel, sumFloorLate += floorLate, logLoss += loss, waitingAll += r.waiting.length
  sumExpected += Math.abs(pm.reduce((a, b) => a + b, 0) - trueRemaining) / r.newProjects
  console.log(
    `  ${r.city.padEnd(9)}${String(r.newProjects).padStart(4)}${String(r.startedAtCut).padStart(10)}${String(r.waiting.length).padStart(5)}` +
      `${String(trueRemaining).padStart(9)}${pm.reduce((a, b) => a + b, 0).toFixed(1).padStart(9)}${pl.reduce((a, b) => a + b, 0).toFixed(1).padStart(8)} |` +
      `${pt(simErr).padStart(7)}${pt(floorModel).padStart(12)}${pt(floorLate).padStart(10)}${(loss / Math.max(1, r.waiting.length)).toFixed(3).padStart(9)}`
  )
}
const n = rows.length
console.log(`  mean over cities                                         |${pt(sumSim / n).padStart(7)}${pt(sumFloorModel / n).padStart(12)}${pt(sumFloorLate / n).padStart(10)}${(logLoss / waitingAll).toFixed(4).padStart(9)}`)
console.log(`  (simErr: |simulated P50 − actual|; |modelΣp − trueRem| / new projects, mean: ${pt(sumExpected / n)} points)`)
// The MAE over these cities of a forecaster that knows the model's probabilities exactly, in 20,000 drawn worlds.
const draws = 20_000
const maes = Float64Array.from({ length: draws }, (_, w) =>
  worlds.reduce((a, c, i) => {
    const u = CounterRandom.uniform(seed, w, i, 0)
    let k = 0
    while (k < c.cdf.length - 1 && c.cdf[k]! < u) k++
    return a + Math.abs(k - c.median) / c.newProjects
  }, 0) / worlds.length).sort()
console.log(
  `  a forecaster knowing the model's probabilities exactly, over these ${n} cities: MAE P10 ${pt(maes[Math.floor(draws * 0.1)]!)}, ` +
    `P50 ${pt(maes[Math.floor(draws * 0.5)]!)}, P90 ${pt(maes[Math.floor(draws * 0.9)]!)}; MAE ≤ 1.00 in ${((maes.filter((m) => m <= 0.01 + 1e-12).length / draws) * 100).toFixed(0)}% of worlds`
)

// Calibration of the model's probabilities by lateness (pooled over cities): expected against seen.
console.log("")
console.log(`  by lateness at the cut (months from the planned start month; ≤ −3 and ≥ 9 pooled): waiting, started by year end,`)
console.log(`  the model's Σ p, and the earlier years' share (the oracle)`)
console.log(`  lateness  waiting  started  modelΣp  history share`)
const buckets = [...new Set(rows.flatMap((r) => r.waiting.map((w) => bucket(w.lateness))))].sort((a, b) => a - b)
for (const b of buckets) {
  const ws = rows.flatMap((r) => r.waiting.filter((w) => bucket(w.lateness) === b))
  const h = history.get(b)
  console.log(
    `  ${String(b).padStart(8)}${String(ws.length).padStart(9)}${String(ws.filter((w) => w.startedByYearEnd).length).padStart(9)}` +
      `${ws.reduce((a, w) => a + w.pModel, 0).toFixed(1).padStart(9)}${(h === undefined ? "—" : `${h.started}/${h.n}`).padStart(15)}`
  )
}
