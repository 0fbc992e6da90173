/**
 * A generator of plausible key-project ledgers, deterministic from a seed:
 * yearly cohorts of new projects that are signed, planned, started late or
 * on time, spend along an S-curve of their own shape with the calendar's
 * seasonality (Spring Festival, quarter-end and year-end pushes), report each
 * month's investment in the next month (sometimes revised later), top out,
 * get commissioned, and now and then are suspended or cancelled; with
 * `withdrawals`, some new projects that have not started by the summer are
 * taken off their year's list. Used for examples, tests and benchmarks.
 *
 * Why the numbers come out as a city's do (each a mechanism, not a fitted figure):
 * - Larger projects take longer: the duration grows with the cube-root-like power of the cost that builders' time–cost
 *   rules (Bromilow's T = K·C^B, B ≈ 0.3) find, with a scatter of its own; so the big projects that dominate a city's
 *   total spend over years, not over a few lumpy months.
 * - A start waits for the last of its preliminaries (land, planning permit, construction permit), each of which now and
 *   then comes late, and then for the crews to move in: so a start is as often a month late as on time, and a few slip
 *   out of their plan year.
 * - The year's plan is set before the year, from what the planner can know then: a new project's schedule from its
 *   planned start (not from when it will really start), a continuing one's from where its site stands on 1 January,
 *   with the backlog it owes, each moving at the pace the city kept last year. The list is approved with the city's work report after the People's Congress and
 *   dispatched in February. The planner is cautious: the city is assessed on completing its plan, so each year's list is
 *   set below what the schedules say, by a margin of that year (the pressure of the year's growth target) and a
 *   misjudgement of each project's own. The plan is the year's target and is not revised in the year (the option
 *   `planRevisions` makes some cities do so).
 * - A first monthly report is sometimes the site's quick estimate, later replaced by the audited figure.
 * - The Spring Festival empties every site of the city for about three weeks around the lunar New Year, which falls in
 *   January in some years and February in others (`SpringFestival`): so a city's January, February and March shares
 *   move from year to year around the seasonal profile, together.
 *
 * A site's month is lumpy: what it gets done is what its schedule asks plus
 * what it owes from earlier months, times a capacity of its own (weather,
 * crews, materials, payments) that now and then collapses to a near-empty
 * month; what is not done is owed and caught up later, so months are lumpy
 * while the project's total and length hold. The whole city shares a pace
 * that drifts from year to year, monthly shocks and occasional sharp
 * disruptions (on by default: {@link realisticShocks}). Northern sites stop
 * for the winter: suspended in December, resumed in March or April, the
 * schedule waiting meanwhile. Starts are known at the next dispatch, up to two
 * weeks later.
 */
import { Calendar, type ProjectEvent } from "@groundbreak/domain"
import { SeededRandom } from "./SeededRandom.ts"
import * as SpringFestival from "./SpringFestival.ts"

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
   * Chance that a project's plan of a year is revised in June (default 0: a year's plan is its target and stays; some
   * cities revise their list at mid-year).
   */
  readonly planRevisions?: number
  /**
   * City-wide factors every project's monthly work shares (default {@link realisticShocks}; {@link noShocks} turns
   * them off): a pace that drifts from year to year (a log random walk with this spread) and speeds or slows every
   * schedule, common monthly shocks to what sites get done (log spread), and occasional sharp disruptions (chance per
   * month; the month's work falls to 30–70%), whose shortfall sites owe and catch up later. Real ledgers have them;
   * without them every project's noise is its own and averages out, which flatters a forecast.
   */
  readonly commonShocks?: Shocks
}

export interface Shocks { readonly yearlyPace: number; readonly monthly: number; readonly disruptionChance: number }

/**
 * City-wide shocks of a realistic size: the pace of a year within about ±8% of the last (a city's completion of its
 * plans moves by several points from year to year), a month's work within about ±10% of its expectation for the
 * whole city (weather, funding rounds, inspections), and a sharp disruption (a lockdown, an environmental
 * inspection stopping sites, a flood) about once every four years.
 */
