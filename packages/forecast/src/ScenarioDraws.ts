/**
 * A scenario resolved once against the compiled portfolio, and its draws on
 * each path. `prepare` turns every assumption into what the hot loop reads by
 * index: pace multipliers by the portfolio's district and sector index, by
 * month, pauses as monthly coverage and a bit mask per project, extra
 * projects with their district and sector indices, and the random stream of
 * every draw (computed once, not per path). `PathDraws.drawPath` then draws
 * one path's values of them. A district or sector named by the pace that has no project
 * on the plan, or more pauses than the mask holds, is a tagged error.
 */
import { Effect, Schema } from "effect"
import { Calendar } from "@groundbreak/domain"
import { Scenario } from "@groundbreak/scenario"
import { streamOf } from "./CounterRandom.ts"
import type { Model } from "./Estimation.ts"
import { type Compiled, NEVER, unknownLabel } from "./CompiledPlan.ts"
import type { TallySpec } from "./RiskTally.ts"

/** A pace multiplier names a district or sector with no project on the plan being simulated. */
export class UnknownPaceName extends Schema.TaggedError<UnknownPaceName>()("UnknownPaceName", {
  scenario: Schema.String,
  field: Schema.Literals(["pace.byDistrict", "pace.bySector"]),
  name: Schema.String,
  year: Schema.Number,
  known: Schema.Array(Schema.String)
}) {
  override get message(): string {
    const what = this.field === "pace.byDistrict" ? "district" : "sector"
    const known = this.known.length === 0 ? "none" : this.known.length <= 20 ? this.known.join(", ") : `${this.known.slice(0, 20).join(", ")}, … and ${this.known.length - 20} more`
    return `scenario ${JSON.stringify(this.scenario)}: assumptions.${this.field}: expected a ${what} with a project on the ${this.year} plan (${known}), ` +
      `found ${JSON.stringify(this.name)}, which has none to simulate (its projects left the plan)`
  }
}

export class TooManyPauses extends Schema.TaggedError<TooManyPauses>()("TooManyPauses", {
  scenario: Schema.String,
  count: Schema.Number
}) {
  override get message(): string {
    return `scenario ${JSON.stringify(this.scenario)}: assumptions.pauses: expected at most ${Scenario.maxPauses} pauses (the pauses covering a project are a 32-bit mask), found ${this.count}`
  }
}

export type PrepareError = UnknownPaceName | TooManyPauses

/** A scenario quantity and the stream it is drawn from on every path. */
export interface Drawn {
  readonly quantity: Scenario.Quantity
  readonly stream: number
}

const drawn = (quantity: Scenario.Quantity | undefined, name: string): Drawn | undefined =>
  quantity === undefined ? undefined : { quantity, stream: streamOf(name) }

export interface PreparedPause {
  readonly intensity: Drawn
  /** Share of each month (index = month) the pause covers. */
  readonly coverage: Float64Array
  readonly blocksStarts: boolean
  /** First month after the pause (1 when it ended before the year, NEVER when after it). */
  readonly end: number
}

export interface PreparedExtra {
  readonly name: string
  readonly startProbability: Drawn
  readonly size: Scenario.Quantity
  /** 万元 per unit of `size`. */
  readonly unitScale: number
  readonly planShare: number
  /** Projects wanted in each month (index = month), and each month's stream. */
  readonly perMonth: Float64Array
  readonly streams: Float64Array
  readonly district: string
  readonly sector: string
  /** The portfolio's index of the district and the sector, −1 when it has none. */
  readonly districtIndex: number
  readonly sectorIndex: number
}

/** The scenario, prepared once for a compiled portfolio and a seed. */
export interface Prepared {
  readonly seed: number
  readonly name: string
  readonly overall: Drawn | undefined
  /** By the portfolio's district and sector index; undefined → 1, with no draw. */
  readonly byDistrict: ReadonlyArray<Drawn | undefined>
  readonly bySector: ReadonlyArray<Drawn | undefined>
  /** Index = month (1–12). */
  readonly byMonth: ReadonlyArray<Drawn | undefined>
  readonly startDelayShift: Drawn | undefined
  readonly cancellationProbability: Drawn | undefined
  readonly pauses: ReadonlyArray<PreparedPause>
  /** Bit k set when pause k covers the project. */
  readonly pauseMask: Uint32Array
  readonly extras: ReadonlyArray<PreparedExtra>
  /** Per-project risk and per-group tallies to keep (none by default). */
  readonly tally?: TallySpec | undefined
}

const matches = (scope: Scenario.Scope | undefined, district: string, sector: string, isNew: boolean): boolean =>
  scope === undefined || (
    (scope.districts === undefined || scope.districts.includes(district)) &&
    (scope.sectors === undefined || scope.sectors.includes(sector)) &&
    (scope.kinds === undefined || scope.kinds.includes(isNew ? "new" : "continuing"))
  )

