/**
 * Fitting the lifecycle from the store's own history, as known at the
 * knowledge cut and as of the valid date D (nothing dated after D is used,
 * so a forecast for September learns only from what had happened by then):
 * start delays against the planned start and construction durations (both
 * Kaplan–Meier, with projects still waiting counted as censored), the
 * construction S-curve, the calendar seasonality of investment, the monthly
 * noise around the curve, the reporting lag, when projects top out, and how
 * long suspensions last.
 */
import * as Calendar from "@groundbreak/domain/Calendar"
import type { ProjectFacts } from "@groundbreak/domain"
import * as SCurve from "./SCurve.ts"
import * as StartHazard from "./StartHazard.ts"
import * as Survival from "./Survival.ts"

export interface Model {
  /** Share of a year's investment done in each calendar month (sums to 1): the aggregate, for the simple methods. */
  readonly seasonality: ReadonlyArray<number>
  /**
   * How much of its curve's work a project does in each calendar month (mean 1 over the year): actual monthly
   * investment of finished projects over what their curve alone expects, by calendar month. Unlike the aggregate
   * shares, this leaves out the ramp-up of a portfolio whose projects start through the year, which each project's
   * own curve already carries.
   */
  readonly workCalendar: ReadonlyArray<number>
  /** Months from the planned start month to the actual start month. */
  readonly startDelay: Survival.Survival
  /**
   * The start hazard's factor in each calendar month (January first), from the earlier years' starts against the
   * start-delay model's expectation, shrunk towards 1 (StartHazard): a December rush or a winter without starts
   * where the history shows one, all 1 where the months do not differ beyond chance.
   */
  readonly startCalendar: ReadonlyArray<number>
  /**
   * How fast this year's new projects are starting against the start-delay model: the ratio of their starts by D
   * to the starts the model expects over the same waits (a hazard ratio), shrunk towards 1 by a few expected
   * starts' worth of evidence, with the spread of its logarithm. Each path draws its own ratio.
   */
  readonly startPace: StartPace
  /** Months from the start month to the commissioning month (the last month of work). */
  readonly duration: Survival.Survival
  readonly curve: SCurve.SCurve
  /**
   * Curves of the sectors with enough finished projects whose own curve predicts their held-out projects better
   * than the overall one; other sectors use the overall curve.
   */
  readonly curvesBySector: Readonly<Record<string, SCurve.SCurve>>
  /** Standard deviation of log(actual / expected) monthly investment. */
  readonly noiseSigma: number
  /** Median days from the end of a month to its investment report becoming known. */
  readonly reportLagDays: number
  /** Median share of the construction time at which projects top out. */
  readonly toppedOutShare: number
  /** Months a suspension lasts. */
  readonly suspension: Survival.Survival
  /** Monthly hazard of cancellation of a project under construction. */
  readonly cancellationHazard: number
  /** Monthly hazard of cancellation of a new project still waiting to start (from January of its plan year). */
  readonly waitingCancellationHazard: number
  /** How far a project's budget spent says how long it takes (see {@link ProgressEvidence}). */
  readonly progress: ProgressEvidence
  /** This year's pace of work against the curves, city and district, for the projects' scale (see {@link InvestmentPace}). */
  readonly investmentPace: InvestmentPace
  /**
   * The model's own error on the investment still to come, measured by
   * forecasting earlier years from the same date (see Forecast): each path
   * scales its simulated work by exp(bias + sigma·z − sigma²/2).
   */
  readonly error: ModelError
}

export interface ModelError {
  /** Mean log(actual / forecast) of the remaining investment in the backtests. */
  readonly bias: number
  /** Spread of that log ratio (at least a floor, since few years are seen). */
  readonly sigma: number
  /** The years backtested. */
  readonly years: ReadonlyArray<number>
}

export const noError: ModelError = { bias: 0, sigma: 0, years: [] }

export interface StartPace {
  /** Posterior mean of log(hazard ratio) of this year's starts against the model. */
  readonly logRatio: number
  /** Its standard deviation. */
  readonly sigma: number
  /**
   * Each district's hazard ratio relative to the city's: its starts against the model's expectation, shrunk towards
   * the city's ratio by a Gamma prior whose spread is the districts' spread beyond Poisson noise (empirical Bayes);
   * districts left out start at the city's pace.
   */
  readonly byDistrict: Readonly<Record<string, number>>
  /** Starts seen and expected by the model, this year's new projects, through D. */
  readonly observed: number
  readonly expected: number
}

