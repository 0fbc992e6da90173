/**
 * The Monte Carlo: each path plays the rest of the plan year, project by
 * project, from the compiled state at D: starts of the projects still
 * waiting (start delays conditional on the wait so far), monthly work along
 * the S-curve with the calendar's seasonality and noise, top-outs,
 * commissionings, resumptions of suspended projects, cancellations, and the
 * scenario's pace multipliers, pauses and extra projects. Months already
 * past but not yet reported are simulated too.
 *
 * Every draw is addressed (seed, path, stream, index) (see CounterRandom), so
 * a path is the same whichever worker runs it, and scenarios share their
 * random numbers. The year-end figures of a path use the KPI definitions
 * of `@groundbreak/indicators`; a recorder, when given, receives every
 * simulated fact so the path can be written out as events.
 */
import { Calendar } from "@groundbreak/domain"
import { Kpis } from "@groundbreak/indicators"
import { Scenario } from "@groundbreak/scenario"
import { lognormalFactorTable, lookupFactor, normalQuantile, pathKey, streamKeyOf, streamOf, uniform, uniformAt } from "./CounterRandom.ts"
import { type Model, projectPriorWeight } from "./Estimation.ts"
import { type Compiled, NEVER, unknownLabel, workShare } from "./Portfolio.ts"
import { draw } from "./Quantities.ts"
import { type GroupPaths, type RiskTallies, Tally, type TallySpec } from "./RiskTally.ts"
import * as SCurve from "./SCurve.ts"
import * as Survival from "./Survival.ts"

export interface PathOutcomes {
  readonly investment: Float64Array
  /** Planned investment of the year's plan at year end (extra projects' plans included), 万元, per path. */
  readonly plannedInvestment: Float64Array
  readonly startRate: Float64Array
  readonly startResumeRate: Float64Array
  readonly commissioned: Float64Array
  /** Simulated investment in each month, path-major: `[path × 12 + month − 1]`. */
  readonly monthlyInvestment: Float64Array
  /** Simulated starts of new projects in each month, path-major. */
  readonly monthlyStarts: Float64Array
  /** New projects on the plan at year end (extra projects included), per path. */
  readonly newProjects: Float64Array
  /** Mean year-end investment by the portfolio's district index (万元). */
  readonly districtMeans: Float64Array
  /** Per-project counters, when the prepared scenario asks for them (see RiskTally). */
  readonly risk?: RiskTallies | undefined
  /** Per-group sums of each path, when asked for. */
  readonly groups?: GroupPaths | undefined
}

/** Receives the simulated facts of one path, to write it out as events. */
export interface Recorder {
  started(project: number, month: number): void
  invested(project: number, month: number, amount: number): void
  toppedOut(project: number, month: number): void
  commissioned(project: number, month: number): void
  cancelled(project: number, month: number): void
  resumed(project: number, month: number): void
  /** An extra project put on the plan in `month`; returns the project number its later facts are recorded under. */
  extraProject(entry: number, month: number, total: number, planned: number, district: string, sector: string): number
}

// Draw indices within a project's stream.
const DRAW_START = 0, DRAW_LENGTH = 1, DRAW_CANCEL = 2, DRAW_CANCEL_MONTH = 3, DRAW_RESUME = 4, DRAW_BLOCK = 5, DRAW_NOISE = 6
const PROJECT_STREAM_BASE = 1_000
/** Simulated amounts are whole hundreds of yuan (0.01 万元), as written to events. */
const toCents = (wan: number): number => Math.round(wan * 100) / 100

/** The scenario, prepared once: scopes resolved to project masks, pauses to monthly coverage. */
export interface Prepared {
  readonly seed: number
  readonly scenario: Scenario.Scenario
  readonly pauseCoverage: ReadonlyArray<Float64Array>
  readonly pauseMask: Uint32Array
  readonly pauseBlocks: ReadonlyArray<boolean>
  readonly pauseEnd: ReadonlyArray<number>
  /** Per-project risk and per-group tallies to keep (none by default). */
  readonly tally?: TallySpec | undefined
}

const matches = (scope: Scenario.Scope | undefined, district: string, sector: string, isNew: boolean): boolean =>
  scope === undefined || (
    (scope.districts === undefined || scope.districts.includes(district)) &&
    (scope.sectors === undefined || scope.sectors.includes(sector)) &&
    (scope.kinds === undefined || scope.kinds.includes(isNew ? "new" : "continuing"))
  )