/** Pace multipliers by the portfolio's names; a name with no project on the plan fails. */
const byName = (
  scenario: Scenario.Scenario,
  field: "pace.byDistrict" | "pace.bySector",
  values: Readonly<Record<string, Scenario.Quantity>> | undefined,
  names: ReadonlyArray<string>,
  year: number
): Effect.Effect<ReadonlyArray<Drawn | undefined>, UnknownPaceName> => {
  for (const name of Object.keys(values ?? {})) {
    if (!names.includes(name)) {
      return Effect.fail(new UnknownPaceName({ scenario: scenario.name, field, name, year, known: names.filter((n) => n !== unknownLabel) }))
    }
  }
  return Effect.succeed(names.map((n) => drawn(values?.[n], `${field}.${n}`)))
}

const pauseCoverage = (year: number, pause: Scenario.Pause): Float64Array => {
  const coverage = new Float64Array(13)
  const from = Calendar.parseDate(pause.from)!, to = Calendar.parseDate(pause.to)!
  for (let m = 1; m <= 12; m++) {
    const first = Calendar.startOfYear(year) + (m === 1 ? 0 : Calendar.endOfMonth(year * 100 + m - 1) - Calendar.startOfYear(year) + 1)
    const last = Calendar.endOfMonth(year * 100 + m)
    const overlap = Math.min(last, to) - Math.max(first, from) + 1
    coverage[m] = overlap > 0 ? overlap / (last - first + 1) : 0
  }
  return coverage
}

const pauseEnd = (year: number, pause: Scenario.Pause): number => {
  const to = Calendar.monthOfDay(Calendar.parseDate(pause.to)!)
  return Math.floor(to / 100) === year ? (to % 100) + 1 : Math.floor(to / 100) < year ? 1 : NEVER
}

export const prepare = (
  portfolio: Compiled,
  scenario: Scenario.Scenario,
  seed: number,
  tally?: TallySpec
): Effect.Effect<Prepared, PrepareError> =>
  Effect.gen(function*() {
    const a = scenario.assumptions ?? {}
    const pauses = a.pauses ?? []
    if (pauses.length > Scenario.maxPauses) return yield* new TooManyPauses({ scenario: scenario.name, count: pauses.length })
    const pace = a.pace ?? {}
    const byDistrict = yield* byName(scenario, "pace.byDistrict", pace.byDistrict, portfolio.districts, portfolio.year)
    const bySector = yield* byName(scenario, "pace.bySector", pace.bySector, portfolio.sectors, portfolio.year)
    const pauseMask = new Uint32Array(portfolio.count)
    for (let i = 0; i < portfolio.count; i++) {
      let mask = 0
      pauses.forEach((pause, k) => {
        if (matches(pause.scope, portfolio.districts[portfolio.district[i]!]!, portfolio.sectors[portfolio.sector[i]!]!, portfolio.isNew[i] === 1)) mask |= 1 << k
      })
      pauseMask[i] = mask >>> 0
    }
    const extras = (a.extraProjects ?? []).map((entry, e): PreparedExtra => {
      const district = entry.district ?? unknownLabel, sector = entry.sector ?? "industrial"
      const perMonth = new Float64Array(13), streams = new Float64Array(13)
      for (let m = 1; m <= 12; m++) {
        perMonth[m] = entry.perMonth[String(m)] ?? 0
        streams[m] = streamOf(`extra.${e}.${m}`)
      }
      return {
        name: entry.name,
        startProbability: drawn(entry.startProbability, `extra.${e}.startProbability`)!,
        size: entry.size.value,
        unitScale: Scenario.toWan(entry.size.unit, 1),
        planShare: entry.planShare ?? 0.3,
        perMonth,
        streams,
        district,
        sector,
        districtIndex: portfolio.districts.indexOf(district),
        sectorIndex: portfolio.sectors.indexOf(sector)
      }
    })
    return {
      seed,
      name: scenario.name,
      overall: drawn(pace.overall, "pace.overall"),
      byDistrict,
      bySector,
      byMonth: Array.from({ length: 13 }, (_, m) => m === 0 ? undefined : drawn(pace.byMonth?.[String(m)], `pace.byMonth.${m}`)),
      startDelayShift: drawn(a.startDelayShift, "startDelayShift"),
      cancellationProbability: drawn(a.cancellationProbability, "cancellationProbability"),
      pauses: pauses.map((pause, k) => ({
        intensity: drawn(pause.intensity, `pauses.${k}.${pause.name}`)!,
        coverage: pauseCoverage(portfolio.year, pause),
        blocksStarts: pause.blocksStarts ?? true,
        end: pauseEnd(portfolio.year, pause)
      })),
      pauseMask,
      extras,
      tally
    } satisfies Prepared
  })