/**
 * This year's pace of work: the investment reported this year against what each project's curve, length, work
 * calendar and total investment expect over the same months. The simulation sizes each project from its own reports,
 * shrunk towards its total by empirical Bayes ({@link projectPriorWeight}): the variance of projects' log pace
 * beyond the monthly noise says how far a project's reports are to be trusted. The city's and each district's pace
 * (pooled, districts shrunk towards the city by the spread between districts beyond their sampling variance) are
 * reported for the analyst, and deliberately not applied as a scale: on the practice cities, moving projects towards
 * their district's or city's pace made September and June forecasts worse (a fast year is mostly work done sooner,
 * not more work), so the shrinkage target stays the model's (pace 1).
 */
export interface InvestmentPace {
  /** The city's pace (1 = as the model expects). */
  readonly overall: number
  /** Each district's pace (districts without evidence are left out: they take the city's). */
  readonly byDistrict: Readonly<Record<string, number>>
  /** Variance of projects' log pace around the model's (pace 1), between projects, beyond the monthly noise. */
  readonly projectVariance: number
  /** Projects whose reports this year the paces rest on. */
  readonly projects: number
}

/**
 * What a project's progress says about its length. A project whose every month is reported has spent a known share
 * of its total investment; on its curve, that share after k months implies a length (SCurve.impliedLength). The
 * simulation moves each path's length (drawn from the construction durations given the time taken) towards it, in
 * logs, by `weight`, and spreads what is left of the budget over what is left of the curve. The weight is learned
 * from the ledger's finished projects, at every month of their lives: the mean squared log error of the implied
 * length against the length they took (`progressVariance`), and that of the draws given the time taken
 * (`drawVariance`, at a few levels); weight = drawVariance / (drawVariance + progressVariance). A ledger whose totals
 * do not match what projects spend gets a small weight by itself; without such projects, 0: the reports alone size
 * each project, as before. The weights are by how many months are reported ({@link progressBand}).
 *
 * Why: on the practice cities a project's pace this year, read as a scale on its whole curve, was mostly work done
 * sooner (a fast project finishes early and stops spending), which the reports-based scale carried into the fourth
 * quarter as more work. Tried and left out: weighting each month by the work calendar in the implied length (worse
 * in September: 3.7% MAPE against 2.7%), and a length from this year's speed with the bias of the implied length
 * corrected (September 2.4% but June 4.6% and the simulation's own September 3.1%).
 */
export interface ProgressEvidence {
  /**
   * What finished projects spent over their total investment (pooled: Σ reports / Σ totals): a project's budget is
   * this times its total, so a ledger whose totals understate or overstate the spending is read as it is.
   */
  readonly budgetRatio: number
  /** Variance of log(spent / (budgetRatio × total)) between finished projects: how far a project's budget is known. */
  readonly budgetVariance: number
  /** By {@link progressBand} of the months reported: a few months' spending says less than a year's. */
  readonly bands: ReadonlyArray<ProgressBand>
}

export interface ProgressBand {
  readonly weight: number
  /** Mean squared log error of the implied length against the length taken (its bias included: it is not corrected). */
  readonly progressVariance: number
  /** Mean squared log error of the draws given the time taken. */
  readonly drawVariance: number
  /** Project-months the variances rest on. */
  readonly months: number
}

/** Bands of months reported: 1, 2–3, 4–7, 8–15, 16–31, 32 and more. */
const PROGRESS_BANDS = 6
export const progressBand = (months: number): number => Math.min(PROGRESS_BANDS - 1, Math.floor(Math.log2(Math.max(1, months))))

const noBand: ProgressBand = { weight: 0, progressVariance: 0, drawVariance: 0, months: 0 }
export const noProgress: ProgressEvidence = { budgetRatio: 1, budgetVariance: 0, bands: Array.from({ length: PROGRESS_BANDS }, () => noBand) }

/** The weight of a project's progress after `months` months reported. */
export const progressWeight = (progress: ProgressEvidence, months: number): number => progress.bands[progressBand(months)]!.weight