export const prepare = (portfolio: Compiled, scenario: Scenario.Scenario, seed: number, tally?: TallySpec): Prepared => {
  const pauses = scenario.assumptions?.pauses ?? []
  if (pauses.length > 32) throw new Error("at most 32 pauses per scenario")
  const pauseCoverage = pauses.map((pause) => {
    const coverage = new Float64Array(13)
    const from = Calendar.parseDate(pause.from)!, to = Calendar.parseDate(pause.to)!
    for (let m = 1; m <= 12; m++) {
      const first = Calendar.startOfYear(portfolio.year) + (m === 1 ? 0 : Calendar.endOfMonth(portfolio.year * 100 + m - 1) - Calendar.startOfYear(portfolio.year) + 1)
      const last = Calendar.endOfMonth(portfolio.year * 100 + m)
      const overlap = Math.min(last, to) - Math.max(first, from) + 1
      coverage[m] = overlap > 0 ? overlap / (last - first + 1) : 0
    }
    return coverage
  })
  const pauseMask = new Uint32Array(portfolio.count)
  for (let i = 0; i < portfolio.count; i++) {
    let mask = 0
    pauses.forEach((pause, k) => {
      if (matches(pause.scope, portfolio.districts[portfolio.district[i]!]!, portfolio.sectors[portfolio.sector[i]!]!, portfolio.isNew[i] === 1)) mask |= 1 << k
    })
    pauseMask[i] = mask >>> 0
  }
  const pauseEnd = pauses.map((pause) => {
    const to = Calendar.monthOfDay(Calendar.parseDate(pause.to)!)
    return Math.floor(to / 100) === portfolio.year ? (to % 100) + 1 : Math.floor(to / 100) < portfolio.year ? 1 : NEVER
  })
  return { seed, scenario, pauseCoverage, pauseMask, pauseBlocks: pauses.map((p) => p.blocksStarts ?? true), pauseEnd, tally }
}

/** Scenario-level draws of one path: multipliers by district, sector and month, pause intensities, probabilities. */
const drawAssumptions = (portfolio: Compiled, model: Model, prepared: Prepared, path: number) => {
  const a = prepared.scenario.assumptions ?? {}
  const u = (name: string) => uniform(prepared.seed, path, streamOf(name), 0)
  const pace = a.pace ?? {}
  const overall = pace.overall === undefined ? 1 : draw(pace.overall, u("pace.overall"))
  const byDistrict = portfolio.districts.map((d) => pace.byDistrict?.[d] === undefined ? 1 : draw(pace.byDistrict[d]!, u(`pace.byDistrict.${d}`)))
  const bySector = portfolio.sectors.map((s) => pace.bySector?.[s] === undefined ? 1 : draw(pace.bySector[s]!, u(`pace.bySector.${s}`)))
  const byMonth = new Float64Array(13)
  for (let m = 1; m <= 12; m++) {
    const q = pace.byMonth?.[String(m)]
    byMonth[m] = overall * (q === undefined ? 1 : draw(q, u(`pace.byMonth.${m}`)))
  }
  return {
    byDistrict,
    bySector,
    byMonth,
    shift: a.startDelayShift === undefined ? 0 : draw(a.startDelayShift, u("startDelayShift")),
    /** Probability of cancellation over the rest of the year: the scenario's, else the fitted monthly hazard's. */
    cancel: a.cancellationProbability === undefined
      ? 1 - (1 - model.cancellationHazard) ** (12 - portfolio.asOfMonth)
      : Math.min(1, Math.max(0, draw(a.cancellationProbability, u("cancellationProbability")))),
    /** The same for a project still waiting to start, from the waiting projects' own hazard. */
    cancelWaiting: a.cancellationProbability === undefined
      ? 1 - (1 - model.waitingCancellationHazard) ** (12 - portfolio.asOfMonth)
      : Math.min(1, Math.max(0, draw(a.cancellationProbability, u("cancellationProbability")))),
    intensity: (a.pauses ?? []).map((p, k) => Math.min(1, Math.max(0, draw(p.intensity, u(`pauses.${k}.${p.name}`)))))
  }
}

/** Multiplier of work in month m from the pauses that cover a project. */
const pauseFactor = (prepared: Prepared, intensity: ReadonlyArray<number>, mask: number, m: number): number => {
  let factor = 1
  for (let k = 0; mask !== 0; k++, mask >>>= 1) {
    if (mask & 1) factor *= 1 - intensity[k]! * prepared.pauseCoverage[k]![m]!
  }
  return factor
}

