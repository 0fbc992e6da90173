/**
 * `pnpm bench:realism`: does Groundbreak's own ledger generator look like the practice cities? The same descriptive
 * statistics (`realism/LedgerStatistics.ts`) over the reporting periods 2020–2023 of the twelve practice ledgers
 * (`../shared/worlds`) and of twelve generated ledgers of the same shape (about 100 new projects a year from 2017,
 * the ledger as it stands on 30 June 2024, every third one a northern city), printed side by side: the median over
 * the ledgers and, in brackets, the lowest and highest. Also the monthly noise the forecaster's own estimation
 * (`Estimation.fit`, standing on 30 September 2023) finds in each. A benchmark to read, not a test.
 *
 *   pnpm bench:realism [--worlds DIR] [--seeds N]
 */
import * as PracticeCities from "./PracticeCities.ts"
import { Effect, Result } from "effect"
import { Calendar, KnowledgeCut, ProjectEvent } from "@groundbreak/domain"
import { MemoryEventStore } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Estimation } from "@groundbreak/forecast"
import { Replay } from "@groundbreak/indicators"
import { LedgerGenerator } from "@groundbreak/synth"
import * as LedgerStatistics from "./realism/LedgerStatistics.ts"

const seeds = Number(PracticeCities.argument("--seeds") ?? 12)
const window = { from: 2020, to: 2023 } as const

interface Measured {
  readonly stats: LedgerStatistics.Statistics
  /** The forecaster's fitted monthly noise and work calendar on 30 September 2023. */
  readonly noiseSigma: number
  readonly workCalendar: ReadonlyArray<number>
}

const cut = (text: string) => Result.getOrThrow(KnowledgeCut.parse(text))

const measure = (lines: ReadonlyArray<string>): Promise<Measured> =>
  Effect.runPromise(Effect.gen(function*() {
    yield* LedgerImport.importLedger("ledger", lines)
    const { projects } = yield* Replay.portfolioKnownAt(cut("2023-09-30T23:59:59+08:00"))
    const model = Estimation.fit([...projects.values()], 2023, Calendar.parseDate("2023-09-30")!)
    const stats = LedgerStatistics.compute(lines.map((l) => JSON.parse(l) as LedgerStatistics.LedgerEvent), window)
    return { stats, noiseSigma: model.noiseSigma, workCalendar: model.workCalendar }
  }).pipe(Effect.provide(MemoryEventStore.layer)))

const practice: Array<Measured> = []
const cities = PracticeCities.cityNames("bench:realism")
for (const city of cities) {
  const lines = PracticeCities.ledgerLines(city)
  practice.push(await measure(lines))
}
const generated: Array<Measured> = []
for (let i = 0; i < seeds; i++) {
  const events = LedgerGenerator.generateLedger({
    seed: 1001 + i,
    prefix: "G",
    firstYear: 2017,
    lastYear: 2024,
    newPerYear: 100,
    until: "2024-06-30",
    northern: i % 3 === 2
  })
  generated.push(await measure([...events].map(ProjectEvent.toJsonLine)))
}

const summary = (values: ReadonlyArray<number>, format: (v: number) => string) => {
  const finite = values.filter(Number.isFinite)
  if (finite.length === 0) return "—"
  return `${format(LedgerStatistics.quantile(finite, 0.5))} [${format(Math.min(...finite))}–${format(Math.max(...finite))}]`
}
const pct = (v: number) => `${(v * 100).toFixed(1)}%`
const num = (digits: number) => (v: number) => v.toFixed(digits)
const rows: Array<[string, (m: Measured) => number, (v: number) => string]> = [
  ["monthly log ratio: sd", (m) => m.stats.logRatio.sd, num(2)],
  ["monthly log ratio: p05", (m) => m.stats.logRatio.p05, num(2)],
  ["monthly log ratio: p25", (m) => m.stats.logRatio.p25, num(2)],
  ["monthly log ratio: p75", (m) => m.stats.logRatio.p75, num(2)],
  ["monthly log ratio: p95", (m) => m.stats.logRatio.p95, num(2)],
  ["monthly log ratio: |r| > 1", (m) => m.stats.logRatio.beyondOne, pct],
  ["forecaster's fitted noise σ", (m) => m.noiseSigma, num(2)],
  ["zero months among active", (m) => m.stats.zeroShare, pct],
  ...Array.from({ length: 12 }, (_, i) => [`city month share: ${String(i + 1).padStart(2, "0")}`, (m: Measured) => m.stats.monthProfile[i]!, pct] as [string, (m: Measured) => number, (v: number) => string]),
  ["work calendar Jan (fitted)", (m) => m.workCalendar[0]!, num(2)],
  ["work calendar Feb (fitted)", (m) => m.workCalendar[1]!, num(2)],
  ["city month vs profile: sd log", (m) => m.stats.cityShock, num(3)],
  ["common monthly shock: sd log", (m) => m.stats.commonShock, num(3)],
  ["year-end completion: mean", (m) => m.stats.completion.reduce((a, b) => a + b, 0) / m.stats.completion.length, pct],
  ["year-end completion: sd", (m) => {
    const c = m.stats.completion, avg = c.reduce((a, b) => a + b, 0) / c.length
    return Math.sqrt(c.reduce((a, v) => a + (v - avg) ** 2, 0) / (c.length - 1))
  }, pct],
  ["report lag days: p50", (m) => m.stats.reportLag.p50, num(1)],
  ["report lag days: p90", (m) => m.stats.reportLag.p90, num(1)],
  ["periods revised", (m) => m.stats.reportLag.revised, pct],
  ["revision size |log|: p50", (m) => m.stats.reportLag.revisionSize, num(3)],
  ["start known after days: p50", (m) => m.stats.startLag.p50, num(1)],
  ["start known after days: p90", (m) => m.stats.startLag.p90, num(1)],
  ["plan known, days into year: p50", (m) => m.stats.planKnownDays, num(1)],
  ["start vs planned: early", (m) => m.stats.startDelay.early, pct],
  ["start vs planned: on time", (m) => m.stats.startDelay.onTime, pct],
  ["start vs planned: +1 month", (m) => m.stats.startDelay.one, pct],
  ["start vs planned: +2 months", (m) => m.stats.startDelay.two, pct],
  ["start vs planned: +3–5 months", (m) => m.stats.startDelay.threeToFive, pct],
  ["start vs planned: +6 or more", (m) => m.stats.startDelay.sixPlus, pct],
  ["start vs planned: not in plan year", (m) => m.stats.startDelay.notInYear, pct],
  ["plans revised in the year", (m) => m.stats.planChanges.revised, pct],
  ["plan revision size |log|: p50", (m) => m.stats.planChanges.size, num(3)],
  ["projects withdrawn from a list", (m) => m.stats.planChanges.withdrawn, pct],
  ["started projects ever suspended", (m) => m.stats.suspensions.share, pct],
  ["suspension months: p50", (m) => m.stats.suspensions.months, num(1)],
  ["suspensions begun Dec–Feb", (m) => m.stats.suspensions.winter, pct]
]
console.log(`reporting periods ${window.from}–${window.to}; median over ledgers [lowest–highest]`)
console.log(`${"statistic".padEnd(36)}${`practice cities (${practice.length})`.padEnd(30)}generator (${generated.length})`)
for (const [label, pick, format] of rows) {
  console.log(`${label.padEnd(36)}${summary(practice.map(pick), format).padEnd(30)}${summary(generated.map(pick), format)}`)
}
