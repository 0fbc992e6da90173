/**
 * Descriptive statistics of a ledger's events, the same for any source, so that the generator's ledgers and the
 * practice cities can be set side by side: how lumpy a project's monthly spending is around its own smooth course,
 * how often an active project reports nothing, the month-of-year profile of the city's totals, how far the city's
 * months stray from that profile together, reporting lags, start delays against planned starts, plan changes and
 * suspensions. Pure: events in, numbers out; every figure is computed over the periods of `years`.
 */
import { Calendar } from "@groundbreak/domain"

/** The fields of an event the statistics read (a parsed JSON line or a generated event). */
export interface LedgerEvent {
  readonly projectId: string
  readonly type: string
  readonly occurredOn: string
  readonly knownAt: string
  readonly data: Record<string, unknown>
}

interface Report { readonly amount: number; readonly knownAt: number; readonly count: number; readonly first: number; readonly firstKnownAt: number }

interface Project {
  startMonth?: number
  endMonth?: number
  startDay?: number
  startKnownDays?: number
  readonly suspensions: Array<{ readonly on: number; readonly suspended: boolean }>
  readonly reports: Map<number, Report>
  readonly plans: Map<number, Array<{ readonly planned: number; readonly plannedStart?: number; readonly isNew: boolean; readonly knownAt: number }>>
  cancelled: boolean
  withdrawn: boolean
}

/** Absolute month (year × 12 + month − 1) of a YYYYMM. */
const abs = (yyyymm: number) => Math.floor(yyyymm / 100) * 12 + (yyyymm % 100) - 1
const monthOf = (date: string) => abs(Calendar.monthOfDay(Calendar.parseDate(date)!))
const instant = (text: string) => Calendar.parseInstant(text)!

const projectsOf = (events: Iterable<LedgerEvent>): Map<string, Project> => {
  const projects = new Map<string, Project>()
  for (const e of events) {
    let p = projects.get(e.projectId)
    if (p === undefined) {
      projects.set(e.projectId, p = { suspensions: [], reports: new Map(), plans: new Map(), cancelled: false, withdrawn: false })
    }
    switch (e.type) {
      case "ProjectStarted":
        p.startMonth = monthOf(e.occurredOn)
        p.startDay = Calendar.parseDate(e.occurredOn)!
        p.startKnownDays = (instant(e.knownAt) - Calendar.startOfDayChina(p.startDay)) / 86_400_000
        break
      case "ProjectCommissioned":
        p.endMonth = monthOf(e.occurredOn)
        break
      case "ProjectCancelled":
        p.endMonth ??= monthOf(e.occurredOn)
        p.cancelled = true
        break
      case "ProjectSuspended":
      case "ProjectResumed":
        p.suspensions.push({ on: Calendar.parseDate(e.occurredOn)!, suspended: e.type === "ProjectSuspended" })
        break
      case "PlanWithdrawn":
        p.withdrawn = true
        break
      case "AnnualPlanSet": {
        const year = e.data.year as number
        let list = p.plans.get(year)
        if (list === undefined) p.plans.set(year, list = [])
        const plannedStart = e.data.plannedStart === undefined ? undefined : abs(Calendar.parseMonth(e.data.plannedStart as string)!)
        list.push({
          planned: e.data.plannedInvestment as number,
          isNew: e.data.kind === "new",
          knownAt: instant(e.knownAt),
          ...(plannedStart === undefined ? {} : { plannedStart })
        })
        break
      }
      case "InvestmentReported": {
        const period = abs(Calendar.parseMonth(e.data.period as string)!)
        const at = instant(e.knownAt)
        const amount = e.data.amount as number
        const old = p.reports.get(period)
        if (old === undefined) p.reports.set(period, { amount, knownAt: at, count: 1, first: amount, firstKnownAt: at })
        else {
          const later = at >= old.knownAt
          const earlier = at < old.firstKnownAt
          p.reports.set(period, {
            amount: later ? amount : old.amount,
            knownAt: Math.max(at, old.knownAt),
            count: old.count + 1,
            first: earlier ? amount : old.first,
            firstKnownAt: Math.min(at, old.firstKnownAt)
          })
        }
        break
      }
    }
  }
  for (const p of projects.values()) {
    p.suspensions.sort((a, b) => a.on - b.on)
    for (const list of p.plans.values()) list.sort((a, b) => a.knownAt - b.knownAt)
  }
  return projects
}

const isSuspendedIn = (p: Project, month: number): boolean => {
  // In force on the 15th of the month.
  const day = Calendar.parseDate(`${Calendar.formatMonth(Math.floor(month / 12) * 100 + (month % 12) + 1)}-15`)!
  let suspended = false
  for (const s of p.suspensions) if (s.on <= day) suspended = s.suspended
  return suspended
}