/**
 * Runs paths `from` … `to - 1` and returns their year-end figures. With a
 * recorder (for a single path), every simulated fact is reported to it.
 */
export const run = (
  portfolio: Compiled,
  model: Model,
  prepared: Prepared,
  from: number,
  to: number,
  recorder?: Recorder,
  onProgress?: (pathsDone: number) => void
): PathOutcomes => {
  const paths = to - from
  const out: PathOutcomes = {
    investment: new Float64Array(paths),
    plannedInvestment: new Float64Array(paths),
    startRate: new Float64Array(paths),
    startResumeRate: new Float64Array(paths),
    commissioned: new Float64Array(paths),
    monthlyInvestment: new Float64Array(paths * 12),
    monthlyStarts: new Float64Array(paths * 12),
    newProjects: new Float64Array(paths),
    districtMeans: new Float64Array(portfolio.districts.length)
  }
  const season = new Float64Array(13)
  const seasonPrefix = new Float64Array(13)
  for (let m = 1; m <= 12; m++) {
    season[m] = model.workCalendar[m - 1]!
    seasonPrefix[m] = seasonPrefix[m - 1]! + season[m]!
  }
  const overallCurve = SCurve.table(model.curve)
  const context: Context = {
    portfolio,
    model,
    prepared,
    season,
    seasonPrefix,
    seasonPace: new Float64Array(13),
    noise: lognormalFactorTable(model.noiseSigma),
    overallCurve,
    curves: portfolio.sectors.map((sector) =>
      model.curvesBySector[sector] === undefined ? overallCurve : SCurve.table(model.curvesBySector[sector]!)),
    monthly: new Float64Array(13),
    starts: new Float64Array(13),
    byDistrict: new Float64Array(portfolio.districts.length),
    startDelays: Survival.sampler(model.startDelay),
    durations: Survival.sampler(model.duration),
    suspensions: Survival.sampler(model.suspension),
    tally: prepared.tally === undefined ? undefined : new Tally(portfolio, prepared.tally, paths),
    priorWeights: Float64Array.from({ length: 13 }, (_, months) => projectPriorWeight(model.investmentPace, model.noiseSigma, months)),
    startFactors: Float64Array.from(portfolio.districts, (d) => model.startPace.byDistrict[d] ?? 1)
  }
  let plannedOnPlan = 0
  for (let i = 0; i < portfolio.count; i++) plannedOnPlan += portfolio.planned[i]!
  for (let path = from; path < to; path++) {
    const o = path - from
    context.tally?.path(o)
    const r = runPath(context, path, recorder)
    out.investment[o] = r.investment
    out.plannedInvestment[o] = plannedOnPlan + r.extraPlanned
    out.startRate[o] = Kpis.startRate(r.newStarted, r.newProjects) ?? NaN
    out.startResumeRate[o] = Kpis.startResumeRate(r.newStarted, r.continuingActive, r.projects) ?? NaN
    out.commissioned[o] = r.commissioned
    out.newProjects[o] = r.newProjects
    out.monthlyInvestment.set(context.monthly.subarray(1), o * 12)
    out.monthlyStarts.set(context.starts.subarray(1), o * 12)
    if (onProgress && (o + 1) % 50 === 0) onProgress(o + 1)
  }
  onProgress?.(paths)
  for (let d = 0; d < out.districtMeans.length; d++) out.districtMeans[d] = context.byDistrict[d]! / Math.max(1, paths)
  if (context.tally !== undefined) return { ...out, risk: context.tally.risk, groups: context.tally.groups }
  return out
}

interface Context {
  readonly portfolio: Compiled
  readonly model: Model
  readonly prepared: Prepared
  readonly season: Float64Array
  readonly seasonPrefix: Float64Array
  /** Seasonality × the path's monthly pace: refilled for each path. */
  readonly seasonPace: Float64Array
  readonly noise: Float64Array
  readonly overallCurve: SCurve.CurveTable
  /** Curve tables by the portfolio's sector index. */
  readonly curves: ReadonlyArray<SCurve.CurveTable>
  /** Simulated investment and new-project starts by month of the path being run (index = month). */
  readonly monthly: Float64Array
  readonly starts: Float64Array
  /** Investment by district, summed over every path run (known and simulated). */
  readonly byDistrict: Float64Array
  readonly startDelays: Survival.Sampler
  readonly durations: Survival.Sampler
  readonly suspensions: Survival.Sampler
  readonly tally: Tally | undefined
  /** A project's prior weight against its own reports over 0…12 months (Estimation.projectPriorWeight). */
  readonly priorWeights: Float64Array
  /** Each district's start hazard ratio relative to the city's (Estimation.StartPace.byDistrict), by district index. */
  readonly startFactors: Float64Array
}