export const realisticShocks: Shocks = { yearlyPace: 0.08, monthly: 0.1, disruptionChance: 0.02 }

/** No city-wide factors: every project's noise is its own. */
export const noShocks: Shocks = { yearlyPace: 0, monthly: 0, disruptionChance: 0 }

interface CommonFactors {
  /** The city's pace of each year: how fast schedules move. */
  readonly pace: ReadonlyMap<number, number>
  /** The city-wide factor on what sites get done in each month `yyyymm`. */
  readonly month: ReadonlyMap<number, number>
  /** The planner's caution of each year: the plans are the schedules' figures times this. */
  readonly caution: ReadonlyMap<number, number>
}

/** The city-wide factors, from a stream of their own (the projects' draws do not depend on their size). */
const commonFactors = (options: LedgerOptions): CommonFactors => {
  const pace = new Map<number, number>(), month = new Map<number, number>(), caution = new Map<number, number>()
  const shocks = options.commonShocks ?? realisticShocks
  const random = new SeededRandom(options.seed * 7919 + 17)
  let level = 1
  for (let year = options.firstYear - 1; year <= options.lastYear + 6; year++) {
    level *= Math.exp(shocks.yearlyPace * random.normal())
    pace.set(year, level)
    caution.set(year, random.uniform(PLAN_CAUTION[0], PLAN_CAUTION[1]))
    for (let m = 1; m <= 12; m++) {
      const shock = Math.exp(shocks.monthly * random.normal() - (shocks.monthly * shocks.monthly) / 2)
      const disrupted = random.chance(shocks.disruptionChance)
      const disruption = random.uniform(0.3, 0.7)
      month.set(year * 100 + m, shock * (disrupted ? disruption : 1))
    }
  }
  return { pace, month, caution }
}

export const defaultDistricts = ["海州区", "连云区", "赣榆区", "东海县", "灌云县", "灌南县", "开发区", "徐圩新区"]

const sectors = [["industrial", 0.68], ["infrastructure", 0.2], ["social", 0.12]] as const

/**
 * Share of a typical year's work done in each calendar month: the Spring Festival dip in January and February, the
 * push to close each quarter's dispatch (March, June, September) and the year-end push to meet the annual plan
 * (December), the habits of China's monthly investment statistics. January and February are those of a year whose
 * lunar New Year falls on its average date; `SpringFestival` moves the holiday's loss to where it falls each year.
 */
export const monthlySeasonality = [0.045, 0.05, 0.085, 0.08, 0.085, 0.095, 0.08, 0.085, 0.1, 0.085, 0.09, 0.12]

/**
 * A site's capacity in a month: log-normal with this spread around 1, and with {@link SLOW_MONTH_CHANCE} a
 * near-empty month (5–40% of what was asked: a payment not arrived, a crew gone, a design change).
 */
const CAPACITY_SPREAD = 0.2
const SLOW_MONTH_CHANCE = 0.04
/** Share of the work owed from earlier months that a site sets out to catch up in a month. */
const CATCH_UP = 0.5
/**
 * Duration of a project of the median size (months) and how it grows with size: builders' time–cost rule T = K·C^B
 * with B about 0.3; the scatter (log) around it, and the shortest and longest schedules.
 */
const MEDIAN_DURATION = 18
const DURATION_POWER = 0.3
const DURATION_SCATTER = 0.2
const DURATION_RANGE = [8, 48] as const
/** Chance that each of a start's preliminaries (land, planning permit, construction permit) comes late, and how late on average (days): a permit that is late is about a month late, now and then several. */
const PRELIMINARIES = 3
const LATE_CHANCE = 0.25
const LATE_DAYS = 30
/** Days the crews take to move in once the last preliminary is done. */
const MOBILISATION_DAYS = [3, 21] as const
/** The year's planner's caution: the plans are this share of what the schedules ask (a range of years' margins). */
const PLAN_CAUTION = [0.8, 0.95] as const
/** The planner's misjudgement of one project (log spread). */
const PLAN_MISJUDGEMENT = 0.15
/** Error (log spread) of a site's quick first estimate of a month, replaced by the audited figure. */
const ESTIMATE_ERROR = 0.1

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