export const quantile = (values: ReadonlyArray<number>, q: number): number => {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const at = q * (sorted.length - 1)
  const lo = Math.floor(at)
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (at - lo)
}
const mean = (values: ReadonlyArray<number>) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)
const sd = (values: ReadonlyArray<number>) => {
  const m = mean(values)
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / Math.max(1, values.length - 1))
}

export interface Statistics {
  /** log(actual / the project's own centred five-month mean), over active months with spending. */
  readonly logRatio: { readonly sd: number; readonly p05: number; readonly p25: number; readonly p50: number; readonly p75: number; readonly p95: number; readonly beyondOne: number; readonly n: number }
  /** Share of active project-months (started, not ended, not suspended; first and last month left out) with nothing reported. */
  readonly zeroShare: number
  /** Share of the year's city total in each calendar month, averaged over the years. */
  readonly monthProfile: ReadonlyArray<number>
  /** Spread of log(city month / (its year's total × the month's share)): the city-wide monthly shock with the portfolio's ramp. */
  readonly cityShock: number
  /** Spread over months of the mean of the projects' log ratios in a month, less its sampling part: the common shock. */
  readonly commonShock: number
  /** Completed over planned investment at each year end. */
  readonly completion: ReadonlyArray<number>
  /** Days from the end of a period to its first report (median, 90th percentile); share of periods revised; revision size. */
  readonly reportLag: { readonly p50: number; readonly p90: number; readonly revised: number; readonly revisionSize: number }
  /** Days from a start to its being known (median, 90th percentile). */
  readonly startLag: { readonly p50: number; readonly p90: number }
  /** Days from 1 January to the year's first plan being known (median over project-years). */
  readonly planKnownDays: number
  /** New projects' start month minus planned start month: shares by delay, never started within the plan year. */
  readonly startDelay: { readonly early: number; readonly onTime: number; readonly one: number; readonly two: number; readonly threeToFive: number; readonly sixPlus: number; readonly notInYear: number; readonly n: number }
  /** Share of project-years whose plan was revised, and the median |log| of the revision. */
  readonly planChanges: { readonly revised: number; readonly size: number; readonly withdrawn: number }
  /** Share of started projects ever suspended, median months suspended, share of suspensions beginning December–February. */
  readonly suspensions: { readonly share: number; readonly months: number; readonly winter: number }
}