/** One path. A function of its own, called thousands of times, so the engine optimizes it whole. */
const runPath = (context: Context, path: number, recorder: Recorder | undefined) => {
  const { portfolio, model, prepared, season, seasonPrefix, seasonPace, noise, curves, overallCurve, startDelays, durations, suspensions, priorWeights, startFactors } = context
  const { seed } = prepared
  const a = portfolio.asOfMonth
  const keyOfPath = pathKey(seed, path)
  const draws = drawAssumptions(portfolio, model, prepared, path)
  // The model's own error, common to every project of the path.
  const e = model.error
  const shock = e.sigma === 0 && e.bias === 0
    ? 1
    : Math.exp(e.bias + e.sigma * normalQuantile(uniform(seed, path, streamOf("model.error"), 0)) - (e.sigma * e.sigma) / 2)
  // This year's start pace, a hazard ratio against the start-delay model: a level u of the conditional
  // distribution becomes 1 − (1 − u)^(1/r) (proportional hazards).
  const sp = model.startPace
  const inverseStartRatio = sp.sigma === 0 && sp.logRatio === 0
    ? 1
    : Math.exp(-(sp.logRatio + sp.sigma * normalQuantile(uniform(seed, path, streamOf("model.startPace"), 0))))
  let investment = 0, projects = 0, newProjects = 0, newStarted = 0, continuingActive = 0, commissioned = 0, extraPlanned = 0
  const { monthly, starts, byDistrict } = context
  monthly.fill(0)
  starts.fill(0)
  for (let m = 1; m <= 12; m++) seasonPace[m] = season[m]! * draws.byMonth[m]!

  // Tallies close each project by what it added to the path's running sums.
  const tally = context.tally
  let markInvestment = 0, markStarted = 0, markActive = 0, markProjects = 0
  for (let i = 0; i < portfolio.count; i++) {
    if (tally !== undefined && i > 0) {
      tally.invested[i - 1] = investment - markInvestment
      tally.startedOnPath[i - 1] = newStarted - markStarted
      tally.activeOnPath[i - 1] = continuingActive - markActive
      markInvestment = investment, markStarted = newStarted, markActive = continuingActive
    }
    const key = streamKeyOf(keyOfPath, PROJECT_STREAM_BASE + i)
    const isNew = portfolio.isNew[i] === 1
    projects++
    if (isNew) newProjects++
    investment += portfolio.known[i]!
    const district = portfolio.district[i]!
    byDistrict[district]! += portfolio.known[i]!
    let s = portfolio.startMonth[i]!
    const cancelledByD = portfolio.cancelled[i] === 1
    const commissionedByD = portfolio.commissionedMonth[i]!
    if (commissionedByD >= 1 && commissionedByD <= 12) commissioned++
    const mask = prepared.pauseMask[i]!
    // Finished before D and fully reported: nothing left to simulate, no draw needed.
    if (commissionedByD !== NEVER && portfolio.lastKnown[i]! >= commissionedByD) {
      if (!isNew && Kpis.isContinuingActive(s !== NEVER, cancelledByD, portfolio.commissionedBeforeYear[i] === 1, false)) continuingActive++
      if (isNew && s !== NEVER) newStarted++
      continue
    }

    // Cancellation in the rest of the year (unless the project is commissioned first, below).
    let cancelMonth = NEVER
    const pCancel = s === NEVER ? draws.cancelWaiting : draws.cancel
    if (!cancelledByD && commissionedByD === NEVER && a < 12 && pCancel > 0 && uniformAt(key, DRAW_CANCEL) < pCancel) {
      cancelMonth = a + 1 + Math.floor(uniformAt(key, DRAW_CANCEL_MONTH) * (12 - a))
    }

    // A start still to come.
    if (s === NEVER && !cancelledByD && portfolio.signed[i] === 1) {
      const ps = portfolio.plannedStart[i]!
      const u = uniformAt(key, DRAW_START)
      const inverse = inverseStartRatio / startFactors[district]!
      const delay = Survival.sample(startDelays, a - ps, inverse === 1 ? u : 1 - (1 - u) ** inverse)
      if (delay !== Survival.BEYOND) {
        let month = Math.max(a + 1, ps + Math.round(delay + draws.shift))
        for (let k = 0, m = mask; m !== 0; k++, m >>>= 1) {
          if ((m & 1) && prepared.pauseBlocks[k] && prepared.pauseCoverage[k]![Math.min(month, 12)]! > 0 &&
            uniformAt(key, DRAW_BLOCK) < draws.intensity[k]!) {
            month = Math.max(month, prepared.pauseEnd[k]!)
          }
        }
        if (month <= 12 && month < cancelMonth) {
          s = month
          if (isNew) starts[s]!++
          recorder?.started(i, s)
        }
      }
    }
    const started = s !== NEVER
    if (isNew && started) newStarted++

    // Suspended on D: resumes after the suspension's conditional length, or stays suspended.
    let resumeMonth = 0
    let suspendedAtYearEnd = false
    const since = portfolio.suspendedSince[i]!
    if (since !== NEVER) {
      const length = Survival.sample(suspensions, a - since, uniformAt(key, DRAW_RESUME))
      const r = length === Survival.BEYOND ? NEVER : since + length
      if (r <= 12 && r < cancelMonth) {
        resumeMonth = Math.max(a + 1, r)
        recorder?.resumed(i, resumeMonth)
      } else {
        suspendedAtYearEnd = true
      }
    }
    if (!started || cancelledByD) {
      // Never active: not started, or cancelled already.
      if (cancelMonth !== NEVER) recorder?.cancelled(i, cancelMonth)
      continue
    }

    // Construction length: known when commissioned by D, else conditional on the time already taken.
    const pauseShift = resumeMonth > 0 ? resumeMonth - since : 0
    let length: number
    if (commissionedByD !== NEVER) {
      length = commissionedByD - s + 1
    } else {
      const elapsed = Math.max(0, a - s + 1)
      const drawn = Survival.sample(durations, elapsed - 1, uniformAt(key, DRAW_LENGTH))
      length = Math.max(1, drawn === Survival.BEYOND ? elapsed + 12 : drawn)
    }
    const lastWorkMonth = s + pauseShift + length - 1
    // A cancellation drawn for after the work is done does not happen: the project is commissioned first.
    if (cancelMonth !== NEVER && !suspendedAtYearEnd && cancelMonth > lastWorkMonth) cancelMonth = NEVER
    if (commissionedByD === NEVER && lastWorkMonth >= a + 1 && lastWorkMonth <= 12 && cancelMonth === NEVER && !suspendedAtYearEnd) {
      commissioned++
      recorder?.commissioned(i, lastWorkMonth)
    }
    if (cancelMonth !== NEVER) recorder?.cancelled(i, cancelMonth)
    if (!isNew && Kpis.isContinuingActive(true, cancelMonth !== NEVER, portfolio.commissionedBeforeYear[i] === 1, suspendedAtYearEnd)) {
      continuingActive++
    }
    const topMonth = s + pauseShift + Math.max(0, Math.ceil(model.toppedOutShare * length) - 1)
    if (recorder && portfolio.toppedOutMonth[i] === NEVER && topMonth >= a + 1 && topMonth <= 12 && topMonth <= lastWorkMonth && topMonth < cancelMonth) {
      recorder.toppedOut(i, topMonth)
    }

    const curve = curves[portfolio.sector[i]!]!
    // The project's scale: what its own reports this year imply for this path's length, shrunk towards its total
    // investment by how far projects stray from their totals this year (Estimation.projectPriorWeight), so the
    // level comes from the project and the trend from the curve.
    let total = portfolio.total[i]!
    const m0 = Math.max(1, s), m1 = portfolio.lastKnown[i]!, known = portfolio.known[i]!
    if (m1 >= m0 && known > 0) {
      const denom = (SCurve.at(curve, m1 - s + 1, length) - SCurve.at(curve, m0 - s, length)) *
        (seasonPrefix[m1]! - seasonPrefix[m0 - 1]!) / (m1 - m0 + 1)
      const w = priorWeights[m1 - m0 + 1]!
      if (denom > 1e-9) total = (known + w * total * denom) / ((1 + w) * denom)
    }
    const projectPace = total * shock * draws.byDistrict[portfolio.district[i]!]! * draws.bySector[portfolio.sector[i]!]!
    const last = Math.min(12, lastWorkMonth, cancelMonth - 1)
    const first = Math.max(portfolio.lastKnown[i]! + 1, s)
    if (since === NEVER && mask === 0 && recorder === undefined) {
      // The common case, kept tight: each month's curve value is the next month's lower bound.
      let upper = SCurve.at(curve, first - s, length)
      for (let m = first; m <= last; m++) {
        const lower = upper
        upper = SCurve.at(curve, m - s + 1, length)
        const expected = projectPace * (upper - lower) * seasonPace[m]!
        if (expected > 0) {
          const amount = toCents(expected * lookupFactor(noise, uniformAt(key, DRAW_NOISE + m)))
          investment += amount
          monthly[m]! += amount
          byDistrict[district]! += amount
        }
      }
      continue
    }
    for (let m = first; m <= last; m++) {
      if (since !== NEVER && m >= since && (resumeMonth === 0 || m < resumeMonth)) continue
      const curveMonth = m >= resumeMonth && resumeMonth > 0 ? m - pauseShift : m
      const expected = projectPace * workShare(curve, s, length, curveMonth) * seasonPace[m]! *
        (mask === 0 ? 1 : pauseFactor(prepared, draws.intensity, mask, m))
      if (!(expected > 0)) continue
      const amount = toCents(expected * lookupFactor(noise, uniformAt(key, DRAW_NOISE + m)))
      investment += amount
      monthly[m]! += amount
      byDistrict[district]! += amount
      recorder?.invested(i, m, amount)
    }
  }

  if (tally !== undefined && portfolio.count > 0) {
    const last = portfolio.count - 1
    tally.invested[last] = investment - markInvestment
    tally.startedOnPath[last] = newStarted - markStarted
    tally.activeOnPath[last] = continuingActive - markActive
    tally.closePath()
  }

  // Extra projects signed and put on the plan in the rest of the year.
  ;(prepared.scenario.assumptions?.extraProjects ?? []).forEach((entry, e) => {
    markInvestment = investment, markStarted = newStarted, markProjects = projects
    const pStart = Math.min(1, Math.max(0, draw(entry.startProbability, uniform(seed, path, streamOf(`extra.${e}.startProbability`), 0))))
    const unitScale = Scenario.toWan(entry.size.unit, 1)
    const district = entry.district ?? unknownLabel, sector = entry.sector ?? "industrial"
    const dIndex = portfolio.districts.indexOf(district), sIndex = portfolio.sectors.indexOf(sector)
    for (let m = a + 1; m <= 12; m++) {
      const wanted = entry.perMonth[String(m)] ?? 0
      const stream = streamOf(`extra.${e}.${m}`)
      const count = Math.floor(wanted) + (uniform(seed, path, stream, 0) < wanted - Math.floor(wanted) ? 1 : 0)
      for (let k = 0; k < count; k++) {
        const base = 1 + k * 16
        const total = draw(entry.size.value, uniform(seed, path, stream, base)) * unitScale
        const planned = total * (entry.planShare ?? 0.3)
        extraPlanned += planned
        projects++
        newProjects++
        const id = recorder?.extraProject(e, m, total, planned, district, sector) ?? -1
        if (uniform(seed, path, stream, base + 1) >= pStart) continue
        newStarted++
        starts[m]!++
        recorder?.started(id, m)
        const drawn = Survival.sample(durations, 0, uniform(seed, path, stream, base + 2))
        const length = Math.max(1, drawn === Survival.BEYOND ? 12 : drawn)
        for (let month = m; month <= Math.min(12, m + length - 1); month++) {
          const expected = total * shock * workShare(sIndex >= 0 ? curves[sIndex]! : overallCurve, m, length, month) * seasonPace[month]! *
            (dIndex >= 0 ? draws.byDistrict[dIndex]! : 1) * (sIndex >= 0 ? draws.bySector[sIndex]! : 1)
          const amount = toCents(expected * lookupFactor(noise, uniform(seed, path, stream, base + 3 + month)))
          investment += amount
          monthly[month]! += amount
          if (dIndex >= 0) byDistrict[dIndex]! += amount
          recorder?.invested(id, month, amount)
        }
        if (m + length - 1 <= 12) {
          commissioned++
          recorder?.commissioned(id, m + length - 1)
        }
      }
    }
    tally?.extra(e, investment - markInvestment, projects - markProjects, newStarted - markStarted)
  })

  return { investment, projects, newProjects, newStarted, continuingActive, commissioned, extraPlanned }
}
