/**
 * A generator of plausible key-project ledgers, deterministic from a seed:
 * yearly cohorts of new projects that are signed, planned, started late or
 * on time, spend along an S-curve with the calendar's seasonality (Spring
 * Festival, northern winter), report each month's investment in the next
 * month (sometimes revised later), top out, get commissioned, and now and
 * then are suspended or cancelled; with `withdrawals`, some new projects that
 * have not started by the summer are taken off their year's list. Used for
 * examples, tests and benchmarks.
 */
import { Calendar, type ProjectEvent } from "@groundbreak/domain"
import { SeededRandom } from "./SeededRandom.ts"

export interface LedgerOptions {
  readonly seed: number
  /** Prefix of project ids, e.g. `LYG`. */
  readonly prefix: string
  readonly firstYear: number
  readonly lastYear: number
  /** New projects put on each year's plan. */
  readonly newPerYear: number
  /** New projects of particular years, overriding `newPerYear`. */
  readonly cohortSizes?: Readonly<Record<number, number>>
  /** Nothing after this date (YYYY-MM-DD) is generated: the ledger as it stands that day. */
  readonly until: string
  readonly districts?: ReadonlyArray<string>
  /** Median total investment of a project, 万元. */
  readonly medianTotal?: number
  /** Whether sites stop for the northern winter (December to February). */
  readonly northern?: boolean
  /**
   * Chance that a new project not started by the end of June of its plan
   * year is withdrawn from the list (`PlanWithdrawn`) between July and
   * October (default 0: none, and the generated ledger is the same as
   * without the option).
   */
  readonly withdrawals?: number
  /**
   * City-wide factors every project's monthly work shares (off by default): a pace that drifts from year to year
   * (a log random walk with this spread), common monthly shocks (log spread), and occasional sharp disruptions
   * (chance per month; the month's work falls to 30–70%). Real ledgers have them; without them every project's
   * noise is its own and averages out, which flatters a forecast.
   */
  readonly commonShocks?: { readonly yearlyPace: number; readonly monthly: number; readonly disruptionChance: number }
}

/** The city-wide factor of each month `yyyymm`, from a stream of its own (the projects' draws are unchanged). */
const commonFactors = (options: LedgerOptions): ReadonlyMap<number, number> => {
  const factors = new Map<number, number>()
  const shocks = options.commonShocks
  if (shocks === undefined) return factors
  const random = new SeededRandom(options.seed * 7919 + 17)
  let pace = 1
  for (let year = options.firstYear - 1; year <= options.lastYear + 4; year++) {
    pace *= Math.exp(shocks.yearlyPace * random.normal())
    for (let month = 1; month <= 12; month++) {
      const shock = Math.exp(shocks.monthly * random.normal() - (shocks.monthly * shocks.monthly) / 2)
      const disruption = random.chance(shocks.disruptionChance) ? random.uniform(0.3, 0.7) : 1
      factors.set(year * 100 + month, pace * shock * disruption)
    }
  }
  return factors
}

export const defaultDistricts = ["海州区", "连云区", "赣榆区", "东海县", "灌云县", "灌南县", "开发区", "徐圩新区"]

const sectors = [["industrial", 0.68], ["infrastructure", 0.2], ["social", 0.12]] as const

/** Share of a typical year's work done in each calendar month (Spring Festival dip, year-end push). */
export const monthlySeasonality = [0.045, 0.055, 0.085, 0.09, 0.095, 0.095, 0.09, 0.09, 0.095, 0.09, 0.085, 0.085]

const addMonths = (yyyymm: number, n: number): number => {
  const index = Math.floor(yyyymm / 100) * 12 + (yyyymm % 100) - 1 + n
  return Math.floor(index / 12) * 100 + (index % 12) + 1
}

const dayInMonth = (yyyymm: number, random: SeededRandom): string =>
  `${Calendar.formatMonth(yyyymm)}-${String(random.int(1, 28)).padStart(2, "0")}`

const instant = (date: string, random: SeededRandom): string =>
  `${date}T${String(random.int(8, 18)).padStart(2, "0")}:${String(random.int(0, 59)).padStart(2, "0")}:00+08:00`