/** The statistics of a ledger over the reporting periods of `years` (inclusive). */
export const compute = (events: Iterable<LedgerEvent>, years: { readonly from: number; readonly to: number }): Statistics => {
  const projects = projectsOf(events)
  const first = years.from * 12, last = years.to * 12 + 11
  const inWindow = (m: number) => m >= first && m <= last
  const amountIn = (p: Project, m: number) => p.reports.get(m)?.amount ?? 0

  const logRatios: Array<number> = []
  const byMonth = new Map<number, Array<number>>()
  let active = 0, zeros = 0
  const cityTotals = new Float64Array(last - first + 1)
  for (const p of projects.values()) {
    for (const [m, r] of p.reports) if (inWindow(m)) cityTotals[m - first]! += r.amount
    if (p.startMonth === undefined) continue
    const start = p.startMonth, end = p.endMonth ?? last
    for (let m = Math.max(first, start + 1); m <= Math.min(last, end - 1); m++) {
      if (isSuspendedIn(p, m)) continue
      active++
      const amount = amountIn(p, m)
      if (amount <= 0) { zeros++; continue }
      let sum = 0, n = 0
      for (let k = Math.max(start, m - 2); k <= Math.min(end, m + 2); k++) { sum += amountIn(p, k); n++ }
      if (n < 3 || sum <= 0) continue
      const ratio = Math.log(amount / (sum / n))
      logRatios.push(ratio)
      let list = byMonth.get(m)
      if (list === undefined) byMonth.set(m, list = [])
      list.push(ratio)
    }
  }

  // The month-of-year profile and the city's strays from it.
  const yearsList: Array<number> = []
  for (let y = years.from; y <= years.to; y++) yearsList.push(y)
  const shares = yearsList.map((y) => {
    const months = Array.from({ length: 12 }, (_, i) => cityTotals[y * 12 + i - first]!)
    const total = months.reduce((a, b) => a + b, 0)
    return months.map((v) => (total > 0 ? v / total : 0))
  })
  const monthProfile = Array.from({ length: 12 }, (_, i) => mean(shares.map((s) => s[i]!)))
  const residuals: Array<number> = []
  shares.forEach((s) => s.forEach((share, i) => {
    if (share > 0 && monthProfile[i]! > 0) residuals.push(Math.log(share / monthProfile[i]!))
  }))
  // The common shock: spread of the monthly means beyond what the projects' own spread gives them.
  const means: Array<number> = [], samplingVariance: Array<number> = []
  for (const list of byMonth.values()) {
    if (list.length < 10) continue
    means.push(mean(list))
    samplingVariance.push(sd(list) ** 2 / list.length)
  }
  const commonShock = Math.sqrt(Math.max(0, sd(means) ** 2 - mean(samplingVariance)))

  const completion = yearsList.map((y) => {
    let planned = 0, completed = 0
    for (const p of projects.values()) {
      const plans = p.plans.get(y)
      if (plans === undefined || plans.length === 0) continue
      planned += plans[plans.length - 1]!.planned
      for (let m = y * 12; m < y * 12 + 12; m++) completed += amountIn(p, m)
    }
    return planned > 0 ? completed / planned : NaN
  })

  const lags: Array<number> = [], revisionSizes: Array<number> = [], startLags: Array<number> = [], planKnown: Array<number> = []
  let periods = 0, revised = 0
  const delays: Array<number | undefined> = []
  let planYears = 0, planRevised = 0, withdrawn = 0
  const planSizes: Array<number> = []
  let started = 0, everSuspended = 0, suspensionStarts = 0, winterStarts = 0
  const suspendedMonths: Array<number> = []
  for (const p of projects.values()) {
    for (const [m, r] of p.reports) {
      if (!inWindow(m)) continue
      periods++
      const endOfPeriod = Calendar.endOfMonthChina(Math.floor(m / 12) * 100 + (m % 12) + 1)
      lags.push((r.firstKnownAt - endOfPeriod) / 86_400_000)
      if (r.count > 1) {
        revised++
        if (r.first > 0 && r.amount > 0) revisionSizes.push(Math.abs(Math.log(r.amount / r.first)))
      }
    }
    if (p.startMonth !== undefined && inWindow(p.startMonth)) startLags.push(p.startKnownDays!)
    for (const [y, plans] of p.plans) {
      if (y < years.from || y > years.to) continue
      planYears++
      planKnown.push((plans[0]!.knownAt - Calendar.startOfDayChina(Calendar.startOfYear(y))) / 86_400_000)
      if (plans.length > 1) {
        planRevised++
        if (plans[0]!.planned > 0 && plans[plans.length - 1]!.planned > 0) planSizes.push(Math.abs(Math.log(plans[plans.length - 1]!.planned / plans[0]!.planned)))
      }
      const plannedStart = plans.find((q) => q.plannedStart !== undefined)?.plannedStart
      if (plans[0]!.isNew && plannedStart !== undefined) {
        const inYear = p.startMonth !== undefined && p.startMonth <= y * 12 + 11
        delays.push(inYear ? p.startMonth! - plannedStart : undefined)
      }
    }
    if (p.withdrawn) withdrawn++
    if (p.startMonth !== undefined && inWindow(p.startMonth)) {
      started++
      if (p.suspensions.some((s) => s.suspended)) everSuspended++
    }
    for (let i = 0; i < p.suspensions.length; i++) {
      const s = p.suspensions[i]!
      const month = abs(Calendar.monthOfDay(s.on))
      if (!s.suspended || !inWindow(month)) continue
      suspensionStarts++
      if ([11, 0, 1].includes(month % 12)) winterStarts++
      const back = p.suspensions.slice(i + 1).find((q) => !q.suspended)
      if (back !== undefined) suspendedMonths.push(abs(Calendar.monthOfDay(back.on)) - month)
    }
  }
  const share = (pred: (d: number | undefined) => boolean) => delays.filter(pred).length / Math.max(1, delays.length)
  return {
    logRatio: {
      sd: sd(logRatios),
      p05: quantile(logRatios, 0.05),
      p25: quantile(logRatios, 0.25),
      p50: quantile(logRatios, 0.5),
      p75: quantile(logRatios, 0.75),
      p95: quantile(logRatios, 0.95),
      beyondOne: logRatios.filter((r) => Math.abs(r) > 1).length / Math.max(1, logRatios.length),
      n: logRatios.length
    },
    zeroShare: zeros / Math.max(1, active),
    monthProfile,
    cityShock: sd(residuals),
    commonShock,
    completion,
    reportLag: { p50: quantile(lags, 0.5), p90: quantile(lags, 0.9), revised: revised / Math.max(1, periods), revisionSize: quantile(revisionSizes, 0.5) },
    startLag: { p50: quantile(startLags, 0.5), p90: quantile(startLags, 0.9) },
    planKnownDays: quantile(planKnown, 0.5),
    startDelay: {
      early: share((d) => d !== undefined && d < 0),
      onTime: share((d) => d === 0),
      one: share((d) => d === 1),
      two: share((d) => d === 2),
      threeToFive: share((d) => d !== undefined && d >= 3 && d <= 5),
      sixPlus: share((d) => d !== undefined && d >= 6),
      notInYear: share((d) => d === undefined),
      n: delays.length
    },
    planChanges: { revised: planRevised / Math.max(1, planYears), size: quantile(planSizes, 0.5), withdrawn: withdrawn / Math.max(1, projects.size) },
    suspensions: {
      share: everSuspended / Math.max(1, started),
      months: quantile(suspendedMonths, 0.5),
      winter: winterStarts / Math.max(1, suspensionStarts)
    }
  }
}