/**
 * Kenley–Wilson-like S-curve: share of the work done by fraction `t` of the duration; `skew` > 1 holds the work
 * back (a long design and groundwork phase), < 1 brings it forward (equipment bought early).
 */
const sCurve = (t: number, skew = 1): number => {
  const x = Math.min(1, Math.max(0, t)) ** skew
  return x * x * (3 - 2 * x)
}

const isWinter = (yyyymm: number) => [12, 1, 2].includes(yyyymm % 100)
const daysIn = (yyyymm: number) => Calendar.endOfMonth(yyyymm) - Calendar.endOfMonth(addMonths(yyyymm, -1))

/** The events of one project, in the order they happened. */
const projectEvents = (
  projectId: string,
  cohortYear: number,
  options: LedgerOptions,
  random: SeededRandom,
  common: CommonFactors
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

  const medianTotal = options.medianTotal ?? 30_000
  const durationMonths = Math.round(Math.min(DURATION_RANGE[1], Math.max(DURATION_RANGE[0],
    MEDIAN_DURATION * (total / medianTotal) ** DURATION_POWER * Math.exp(DURATION_SCATTER * random.normal()))))
  const skew = Math.exp(0.3 * random.normal())
  const plannedStart = cohortYear * 100 + random.int(2, 9)
  // The planned day in the planned month, then the wait for the last late preliminary and for the crews.
  let wait = 0
  for (let i = 0; i < PRELIMINARIES; i++) if (random.chance(LATE_CHANCE)) wait = Math.max(wait, random.exponential(LATE_DAYS))
  const startDay = Calendar.parseDate(dayInMonth(plannedStart, random))! + Math.round(wait) + random.int(...MOBILISATION_DAYS)
  const startsAtAll = random.chance(0.93)
  const startMonth = Calendar.monthOfDay(startDay)
  const startedOn = startsAtAll ? Calendar.formatDate(startDay) : undefined
  const cancelled = random.chance(0.02)
  // A suspension (funds not arrived) after this many months of the schedule, for one to three months.
  const suspendAt = random.chance(0.08) ? random.int(2, durationMonths - 2) : undefined
  const suspendFor = random.int(1, 3)
  const northern = options.northern === true
  const span = durationMonths + 1
  const cancelAt = Math.floor(durationMonths / 2)

  // The schedule as planned: months of work from the start (none in a northern winter), where it ends.
  const planned = new Map<number, number>()
  for (let k = 0, pos = 0; pos < (cancelled ? cancelAt : span) && k < 120; k++) {
    const month = addMonths(startMonth, k)
    if (!(northern && isWinter(month))) pos += 1
    planned.set(month, pos)
  }
  /** Months of schedule a site works from `from` to December of that year (a northern site none in the winter). */
  const workableMonths = (from: number) => {
    let n = 0
    for (let month = from; month <= Math.floor(from / 100) * 100 + 12; month = addMonths(month, 1)) if (!(northern && isWinter(month))) n++
    return n
  }
  // Where the site stands on 1 January of each year (months of the schedule done, work owed), recorded by `site`.
  const standing = new Map<number, { readonly pos: number; readonly owed: number }>()

  // One plan per year the project is under construction, from what the planner knows before the year, cautiously.
  // Plans are set by February, so a project ending (commissioned or cancelled) before March gets no plan that year.
  const pushPlans = (end: number | undefined) => {
    const lastPlanYear = !startsAtAll ? cohortYear : end === undefined ? options.lastYear : Math.floor(end / 100) - (end % 100 < 3 ? 1 : 0)
    const stop = cancelled ? cancelAt : span
    for (let year = cohortYear; year <= Math.min(lastPlanYear, options.lastYear); year++) {
      // A new project: its schedule from the planned start; a continuing one: from where its site stands, plus its backlog.
      const at = year === cohortYear ? { pos: 0, owed: 0 } : standing.get(year) ?? { pos: 0, owed: 0 }
      const from = year === cohortYear ? plannedStart : year * 100 + 1
      // The schedule moves at the pace the city kept last year, which is what the planner has seen.
      const reach = Math.min(stop, at.pos + workableMonths(from) * (common.pace.get(year - 1) ?? 1))
      const expected = total * (sCurve(reach / span, skew) - sCurve(at.pos / span, skew)) + Math.max(0, at.owed)
      const judged = Math.max(0.05 * total, expected) * Math.exp(PLAN_MISJUDGEMENT * random.normal())
      const plannedInvestment = Math.max(1, Math.round(judged * (common.caution.get(year) ?? 1)))
      const setOn = dayInMonth(year * 100 + (random.chance(0.3) ? 1 : 2), random)
      const ok = push("AnnualPlanSet", setOn, instant(later(setOn, random.int(1, 10)), random), {
        year,
        kind: year === cohortYear ? "new" : "continuing",
        plannedInvestment,
        ...(year === cohortYear ? { plannedStart: Calendar.formatMonth(plannedStart) } : {})
      })
      if (ok && random.chance(options.planRevisions ?? 0) && year * 100 + 6 < (end ?? Infinity)) {
        const revisedOn = `${year}-06-${String(random.int(1, 28)).padStart(2, "0")}`
        push("AnnualPlanSet", revisedOn, instant(later(revisedOn, 3), random), {
          year,
          kind: year === cohortYear ? "new" : "continuing",
          plannedInvestment: Math.round(plannedInvestment * random.uniform(0.8, 1.2))
        })
      }
    }
  }
  /** The site from the start: its events, and the month it ended (commissioned or cancelled) if it did by `until`. */
  const site = (): number | undefined => {
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
    if (startedOn === undefined) return undefined
    // A start is known at the next dispatch, up to two weeks later, and before the first investment report can be.
    const startKnown = Math.min(Calendar.parseDate(startedOn)! + random.int(1, 14), Calendar.endOfMonth(startMonth) + 4)
    if (!push("ProjectStarted", startedOn, instant(Calendar.formatDate(startKnown), random), {})) return undefined

    let suspended = false
    let resumeMonth = 0
    let suspendedOnce = false
    let waitingForSpring = false
    let toppedOut = false
    let finished = false
    let pos = 0 // months of the schedule done
    let owedBefore = 0 // work owed from earlier months (negative: done ahead), 万元
    const day = (yyyymm: number, d: number) => `${Calendar.formatMonth(yyyymm)}-${String(d).padStart(2, "0")}`
    /** The spring month a northern site resumes in after the winter that `yyyymm` is in. */
    const spring = (yyyymm: number) => (Math.floor(yyyymm / 100) + (yyyymm % 100 === 12 ? 1 : 0)) * 100 + (random.chance(0.7) ? 3 : 4)
    for (let k = 0; k < 120 && !finished; k++) {
      const month = addMonths(startMonth, k)
      if (month % 100 === 1) standing.set(Math.floor(month / 100), { pos, owed: owedBefore })
      const monthEnd = Calendar.formatDate(Calendar.endOfMonth(month))
      const days = daysIn(month)
      if (cancelled && pos >= cancelAt) {
        push("ProjectCancelled", monthEnd, instant(later(monthEnd, 5), random), { reason: "投资方调整" })
        return month
      }
      let worked = 1 // share of the month the site works
      const wasSuspended = suspended
      let resumedOn = 0
      if (suspended && month === resumeMonth) {
        const on = random.int(1, 20)
        if (push("ProjectResumed", day(month, on), instant(later(day(month, on), random.int(1, 7)), random), {})) {
          suspended = false
          resumedOn = on
          worked = (days - on + 1) / days
        }
      }
      if (!suspended && !suspendedOnce && suspendAt !== undefined && pos >= suspendAt) {
        const on = random.int(resumedOn + 1, 28)
        suspendedOnce = true
        suspended = push("ProjectSuspended", day(month, on), instant(`${Calendar.formatMonth(month)}-28`, random), { reason: "资金未到位" })
        if (suspended) {
          worked = Math.min(worked, (on - 1) / days)
          resumeMonth = addMonths(month, suspendFor)
          if (northern && isWinter(resumeMonth)) resumeMonth = spring(resumeMonth)
        }
      }
      if (northern && isWinter(month)) {
        if (suspended) resumeMonth = Math.max(resumeMonth, spring(month))
        else if (k === 0 || waitingForSpring) {
          // Started in the cold: the site waits for the spring.
          waitingForSpring = true
          worked = 0
        } else {
          const on = random.int(1, 15)
          // Known after the start it needs, which may itself be known only days before.
          const known = Math.max(Calendar.parseDate(day(month, on))! + random.int(1, 10), startKnown + 1)
          suspended = push("ProjectSuspended", day(month, on), instant(Calendar.formatDate(known), random), { reason: "冬季停工" })
          if (suspended) {
            worked = Math.min(worked, (on - 1) / days)
            resumeMonth = spring(month)
          }
        }
      } else {
        waitingForSpring = false
      }
      if (wasSuspended && suspended) worked = 0
      // The schedule moves at the city's pace of the year; the site gets done what it is asked and owes, times its
      // capacity this month and the city's; what is left is owed. The last month settles what is still owed.
      const step = Math.min(span - pos, worked * (common.pace.get(Math.floor(month / 100)) ?? 1))
      const asked = total * (sCurve((pos + step) / span, skew) - sCurve(pos / span, skew)) * monthlySeasonality[(month % 100) - 1]! * SpringFestival.factor(month) * 12
      pos += step
      const last = pos >= span - 1e-9
      const capacity = random.chance(SLOW_MONTH_CHANCE)
        ? random.uniform(0.05, 0.4)
        : Math.exp(CAPACITY_SPREAD * random.normal() - (CAPACITY_SPREAD * CAPACITY_SPREAD) / 2)
      const owed = asked + owedBefore
      const done = last ? Math.max(0, owed) : worked > 0 ? Math.max(0, (asked + CATCH_UP * owedBefore) * capacity * (common.month.get(month) ?? 1)) : 0
      owedBefore = owed - done
      const amount = Math.round(done)
      const reportDay = later(monthEnd, random.int(5, 12))
      // Now and then the first report is the site's quick estimate, replaced later by the audited figure.
      const estimated = random.chance(0.04)
      const first = estimated ? Math.round(done * Math.exp(ESTIMATE_ERROR * random.normal())) : amount
      if (!push("InvestmentReported", monthEnd, instant(reportDay, random), { period: Calendar.formatMonth(month), amount: first })) break
      if (estimated) {
        const revisedDay = later(reportDay, random.int(15, 40))
        push("InvestmentReported", monthEnd, instant(revisedDay, random), { period: Calendar.formatMonth(month), amount })
      }
      if (!toppedOut && pos >= durationMonths * 0.6 && !suspended) {
        toppedOut = push("ProjectToppedOut", dayInMonth(month, random), instant(later(monthEnd, 3), random), {})
      }
      if (last && !suspended) {
        finished = true
        if (push("ProjectCommissioned", monthEnd, instant(later(monthEnd, random.int(1, 10)), random), {})) return month
      }
    }
    return undefined
  }
  const afterSigning = events.length
  const end = site()
  const siteEvents = events.splice(afterSigning)
  pushPlans(end)
  events.push(...siteEvents)

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
      // Each project draws from a stream of its own, so that how long one runs never moves the next one's draws.
      const own = new SeededRandom(random.int(0, 2_147_483_646))
      yield* projectEvents(`${options.prefix}-${year}-${String(i).padStart(5, "0")}`, year, options, own, common)
    }
  }
}