/** A date some days after `date`, as an ISO date. */
const later = (date: string, days: number): string => Calendar.formatDate(Calendar.parseDate(date)! + days)

/** Kenley–Wilson-like S-curve: share of the work done by fraction `t` of the duration. */
const sCurve = (t: number): number => {
  const x = Math.min(1, Math.max(0, t))
  return x * x * (3 - 2 * x)
}

/** The events of one project, in the order they happened. */
const projectEvents = (
  projectId: string,
  cohortYear: number,
  options: LedgerOptions,
  random: SeededRandom,
  common: ReadonlyMap<number, number>
): Array<ProjectEvent.ProjectEvent> => {
  const events: Array<ProjectEvent.ProjectEvent> = []
  const until = options.until
  let seq = 0
  const push = (type: ProjectEvent.EventType, occurredOn: string, knownAt: string, data: object) => {
    if (occurredOn > until || knownAt.slice(0, 10) > until) return false
    events.push({ eventId: `${projectId}/${++seq}`, projectId, type, occurredOn, knownAt, data } as ProjectEvent.ProjectEvent)
    return true
  }
  const districts = options.districts ?? defaultDistricts
  const total = Math.round(Math.max(2000, random.logNormal(options.medianTotal ?? 30_000, 0.9)))
  const signedOn = dayInMonth((cohortYear - 1) * 100 + random.int(6, 12), random)
  if (!push("ProjectSigned", signedOn, instant(later(signedOn, random.int(0, 5)), random), {
    name: `${projectId} 项目`,
    district: random.pick(districts),
    sector: random.weighted(sectors),
    totalInvestment: total
  })) return events

  const durationMonths = random.int(10, 30)
  const plannedStart = cohortYear * 100 + random.int(2, 9)
  const delay = Math.round(random.exponential(1.2) - 0.4)
  const startsAtAll = random.chance(0.93)
  const startMonth = addMonths(plannedStart, Math.max(-1, delay))
  const startedOn = startsAtAll ? dayInMonth(startMonth, random) : undefined
  const cancelled = random.chance(0.02)
  const suspendMonth = random.chance(0.08) ? addMonths(startMonth, random.int(2, durationMonths - 2)) : undefined
  const suspendFor = random.int(1, 3)

  // One plan per year the project is under construction, revised now and then.
  // Plans are set in January, so a project ending (commissioned or cancelled) before March gets no plan that year.
  const endMonth = addMonths(startMonth, cancelled ? Math.floor(durationMonths / 2) : durationMonths)
  const lastPlanYear = !startsAtAll ? cohortYear : Math.floor(endMonth / 100) - (endMonth % 100 < 3 ? 1 : 0)
  for (let year = cohortYear; year <= Math.min(lastPlanYear, options.lastYear); year++) {
    // The plan is what the year's part of the S-curve would cost, with the optimism plans usually have.
    const monthsFromStart = (yyyymm: number) => (Math.floor(yyyymm / 100) - Math.floor(startMonth / 100)) * 12 + (yyyymm % 100) - (startMonth % 100)
    const yearShare = sCurve((monthsFromStart(year * 100 + 12) + 1) / (durationMonths + 1)) -
      sCurve(Math.max(0, monthsFromStart(year * 100 + 1)) / (durationMonths + 1))
    const planned = Math.round(total * Math.max(0.05, yearShare) * random.uniform(1.0, 1.35))
    const setOn = `${year}-01-${String(random.int(10, 25)).padStart(2, "0")}`
    const ok = push("AnnualPlanSet", setOn, instant(later(setOn, random.int(1, 10)), random), {
      year,
      kind: year === cohortYear ? "new" : "continuing",
      plannedInvestment: planned,
      ...(year === cohortYear ? { plannedStart: Calendar.formatMonth(plannedStart) } : {})
    })
    if (ok && random.chance(0.05) && year * 100 + 6 < endMonth) {
      const revisedOn = `${year}-06-${String(random.int(1, 28)).padStart(2, "0")}`
      push("AnnualPlanSet", revisedOn, instant(later(revisedOn, 3), random), {
        year,
        kind: year === cohortYear ? "new" : "continuing",
        plannedInvestment: Math.round(planned * random.uniform(0.8, 1.2))
      })
    }
  }
  const withdrawalChance = options.withdrawals ?? 0
  if (withdrawalChance > 0 && (startedOn === undefined || startMonth > cohortYear * 100 + 6) && random.chance(withdrawalChance)) {
    const withdrawnOn = dayInMonth(cohortYear * 100 + random.int(7, 10), random)
    if (startedOn === undefined || withdrawnOn < startedOn) {
      push("PlanWithdrawn", withdrawnOn, instant(later(withdrawnOn, random.int(1, 6)), random), {
        year: cohortYear,
        reason: "前期手续未完成，调出年度计划"
      })
    }
  }
  if (startedOn === undefined) return events
  // A start is known within days, before the first investment report of the project can be.
  if (!push("ProjectStarted", startedOn, instant(later(startedOn, random.int(0, 3)), random), {})) return events

  let suspended = false
  let toppedOut = false
  const pace = random.uniform(0.85, 1.15)
  for (let m = 0; m <= durationMonths; m++) {
    const month = addMonths(startMonth, m)
    const monthEnd = Calendar.formatDate(Calendar.endOfMonth(month))
    if (cancelled && m === Math.floor(durationMonths / 2)) {
      push("ProjectCancelled", monthEnd, instant(later(monthEnd, 5), random), { reason: "投资方调整" })
      return events
    }
    if (suspendMonth !== undefined && month === suspendMonth) {
      suspended = push("ProjectSuspended", dayInMonth(month, random), instant(`${Calendar.formatMonth(month)}-28`, random), { reason: "资金未到位" })
    }
    if (suspended && suspendMonth !== undefined && month === addMonths(suspendMonth, suspendFor)) {
      suspended = !push("ProjectResumed", dayInMonth(month, random), instant(`${Calendar.formatMonth(month)}-28`, random), {})
    }
    const winter = options.northern === true && [12, 1, 2].includes(month % 100)
    const share = sCurve((m + 1) / (durationMonths + 1)) - sCurve(m / (durationMonths + 1))
    const amount = suspended || winter ? 0 : Math.round(total * share * pace * monthlySeasonality[(month % 100) - 1]! * 12 * random.uniform(0.8, 1.2) * (common.get(month) ?? 1))
    const reportDay = later(monthEnd, random.int(5, 12))
    if (!push("InvestmentReported", monthEnd, instant(reportDay, random), { period: Calendar.formatMonth(month), amount })) break
    if (random.chance(0.04)) {
      const revisedDay = later(reportDay, random.int(15, 40))
      push("InvestmentReported", monthEnd, instant(revisedDay, random), {
        period: Calendar.formatMonth(month),
        amount: Math.round(amount * random.uniform(0.9, 1.1))
      })
    }
    if (!toppedOut && m >= durationMonths * 0.6 && !suspended) {
      toppedOut = push("ProjectToppedOut", dayInMonth(month, random), instant(later(monthEnd, 3), random), {})
    }
  }
  const commissionedOn = Calendar.formatDate(Calendar.endOfMonth(addMonths(startMonth, durationMonths)))
  if (!suspended) push("ProjectCommissioned", commissionedOn, instant(later(commissionedOn, random.int(1, 10)), random), {})
  return events
}

/**
 * The ledger's events, project by project (each project's events in the
 * order they happened). Deterministic: the same options give the same events.
 */
export function* generateLedger(options: LedgerOptions): Generator<ProjectEvent.ProjectEvent> {
  const random = new SeededRandom(options.seed)
  const common = commonFactors(options)
  for (let year = options.firstYear; year <= options.lastYear; year++) {
    const cohort = options.cohortSizes?.[year] ?? options.newPerYear
    for (let i = 1; i <= cohort; i++) {
      yield* projectEvents(`${options.prefix}-${year}-${String(i).padStart(5, "0")}`, year, options, random, common)
    }
  }
}