/**
 * The weight, in logs, of a project's scale from its budget left (what is left over what is left of its curve)
 * against the scale its reports imply (shrunk towards its total, {@link projectPriorWeight}): each by the inverse of
 * its variance. The budget's: the budgets' variance ({@link ProgressEvidence.budgetVariance}) over the squared share
 * of the budget left (`leftShare`; an error of the whole budget falls on what is left); the reports': the posterior
 * variance of the project's log pace after `months` months of reports this year.
 */
export const budgetScaleWeight = (progress: ProgressEvidence, pace: InvestmentPace, noiseSigma: number, months: number, leftShare: number): number => {
  const budget = progress.budgetVariance / Math.max(1e-12, leftShare * leftShare)
  const reports = 1 / (1 / Math.max(PROJECT_VARIANCE_FLOOR, pace.projectVariance) + months / (noiseSigma * noiseSigma))
  return reports / (reports + budget)
}

/** Project-months of finished projects in a band needed before their progress is trusted there at all. */
const PROGRESS_MINIMUM_MONTHS = 50

/**
 * The ledger's first reported month ({@link absoluteMonth}), Infinity without a report: a project started before it
 * spent what no report shows.
 */
export const firstReportedMonth = (projects: Iterable<ProjectFacts.ProjectFacts>): number => {
  let first = Infinity
  for (const facts of projects) for (const period of facts.investment.keys()) if (period < first) first = period
  return Number.isFinite(first) ? absoluteMonth(first) : Infinity
}

/** No evidence (no project has reports this year, so no weight is ever asked for): the model's pace. */
export const neutralInvestmentPace: InvestmentPace = { overall: 1, byDistrict: {}, projectVariance: 0.05, projects: 0 }

/** The smallest between-project variance of the log pace assumed: a handful of projects can agree by luck. */
const PROJECT_VARIANCE_FLOOR = 0.005

/**
 * Weight of a project's prior scale (its total investment) against its own reports over `months`
 * months of this year: the sampling variance of its log pace (the monthly noise over the months) over the variance
 * of projects around the model's pace ({@link InvestmentPace.projectVariance}).
 */
export const projectPriorWeight = (pace: InvestmentPace, noiseSigma: number, months: number): number =>
  (noiseSigma * noiseSigma) / Math.max(1, months) / Math.max(PROJECT_VARIANCE_FLOOR, pace.projectVariance)

/** The investment a project is sized by: its total, else 2.5 times its planned investment for the year. */
export const scaleOf = (totalInvestment: number, plannedInvestment: number): number =>
  totalInvestment > 0 ? totalInvestment : plannedInvestment * 2.5

export interface PaceEvidence {
  readonly district: string
  readonly known: number
  readonly expected: number
  readonly months: number
  /** Variance of log(expected) over the lengths the project may still take (0 when its length is known). */
  readonly lengthVariance: number
}

/** Levels of the conditional length distribution at which a project's expectation is evaluated for its spread. */
const LENGTH_LEVELS = [0.1, 0.3, 0.5, 0.7, 0.9]

/** Pooled ratio of a group's reports to its expectation, shrunk towards `towards` by `prior` of expected work. */
const ratioOf = (group: ReadonlyArray<PaceEvidence>, towards: number, prior: number): number => {
  let known = 0, expected = 0
  for (const e of group) known += e.known, expected += e.expected
  return (known + prior * towards) / (expected + prior)
}

/** The paces from each project's evidence (see {@link InvestmentPace}). */
export const investmentPaceOf = (evidence: ReadonlyArray<PaceEvidence>, noiseSigma: number): InvestmentPace => {
  if (evidence.length === 0) return neutralInvestmentPace
  const meanExpected = evidence.reduce((a, e) => a + e.expected, 0) / evidence.length
  const overall = ratioOf(evidence, 1, meanExpected)
  const groups = new Map<string, Array<PaceEvidence>>()
  for (const e of evidence) {
    let g = groups.get(e.district)
    if (g === undefined) groups.set(e.district, g = [])
    g.push(e)
  }
  // Projects around the model's pace, the shrinkage target: the spread beyond the monthly noise's share and beyond
  // what the uncertain lengths explain.
  let projectExcess = 0
  for (const e of evidence) projectExcess += Math.log(e.known / e.expected) ** 2 - (noiseSigma * noiseSigma) / e.months - e.lengthVariance
  const projectVariance = Math.max(PROJECT_VARIANCE_FLOOR, projectExcess / evidence.length)
  const raw = new Map([...groups].map(([d, g]) => [d, ratioOf(g, 1, 0)]))
  // Districts around the city: the spread beyond each district's sampling variance (its projects' spread over its
  // effective count of projects, weighted by expected work).
  let districtExcess = 0
  const sampling = new Map<string, number>()
  for (const [d, g] of groups) {
    const total = g.reduce((a, e) => a + e.expected, 0)
    const effective = total * total / g.reduce((a, e) => a + e.expected * e.expected, 0)
    const variance = (projectVariance + noiseSigma * noiseSigma / (g.reduce((a, e) => a + e.months, 0) / g.length)) / effective
    sampling.set(d, variance)
    districtExcess += Math.log(raw.get(d)! / overall) ** 2 - variance
  }
  const districtVariance = groups.size < 2 ? 0 : Math.max(0, districtExcess / (groups.size - 1))
  const byDistrict: Record<string, number> = {}
  for (const [d, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // Shrinkage B = s² / (s² + τ²), as a prior worth B / (1 − B) of the district's own expected work.
    const own = g.reduce((a, e) => a + e.expected, 0)
    const s2 = sampling.get(d)!
    byDistrict[d] = districtVariance <= 0 ? overall : ratioOf(g, overall, (own * s2) / districtVariance)
  }
  return { overall, byDistrict, projectVariance, projects: evidence.length }
}

/** No evidence: the model's own start hazard. */
export const neutralStartPace: StartPace = { logRatio: 0, sigma: 0, byDistrict: {}, observed: 0, expected: 0 }

/** Prior evidence for the start pace: as many starts as this, expected and seen at the model's hazard. */
const START_PACE_PRIOR = 4
/** The model's survival is floored here when turned into hazards, so one long wait cannot dominate. */
const SURVIVAL_FLOOR = 0.02

/** A new project's wait this year: its delay so far, its district, and the calendar month (0 = January) it was planned for. */
export interface Wait extends Survival.Observation {
  readonly district: string
  /** Calendar index of the planned start month (0 = January); without it, January (only matters with a calendar). */
  readonly planned?: number
}

/**
 * This year's start pace: counts of starts against the cumulative discrete hazard of the start-delay model over
 * each new project's wait so far (from the earliest delay the model allows to its start, or to D), each month's
 * hazard times its calendar factor, with a Gamma prior of {@link START_PACE_PRIOR} starts at ratio 1; the posterior's
 * log is taken as normal.
 */
export const startPaceOf = (
  startDelay: Survival.Survival,
  waits: ReadonlyArray<Wait>,
  calendar: ReadonlyArray<number> = StartHazard.flatCalendar
): StartPace => {
  // Discrete hazard at each delay, the survival floored: summed over a wait (each month's times its calendar
  // factor), the expected count of starts.
  const from = startDelay.from, span = startDelay.survival.length
  const hazards = Float64Array.from({ length: span }, (_, i) => StartHazard.hazardAt(startDelay, from + i, SURVIVAL_FLOOR))
  let observed = 0, expected = 0
  const districts = new Map<string, { observed: number; expected: number }>()
  for (const w of waits) {
    let d = districts.get(w.district)
    if (d === undefined) districts.set(w.district, d = { observed: 0, expected: 0 })
    let e = 0
    for (let i = 0; i < span && from + i <= w.months; i++) e += hazards[i]! * calendar[StartHazard.calendarIndex((w.planned ?? 0) + from + i)]!
    if (w.observed) observed++, d.observed++
    expected += e
    d.expected += e
  }
  if (observed + expected === 0) return neutralStartPace
  const shape = observed + START_PACE_PRIOR, rate = expected + START_PACE_PRIOR
  return {
    logRatio: Math.log(shape / rate) - 1 / (2 * shape),
    sigma: Math.sqrt(1 / shape),
    byDistrict: districtStartFactors(districts, observed / Math.max(1e-12, expected)),
    observed,
    expected
  }
}

/**
 * Districts' start hazard ratios against the city's `ratio`, shrunk towards it (StartHazard.relativeRates); without
 * spread beyond the noise, every district at the city's pace (none listed).
 */
const districtStartFactors = (districts: ReadonlyMap<string, StartHazard.Counts>, ratio: number): Record<string, number> => {
  const used = [...districts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return Object.fromEntries(StartHazard.relativeRates(used, ratio) ?? [])
}

/** Month index counted from January of year 0: comparable across years. */
export const absoluteMonth = (yyyymm: number): number => Math.floor(yyyymm / 100) * 12 + (yyyymm % 100) - 1
/** The month (yyyymm) of an {@link absoluteMonth} index. */
export const yyyymmOf = (absolute: number): number => Math.floor(absolute / 12) * 100 + (absolute % 12) + 1
const monthOfDayAbs = (day: number): number => absoluteMonth(Calendar.monthOfDay(day))

const medianOf = (values: Array<number>, fallback: number): number => {
  if (values.length === 0) return fallback
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/** Share of a year's investment done in each calendar month, from earlier complete years (uniform without one). */
export const seasonalityOf = (projects: Iterable<ProjectFacts.ProjectFacts>, year: number): Array<number> => {
  const totals = new Map<number, Float64Array>()
  for (const facts of projects) {
    for (const [period, report] of facts.investment) {
      const y = Math.floor(period / 100)
      if (y >= year) continue
      let months = totals.get(y)
      if (months === undefined) totals.set(y, months = new Float64Array(12))
      months[(period % 100) - 1]! += report.amount
    }
  }
  const sum = new Float64Array(12)
  for (const months of totals.values()) {
    if (months.some((m) => m <= 0)) continue // an incomplete year would bend the shares
    months.forEach((m, i) => (sum[i]! += m))
  }
  const total = sum.reduce((a, b) => a + b, 0)
  return total > 0 ? Array.from(sum, (m) => m / total) : Array.from({ length: 12 }, () => 1 / 12)
}

interface Finished {
  readonly facts: ProjectFacts.ProjectFacts
  /** Absolute month of the start. */
  readonly start: number
  readonly length: number
  readonly total: number
}

/**
 * The calendar factor of each month for a project's work: Σ actual / Σ expected by the curve alone over finished
 * projects' months, each month shrunk towards 1 by one average project-month's worth of evidence, scaled to mean 1.
 */
const workCalendarOf = (finished: ReadonlyArray<Finished>, curve: SCurve.SCurve): Array<number> => {
  const actual = new Float64Array(12), expected = new Float64Array(12)
  let projectMonths = 0
  for (const { facts, start, length, total } of finished) {
    projectMonths += length
    for (let m = 0; m < length; m++) {
      const month = start + m
      const yyyymm = yyyymmOf(month)
      actual[month % 12]! += facts.investment.amountOf(yyyymm) ?? 0
      expected[month % 12]! += total * (SCurve.evaluate(curve, (m + 1) / length) - SCurve.evaluate(curve, m / length))
    }
  }
  const prior = expected.reduce((a, b) => a + b, 0) / Math.max(1, projectMonths)
  if (!(prior > 0)) return Array.from({ length: 12 }, () => 1)
  const raw = Array.from(actual, (a, m) => (a + prior) / (expected[m]! + prior))
  const mean = raw.reduce((a, b) => a + b, 0) / 12
  return raw.map((r) => r / mean)
}

/** The {@link ProgressEvidence} of finished projects whose whole life is reported. */
const progressOf = (
  finished: ReadonlyArray<Finished>,
  firstReported: number,
  curveOf: (sector: string | undefined) => SCurve.SCurve,
  duration: Survival.Survival
): ProgressEvidence => {
  const whole = finished.filter(({ facts, start }) => start >= firstReported && facts.totalInvestment > 0)
  let spentAll = 0, totalAll = 0
  for (const { facts, total } of whole) spentAll += total, totalAll += facts.totalInvestment
  if (!(spentAll > 0)) return noProgress
  const budgetRatio = spentAll / totalAll
  const budgetVariance = whole.reduce((a, { facts, total }) => a + Math.log(total / (budgetRatio * facts.totalInvestment)) ** 2, 0) / whole.length
  const progressSum = new Float64Array(PROGRESS_BANDS), drawSum = new Float64Array(PROGRESS_BANDS), months = new Float64Array(PROGRESS_BANDS)
  for (const { facts, start, length } of whole) {
    const curve = curveOf(facts.sector)
    let spent = 0
    for (let k = 1; k < length; k++) {
      spent += facts.investment.amountOf(yyyymmOf(start + k - 1)) ?? 0
      const implied = SCurve.impliedLength(curve, k, spent / (budgetRatio * facts.totalInvestment))
      if (implied === undefined) continue
      const band = progressBand(k)
      progressSum[band]! += Math.log(implied / length) ** 2
      let draws = 0
      for (const u of LENGTH_LEVELS) draws += Math.log(Math.max(1, Survival.drawBeyond(duration, k - 1, u) ?? k + 12) / length) ** 2
      drawSum[band]! += draws / LENGTH_LEVELS.length
      months[band]!++
    }
  }
  return {
    budgetRatio,
    budgetVariance,
    bands: Array.from(months, (n, band): ProgressBand => {
      if (n < PROGRESS_MINIMUM_MONTHS) return noBand
      const progressVariance = progressSum[band]! / n, drawVariance = drawSum[band]! / n
      return { weight: drawVariance / (drawVariance + progressVariance), progressVariance, drawVariance, months: n }
    })
  }
}

/** Fits the model from facts known at the cut, for forecasts of `year` made as of `asOf` (epoch day). */
export const fit = (projects: ReadonlyArray<ProjectFacts.ProjectFacts>, year: number, asOf: number): Model => {
  const asOfMonth = monthOfDayAbs(asOf)
  const happened = (day: number | undefined): day is number => day !== undefined && day <= asOf

  const delays: Array<Survival.Observation> = []
  const waits: Array<Wait> = []
  /** Earlier years' waits, for the calendar: planned and last month waited (absolute), and whether it ended in a start. */
  const earlierWaits: Array<{ readonly planned: number; readonly from: number; readonly to: number; readonly started: boolean }> = []
  const durations: Array<Survival.Observation> = []
  const suspensions: Array<Survival.Observation> = []
  const curvePoints: Array<SCurve.CurvePoint> = []
  const lags: Array<number> = []
  const topOuts: Array<number> = []
  const finished: Array<Finished> = []
  let cancellations = 0, monthsAtRisk = 0, waitingCancellations = 0, waitingMonths = 0

  projects.forEach((facts, index) => {
    const started = happened(facts.startedOn)
    const startMonth = started ? monthOfDayAbs(facts.startedOn!) : undefined
    for (const [planYear, plan] of facts.plans) {
      if (!plan.isNew || plan.plannedStart === 0 || planYear > year) continue
      const planned = absoluteMonth(plan.plannedStart)
      // A project cancelled before it started was waiting until then: censored there (a competing risk,
      // simulated with the waiting projects' own cancellation hazard).
      const cancelledWaiting = startMonth === undefined && happened(facts.cancelledOn)
      const waitEnd = startMonth ?? (cancelledWaiting ? monthOfDayAbs(facts.cancelledOn!) : asOfMonth)
      const listed = absoluteMonth(planYear * 100 + 1), yearEnd = absoluteMonth(planYear * 100 + 12)
      // The delay is a start within the plan year: a project that had not started by its December slipped to a
      // later year's plan, censored there. A slipped project's start next year is not a long delay of this year's
      // kind: counted as one, the starts of a June plan in the next January–March would give a March plan still
      // waiting in September a hazard of months 7–9 that no such project shows within its own year.
      const startedInYear = startMonth !== undefined && startMonth <= yearEnd
      const wait = { months: Math.min(waitEnd, yearEnd) - planned, observed: startedInYear }
      waitingMonths += Math.max(0, waitEnd - listed + (startMonth === undefined ? 1 : 0))
      if (cancelledWaiting) waitingCancellations++
      delays.push(wait)
      if (planYear === year) waits.push({ ...wait, district: facts.district ?? "(unknown)", planned: planned % 12 })
      // The calendar compares starts within the plan year with the model's expectation there.
      else earlierWaits.push({ planned, from: listed, to: Math.min(waitEnd, yearEnd), started: startedInYear })
    }
    if (startMonth !== undefined) {
      const end = happened(facts.commissionedOn) ? facts.commissionedOn : happened(facts.cancelledOn) ? facts.cancelledOn : undefined
      monthsAtRisk += (end === undefined ? asOfMonth : monthOfDayAbs(end)) - startMonth + 1
      if (happened(facts.cancelledOn) && !happened(facts.commissionedOn)) cancellations++
      if (happened(facts.commissionedOn)) {
        const length = monthOfDayAbs(facts.commissionedOn!) - startMonth + 1
        durations.push({ months: length, observed: true })
        let total = 0
        for (const [period, report] of facts.investment) if (absoluteMonth(period) <= startMonth + length - 1) total += report.amount
        if (total > 0) finished.push({ facts, start: startMonth, length, total })
        if (happened(facts.toppedOutOn) && length > 0) topOuts.push((monthOfDayAbs(facts.toppedOutOn!) - startMonth + 1) / length)
      } else if (!happened(facts.cancelledOn)) {
        durations.push({ months: asOfMonth - startMonth + 1, observed: false })
      }
    }
    // Suspensions: each suspension until the next resumption (or censored at D).
    const ordered = facts.suspensions.length === 0
      ? facts.suspensions
      : facts.suspensions.filter((s) => s.on <= asOf).sort((a, b) => a.on - b.on || a.position - b.position)
    for (let i = 0; i < ordered.length; i++) {
      if (!ordered[i]!.suspended) continue
      const resumed = ordered.slice(i + 1).find((s) => !s.suspended)
      const from = monthOfDayAbs(ordered[i]!.on)
      suspensions.push(resumed ? { months: monthOfDayAbs(resumed.on) - from, observed: true } : { months: asOfMonth - from, observed: false })
    }
    // Reporting lags, from a sample of projects (every seventh is plenty).
    if (index % 7 === 0) {
      for (const [period, report] of facts.investment) {
        const end = Calendar.endOfMonth(period)
        const lag = (report.knownAt - (end + 1) * 86_400_000) / 86_400_000
        if (end < asOf && lag >= 0) lags.push(lag)
      }
    }
  })

  const seasonality = seasonalityOf(projects, year)
  // The curve is fitted on a sample: twenty thousand finished projects pin it down well.
  const sampleEvery = Math.max(1, Math.ceil(finished.length / 20_000))
  const pointsBySector = new Map<string, Array<SCurve.CurvePoint>>()
  finished.filter((_, i) => i % sampleEvery === 0).forEach(({ facts, start, length, total }, project) => {
    let cumulative = 0
    const sector = facts.sector ?? "(unknown)"
    let own = pointsBySector.get(sector)
    if (own === undefined) pointsBySector.set(sector, own = [])
    for (let m = 0; m < length; m++) {
      const month = start + m
      const yyyymm = yyyymmOf(month)
      cumulative += facts.investment.amountOf(yyyymm) ?? 0
      const point = { t: (m + 1) / length, y: cumulative / total, project }
      curvePoints.push(point)
      own.push(point)
    }
  })
  const curve = SCurve.fit(curvePoints)
  const workCalendar = workCalendarOf(finished.filter((_, i) => i % sampleEvery === 0), curve)
  const curvesBySector: Record<string, SCurve.SCurve> = {}
  for (const [sector, points] of pointsBySector) {
    if (new Set(points.map((p) => p.project)).size < 60) continue
    const own = SCurve.fit(points)
    if (SCurve.heldOutError(own, points) < SCurve.heldOutError(curve, points)) curvesBySector[sector] = own
  }

  // Monthly noise around the curve, seasonality included.
  const logRatios: Array<number> = []
  for (const { facts, start, length, total } of finished.slice(0, 2000)) {
    for (let m = 0; m < length; m++) {
      const month = start + m
      const yyyymm = yyyymmOf(month)
      const actual = facts.investment.amountOf(yyyymm) ?? 0
      const expected = total * (SCurve.evaluate(curve, (m + 1) / length) - SCurve.evaluate(curve, m / length)) * workCalendar[month % 12]!
      if (actual > 0 && expected > 0) logRatios.push(Math.log(actual / expected))
    }
  }
  const meanLog = logRatios.reduce((a, b) => a + b, 0) / Math.max(1, logRatios.length)
  const variance = logRatios.reduce((a, b) => a + (b - meanLog) ** 2, 0) / Math.max(1, logRatios.length - 1)

  const startDelay = Survival.kaplanMeier(delays, { from: -1, mean: 1, span: 24 })
  // Starts in each calendar month of the earlier years against the delay model's hazard over the months waited.
  const calendarObserved = new Float64Array(12), calendarExpected = new Float64Array(12)
  for (const w of earlierWaits) {
    for (let m = Math.max(w.from, w.planned + startDelay.from); m <= w.to; m++) {
      calendarExpected[m % 12]! += StartHazard.hazardAt(startDelay, m - w.planned)
      if (w.started && m === w.to) calendarObserved[m % 12]!++
    }
  }
  const startCalendar = StartHazard.calendarOf(calendarObserved, calendarExpected)
  const duration = Survival.kaplanMeier(durations, { from: 1, mean: 18, span: 48 })
  const progress = progressOf(
    finished.filter((_, i) => i % sampleEvery === 0),
    firstReportedMonth(projects),
    (sector) => curvesBySector[sector ?? "(unknown)"] ?? curve,
    duration
  )
  const noiseSigma = logRatios.length < 20 ? 0.25 : Math.min(1, Math.max(0.02, Math.sqrt(variance)))

  // This year's pace: each project's reports this year against its curve over the same months.
  const firstMonth = absoluteMonth(year * 100 + 1)
  const paceEvidence: Array<PaceEvidence> = []
  for (const facts of projects) {
    const plan = facts.plans.get(year)
    if (plan === undefined || !happened(facts.startedOn)) continue
    const start = monthOfDayAbs(facts.startedOn!)
    let known = 0, last = -1
    for (const [period, report] of facts.investment) {
      if (Math.floor(period / 100) !== year || Calendar.endOfMonth(period) > asOf) continue
      known += report.amount
      last = Math.max(last, absoluteMonth(period))
    }
    const first = Math.max(firstMonth, start)
    if (!(known > 0) || last < first) continue
    const sectorCurve = curvesBySector[facts.sector ?? "(unknown)"] ?? curve
    let calendar = 0
    for (let m = first; m <= last; m++) calendar += workCalendar[m % 12]!
    const scale = scaleOf(facts.totalInvestment, plan.plannedInvestment) * calendar / (last - first + 1)
    const expectedFor = (length: number) =>
      scale * (SCurve.evaluate(sectorCurve, Math.min(1, (last - start + 1) / length)) - SCurve.evaluate(sectorCurve, Math.max(0, (first - start) / length)))
    // The length: known once commissioned; else the conditional median, and the spread of the log expectation over
    // the conditional lengths (each path draws its own, so that spread is not the project's pace).
    const elapsed = asOfMonth - start + 1
    const lengthAt = (u: number) => Math.max(1, Survival.drawBeyond(duration, elapsed - 1, u) ?? elapsed + 12)
    const commissioned = happened(facts.commissionedOn)
    const expected = expectedFor(commissioned ? monthOfDayAbs(facts.commissionedOn!) - start + 1 : lengthAt(0.5))
    let lengthVariance = 0
    if (!commissioned) {
      const logs = LENGTH_LEVELS.map((u) => Math.log(Math.max(1e-12, expectedFor(lengthAt(u)))))
      const meanLog = logs.reduce((a, b) => a + b, 0) / logs.length
      lengthVariance = logs.reduce((a, l) => a + (l - meanLog) ** 2, 0) / logs.length
    }
    if (expected > 0) paceEvidence.push({ district: facts.district ?? "(unknown)", known, expected, months: last - first + 1, lengthVariance })
  }
  return {
    seasonality,
    workCalendar,
    startDelay,
    startCalendar,
    startPace: startPaceOf(startDelay, waits, startCalendar),
    duration,
    curve,
    curvesBySector,
    noiseSigma,
    reportLagDays: medianOf(lags, 10),
    toppedOutShare: medianOf(topOuts, 0.6),
    suspension: Survival.kaplanMeier(suspensions, { from: 1, mean: 2, span: 12 }),
    cancellationHazard: monthsAtRisk > 0 ? cancellations / monthsAtRisk : 0,
    waitingCancellationHazard: waitingMonths > 0 ? waitingCancellations / waitingMonths : 0,
    progress,
    investmentPace: investmentPaceOf(paceEvidence, noiseSigma),
    error: noError
  }
}
