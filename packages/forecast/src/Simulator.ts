/**
 * The Monte Carlo: each path plays the rest of the plan year, project by
 * project, from the compiled state at D: starts of the projects still
 * waiting (start delays conditional on the wait so far), monthly work along
 * the S-curve with the calendar's seasonality and noise, top-outs,
 * commissionings, resumptions of suspended projects, cancellations, and the
 * scenario's pace multipliers, pauses and extra projects. Months already
 * past but not yet reported are simulated too.
 *
 * In five parts: the scenario's draws, resolved by index once per run and
 * drawn once per path (ScenarioDraws); a block of projects laid out once for
 * all paths (`layBlock`): what each project's paths share, so a project
 * under way is played on each path from constants (`planBlock`); one
 * project on one path in general (`projectPath`), a function of the
 * project, the path's draws and the project's own random stream; its
 * monthly work (`work`), the loop that turns a project's curve into expected
 * amounts, which `planBlock` turns into noisy amounts in cents and adds up;
 * and the scenario's extra projects (`extraProjects`).
 *
 * Every draw is addressed (seed, path, stream, index) (see CounterRandom), so
 * a path is the same whichever worker runs it, and scenarios share their
 * random numbers. Projects are run in blocks, every path of a block before
 * the next block, so a block's data and tallies stay in the cache while the
 * paths go over it; each path still adds its projects up in plan order. The
 * year-end figures of a path use the KPI definitions of
 * `@groundbreak/indicators`; a recorder, when given, receives every
 * simulated fact so the path can be written out as events.
 */
// The formulas alone (not the package index, which brings the replay and the stores): a simulation worker loads less.
import * as Kpis from "@groundbreak/indicators/KpiFormulas"
import { bitsAt, lognormalFactorTable, noiseBinAt, streamKeyOf, uniformAt } from "./CounterRandom.ts"
import { budgetScaleWeight, type Model, progressWeight, projectPriorWeight } from "./Estimation.ts"
import { type Compiled, NEVER, workShare, workShares } from "./CompiledPlan.ts"
import { draw } from "./Quantities.ts"
import { type GroupPaths, type RiskTallies, Tally } from "./RiskTally.ts"
import { drawPath, type PathDraws } from "./PathDraws.ts"
import type { Prepared, PreparedExtra } from "./ScenarioDraws.ts"
import * as SCurve from "./SCurve.ts"
import * as StartHazard from "./StartHazard.ts"
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

/** Plan projects per block: a block's compiled data and tallies (a few hundred bytes a project) stay in the cache. */
const BLOCK = 2_048

/**
 * A path's running sums: `SLOTS` numbers from the path's base `b` in the run's state array, the totals first, then
 * investment and new-project starts by month at `b + MONTHLY + month` and `b + STARTS + month` (month 1–12).
 */
const INVESTMENT = 0, PROJECTS = 1, NEW_PROJECTS = 2, NEW_STARTED = 3, CONTINUING_ACTIVE = 4, COMMISSIONED = 5, EXTRA_PLANNED = 6
const MONTHLY = 6, STARTS = 18
const SLOTS = 31

/** A duration sampler as one table: `[(elapsed − from) × 1024 + level bin]`, for the hot loop. */
interface FlatSampler {
  readonly from: number
  readonly to: number
  readonly table: Int16Array
}

const flatten = (sampler: Survival.Sampler): FlatSampler => {
  const table = new Int16Array(sampler.tables.length * 1024)
  sampler.tables.forEach((t, k) => table.set(t, k * 1024))
  return { from: sampler.from, to: sampler.to, table }
}

/** `Survival.sample` at the level whose top 10 bits are `bits >>> 22` (the same bin as `(u × 1024) | 0`). */
const sampleFlat = (s: FlatSampler, elapsed: number, bits: number): number => {
  const e = elapsed < s.from ? s.from : elapsed
  if (e > s.to) return Survival.BEYOND
  return s.table[(e - s.from) * 1024 + (bits >>> 22)]!
}

/** What every path of a run reads: the portfolio, the model's tables, the prepared scenario. */
interface Run {
  readonly portfolio: Compiled
  readonly model: Model
  readonly prepared: Prepared
  readonly noise: Float64Array
  readonly overallCurve: SCurve.CurveTable
  /** Curve tables by the portfolio's sector index. */
  readonly curves: ReadonlyArray<SCurve.CurveTable>
  /** Their work shares (CompiledPlan.workShares), by sector index. */
  readonly shares: ReadonlyArray<Float64Array>
  readonly seasonPrefix: Float64Array
  readonly startDelays: Survival.Sampler
  readonly durations: FlatSampler
  readonly suspensions: Survival.Sampler
  /** The running sums of every path of the run, `SLOTS` per path. */
  readonly state: Float64Array
  /** Investment by district, summed over every path run (known and simulated). */
  readonly byDistrict: Float64Array
  readonly tally: Tally | undefined
  /** A project's prior weight against its own reports over 0…12 months (Estimation.projectPriorWeight). */
  readonly priorWeights: Float64Array
  /** What ties each project under construction to its progress against its budget (see {@link Anchors}). */
  readonly anchors: Anchors
  /** Each district's start hazard ratio relative to the city's (Estimation.StartPace.byDistrict), by district index. */
  readonly startFactors: Float64Array
  /**
   * The monthly work `projectPath` plans for one project on one path, before its noise and rounding: entries from 0
   * on, each a month, an expected amount and a noise bin (at most one a month).
   */
  readonly month: Int32Array
  readonly expected: Float64Array
  readonly noiseBin: Int32Array
  /** What the paths of the current block read of each of its projects (`[project − first]`), laid out once a block by `layBlock`. */
  readonly block: Block
}

/** How a project of a block is played on every path. */
const FINISHED = 0, ONGOING = 1, GENERAL = 2

/**
 * The path-independent part of a block's projects, computed once for all the paths (see `layBlock`). A project
 * `FINISHED` (commissioned and fully reported by D) adds its known investment and fixed counts; one `ONGOING`
 * (started, under way, not suspended, not cancelled, under no pause, no recorder) is played in `planBlock` from
 * these constants; any other is played by `projectPath`.
 */
interface Block {
  readonly kind: Uint8Array
  /** FINISHED: whether it counts as a new project started, and as continuing active. */
  readonly started: Uint8Array
  readonly active: Uint8Array
  /** ONGOING: months under way at D, and the offset of its row in the duration table (−1: beyond the table). */
  readonly elapsed: Int32Array
  readonly row: Int32Array
  /** ONGOING: the first month to simulate. */
  readonly firstWork: Int32Array
  /** ONGOING: the constants of `scale` (see `ScaleTerms`). */
  readonly k0: Int32Array
  readonly k1: Int32Array
  readonly spread: Float64Array
  readonly months: Int32Array
  readonly wTotal: Float64Array
  readonly onePlusW: Float64Array
  /**
   * ONGOING: a project's length and its scale (before the path's shock and paces) for each length drawn below
   * {@link DRAWN_LENGTHS}, at `j · DRAWN_LENGTHS + drawn`, filled on first use (0: not yet). Both depend on the path
   * only through the drawn length, which takes a few dozen values over all the paths, so the logs and exponentials
   * of `progressLength` and `anchoredScale` are taken once per project and value, not once per path.
   */
  readonly lengthOf: Int32Array
  readonly scaleOf: Float64Array
}

/** Drawn lengths (months) whose length and scale a block remembers; a longer draw is computed each time. */
const DRAWN_LENGTHS = 128

const emptyBlock = (): Block => ({
  lengthOf: new Int32Array(BLOCK * DRAWN_LENGTHS), scaleOf: new Float64Array(BLOCK * DRAWN_LENGTHS),
  kind: new Uint8Array(BLOCK), started: new Uint8Array(BLOCK), active: new Uint8Array(BLOCK), elapsed: new Int32Array(BLOCK),
  row: new Int32Array(BLOCK), firstWork: new Int32Array(BLOCK), k0: new Int32Array(BLOCK), k1: new Int32Array(BLOCK),
  spread: new Float64Array(BLOCK), months: new Int32Array(BLOCK), wTotal: new Float64Array(BLOCK), onePlusW: new Float64Array(BLOCK)
})

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
  const season = new Float64Array(13)
  const seasonPrefix = new Float64Array(13)
  for (let m = 1; m <= 12; m++) {
    season[m] = model.workCalendar[m - 1]!
    seasonPrefix[m] = seasonPrefix[m - 1]! + season[m]!
  }
  const overallCurve = SCurve.table(model.curve)
  const curves = portfolio.sectors.map((sector) =>
    model.curvesBySector[sector] === undefined ? overallCurve : SCurve.table(model.curvesBySector[sector]!))
  const r: Run = {
    portfolio,
    model,
    prepared,
    noise: lognormalFactorTable(model.noiseSigma),
    overallCurve,
    curves,
    shares: curves.map(workShares),
    seasonPrefix,
    startDelays: StartHazard.sampler(model.startDelay, model.startCalendar, portfolio.asOfMonth),
    durations: flatten(Survival.sampler(model.duration)),
    suspensions: Survival.sampler(model.suspension),
    state: new Float64Array(paths * SLOTS),
    byDistrict: new Float64Array(portfolio.districts.length),
    tally: prepared.tally === undefined ? undefined : new Tally(portfolio, prepared.tally, paths),
    priorWeights: Float64Array.from({ length: 13 }, (_, months) => projectPriorWeight(model.investmentPace, model.noiseSigma, months)),
    anchors: anchorsOf(portfolio, model),
    startFactors: Float64Array.from(portfolio.districts, (d) => model.startPace.byDistrict[d] ?? 1),
    month: new Int32Array(12),
    expected: new Float64Array(12),
    noiseBin: new Int32Array(12),
    block: emptyBlock()
  }
  const draws = Array.from({ length: paths }, (_, o) => drawPath(portfolio, model, prepared, season, from + o))

  // Progress in paths' worth of project-paths, every 50 paths' worth.
  let reported = 0
  for (let first = 0; first < portfolio.count; first += BLOCK) {
    const last = Math.min(portfolio.count, first + BLOCK)
    layBlock(r, first, last, recorder)
    for (let o = 0; o < paths; o++) {
      planBlock(r, draws[o]!, o * SLOTS, first, last, o, recorder)
      if (last === portfolio.count) extraProjects(r, draws[o]!, o * SLOTS, recorder)
      if (onProgress && (o + 1) % 50 === 0) {
        const done = Math.floor((first * paths + (o + 1) * (last - first)) / portfolio.count)
        if (done >= reported + 50 && done < paths) onProgress(reported = done)
      }
    }
  }
  // An empty plan: the extra projects alone.
  if (portfolio.count === 0) {
    for (let o = 0; o < paths; o++) {
      r.tally?.path(o)
      extraProjects(r, draws[o]!, o * SLOTS, recorder)
    }
  }
  onProgress?.(paths)

  let plannedOnPlan = 0
  for (let i = 0; i < portfolio.count; i++) plannedOnPlan += portfolio.planned[i]!
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
  const st = r.state
  for (let o = 0; o < paths; o++) {
    const b = o * SLOTS
    out.investment[o] = st[b + INVESTMENT]!
    out.plannedInvestment[o] = plannedOnPlan + st[b + EXTRA_PLANNED]!
    out.startRate[o] = Kpis.startRate(st[b + NEW_STARTED]!, st[b + NEW_PROJECTS]!) ?? NaN
    out.startResumeRate[o] = Kpis.startResumeRate(st[b + NEW_STARTED]!, st[b + CONTINUING_ACTIVE]!, st[b + PROJECTS]!) ?? NaN
    out.commissioned[o] = st[b + COMMISSIONED]!
    out.newProjects[o] = st[b + NEW_PROJECTS]!
    out.monthlyInvestment.set(st.subarray(b + MONTHLY + 1, b + MONTHLY + 13), o * 12)
    out.monthlyStarts.set(st.subarray(b + STARTS + 1, b + STARTS + 13), o * 12)
  }
  for (let d = 0; d < out.districtMeans.length; d++) out.districtMeans[d] = r.byDistrict[d]! / Math.max(1, paths)
  if (r.tally !== undefined) return { ...out, risk: r.tally.risk, groups: r.tally.groups }
  return out
}

/**
 * What the paths read of plan projects `first` … `last − 1`, computed once for all of them: each project's kind
 * (see `Block`) and, for an ONGOING one, the constants of its duration draw and of its scale.
 */
const layBlock = (r: Run, first: number, last: number, recorder: Recorder | undefined) => {
  const { portfolio: p, block } = r
  const a = p.asOfMonth, durations = r.durations
  for (let i = first; i < last; i++) {
    const j = i - first
    const s = p.startMonth[i]!, commissionedByD = p.commissionedMonth[i]!
    if (commissionedByD !== NEVER && p.lastKnown[i]! >= commissionedByD) {
      // Finished before D and fully reported: nothing left to simulate, no draw needed.
      block.kind[j] = FINISHED
      block.started[j] = p.isNew[i] === 1 && s !== NEVER ? 1 : 0
      block.active[j] = p.isNew[i] === 0 && Kpis.isContinuingActive(s !== NEVER, p.cancelled[i] === 1, p.commissionedBeforeYear[i] === 1, false) ? 1 : 0
    } else if (recorder === undefined && s !== NEVER && p.cancelled[i] === 0 && commissionedByD === NEVER && p.suspendedSince[i] === NEVER &&
      r.prepared.pauseMask[i] === 0) {
      block.kind[j] = ONGOING
      const elapsed = Math.max(0, a - s + 1)
      const e = Math.max(durations.from, elapsed - 1)
      block.elapsed[j] = elapsed
      block.row[j] = e > durations.to ? -1 : (e - durations.from) * 1024
      block.firstWork[j] = Math.max(p.lastKnown[i]! + 1, s)
      const t = scaleTerms(r, i, s)
      block.k0[j] = t.k0
      block.k1[j] = t.k1
      block.spread[j] = t.spread
      block.months[j] = t.months
      block.wTotal[j] = t.wTotal
      block.onePlusW[j] = t.onePlusW
      block.lengthOf.fill(0, j * DRAWN_LENGTHS, (j + 1) * DRAWN_LENGTHS)
    } else {
      block.kind[j] = GENERAL
    }
  }
}

/**
 * Plan projects `first` … `last − 1` on one path, in order: each project's path, then its planned months' amounts
 * (noise looked up, rounded to cents) added to the path's sums. An ONGOING project is played here from the block's
 * constants, the same draws and the same arithmetic as `projectPath` (which plays the others): its cancellation,
 * its length, its commissioning and its months of work. Each project is closed in the tallies by what it added to
 * the path's sums.
 */
const planBlock = (r: Run, d: PathDraws, b: number, first: number, last: number, o: number, recorder: Recorder | undefined) => {
  const { portfolio: p, state: st, noise, byDistrict, tally, block } = r
  const { kind, row, elapsed, firstWork, lengthOf, scaleOf } = block
  const known = p.known, districtOf = p.district, sectorOf = p.sector, isNewOf = p.isNew, startOf = p.startMonth
  const durations = r.durations.table, seasonPace = d.seasonPace, pCancel = d.cancel, a = p.asOfMonth
  const plannedMonths = r.month, plannedExpected = r.expected, plannedBins = r.noiseBin
  tally?.path(o)
  let investment = st[b + INVESTMENT]!
  // Counts of the FINISHED and ONGOING projects (whole numbers, so the order they are added in does not matter).
  let projects = 0, newProjects = 0, newStarted = 0, active = 0, commissioned = 0
  for (let i = first; i < last; i++) {
    const j = i - first
    const before = investment
    const district = districtOf[i]!
    let inDistrict = byDistrict[district]!
    investment += known[i]!
    inDistrict += known[i]!
    const k = kind[j]!
    let startedHere = 0, activeHere = 0
    if (k === GENERAL) {
      const started = st[b + NEW_STARTED]!, wasActive = st[b + CONTINUING_ACTIVE]!
      const end = projectPath(r, d, b, i, 0, recorder)
      startedHere = st[b + NEW_STARTED]! - started
      activeHere = st[b + CONTINUING_ACTIVE]! - wasActive
      for (let e = 0; e < end; e++) {
        const amount = toCents(plannedExpected[e]! * noise[plannedBins[e]!]!)
        const m = plannedMonths[e]!
        investment += amount
        inDistrict += amount
        st[b + MONTHLY + m]! += amount
        recorder?.invested(i, m, amount)
      }
    } else {
      const isNew = isNewOf[i] === 1
      projects++
      if (isNew) newProjects++
      if (k === FINISHED) {
        startedHere = block.started[j]!
        activeHere = block.active[j]!
        const commissionedByD = p.commissionedMonth[i]!
        if (commissionedByD >= 1 && commissionedByD <= 12) commissioned++
      } else {
        const key = streamKeyOf(d.key, PROJECT_STREAM_BASE + i)
        const s = startOf[i]!
        let cancelMonth = NEVER
        if (a < 12 && pCancel > 0 && uniformAt(key, DRAW_CANCEL) < pCancel) cancelMonth = a + 1 + Math.floor(uniformAt(key, DRAW_CANCEL_MONTH) * (12 - a))
        if (isNew) startedHere = 1
        const at = row[j]!
        const drawn = at < 0 ? Survival.BEYOND : durations[at + (bitsAt(key, DRAW_LENGTH) >>> 22)]!
        const drawnLength = Math.max(1, drawn === Survival.BEYOND ? elapsed[j]! + 12 : drawn)
        const remembered = drawnLength < DRAWN_LENGTHS ? j * DRAWN_LENGTHS + drawnLength : -1
        let length = remembered >= 0 ? lengthOf[remembered]! : 0, baseScale: number
        if (length > 0) baseScale = scaleOf[remembered]!
        else {
          length = progressLength(r, i, elapsed[j]!, drawnLength)
          baseScale = ongoingScale(r, block, i, j, length)
          if (remembered >= 0) lengthOf[remembered] = length, scaleOf[remembered] = baseScale
        }
        const lastWorkMonth = s + length - 1
        // A cancellation drawn for after the work is done does not happen: the project is commissioned first.
        if (cancelMonth !== NEVER && cancelMonth > lastWorkMonth) cancelMonth = NEVER
        if (lastWorkMonth >= a + 1 && lastWorkMonth <= 12 && cancelMonth === NEVER) commissioned++
        if (!isNew && Kpis.isContinuingActive(true, cancelMonth !== NEVER, p.commissionedBeforeYear[i] === 1, false)) activeHere = 1
        const sector = sectorOf[i]!
        const curve = r.curves[sector]!, shares = r.shares[sector]!
        const pace = baseScale * d.shock * d.byDistrict[district]! * d.bySector[sector]!
        const lastMonth = Math.min(12, lastWorkMonth, cancelMonth - 1)
        const offset = length <= curve.maxLength ? curve.offsets[length]! - s : -1
        for (let m = firstWork[j]!; m <= lastMonth; m++) {
          const expected = pace * (offset >= 0 ? shares[offset + m]! : workShare(curve, s, length, m)) * seasonPace[m]!
          if (!(expected > 0)) continue
          const amount = toCents(expected * noise[noiseBinAt(key, DRAW_NOISE + m)]!)
          investment += amount
          inDistrict += amount
          st[b + MONTHLY + m]! += amount
        }
      }
      newStarted += startedHere
      active += activeHere
    }
    byDistrict[district] = inDistrict
    tally?.project(i, investment - before, startedHere, activeHere)
  }
  st[b + INVESTMENT] = investment
  st[b + PROJECTS]! += projects
  st[b + NEW_PROJECTS]! += newProjects
  st[b + NEW_STARTED]! += newStarted
  st[b + CONTINUING_ACTIVE]! += active
  st[b + COMMISSIONED]! += commissioned
}

/**
 * One plan project on one path: its start, suspension, length, cancellation, commissioning and top-out, added to
 * the path's counts at `b`, then its monthly work planned from entry `entry` on (`planBlock` adds the amounts); returns
 * the entry after its last.
 */
const projectPath = (r: Run, d: PathDraws, b: number, i: number, entry: number, recorder: Recorder | undefined): number => {
  const { portfolio, model, prepared, state: st } = r
  const a = portfolio.asOfMonth
  const key = streamKeyOf(d.key, PROJECT_STREAM_BASE + i)
  const isNew = portfolio.isNew[i] === 1
  st[b + PROJECTS]!++
  if (isNew) st[b + NEW_PROJECTS]!++
  let s = portfolio.startMonth[i]!
  const cancelledByD = portfolio.cancelled[i] === 1
  const commissionedByD = portfolio.commissionedMonth[i]!
  if (commissionedByD >= 1 && commissionedByD <= 12) st[b + COMMISSIONED]!++
  const mask = prepared.pauseMask[i]!
  // Finished before D and fully reported: nothing left to simulate, no draw needed.
  if (commissionedByD !== NEVER && portfolio.lastKnown[i]! >= commissionedByD) {
    if (!isNew && Kpis.isContinuingActive(s !== NEVER, cancelledByD, portfolio.commissionedBeforeYear[i] === 1, false)) st[b + CONTINUING_ACTIVE]!++
    if (isNew && s !== NEVER) st[b + NEW_STARTED]!++
    return entry
  }

  // Cancellation in the rest of the year (unless the project is commissioned first, below).
  let cancelMonth = NEVER
  const pCancel = s === NEVER ? d.cancelWaiting : d.cancel
  if (!cancelledByD && commissionedByD === NEVER && a < 12 && pCancel > 0 && uniformAt(key, DRAW_CANCEL) < pCancel) {
    cancelMonth = a + 1 + Math.floor(uniformAt(key, DRAW_CANCEL_MONTH) * (12 - a))
  }

  // A start still to come.
  if (s === NEVER && !cancelledByD && portfolio.signed[i] === 1) {
    const month = startMonth(r, d, i, key, mask)
    if (month <= 12 && month < cancelMonth) {
      s = month
      if (isNew) st[b + STARTS + s]!++
      recorder?.started(i, s)
    }
  }
  const started = s !== NEVER
  if (isNew && started) st[b + NEW_STARTED]!++

  // Suspended on D: resumes after the suspension's conditional length, or stays suspended.
  let resumeMonth = 0
  let suspendedAtYearEnd = false
  const since = portfolio.suspendedSince[i]!
  if (since !== NEVER) {
    const length = Survival.sample(r.suspensions, a - since, uniformAt(key, DRAW_RESUME))
    const resume = length === Survival.BEYOND ? NEVER : since + length
    if (resume <= 12 && resume < cancelMonth) {
      resumeMonth = Math.max(a + 1, resume)
      recorder?.resumed(i, resumeMonth)
    } else {
      suspendedAtYearEnd = true
    }
  }
  if (!started || cancelledByD) {
    // Never active: not started, or cancelled already.
    if (cancelMonth !== NEVER) recorder?.cancelled(i, cancelMonth)
    return entry
  }

  // Construction length: known when commissioned by D, else conditional on the time already taken.
  const pauseShift = resumeMonth > 0 ? resumeMonth - since : 0
  let length: number
  if (commissionedByD !== NEVER) {
    length = commissionedByD - s + 1
  } else {
    const elapsed = Math.max(0, a - s + 1)
    const drawn = sampleFlat(r.durations, elapsed - 1, bitsAt(key, DRAW_LENGTH))
    length = Math.max(1, drawn === Survival.BEYOND ? elapsed + 12 : drawn)
    length = progressLength(r, i, elapsed, length)
  }
  const lastWorkMonth = s + pauseShift + length - 1
  // A cancellation drawn for after the work is done does not happen: the project is commissioned first.
  if (cancelMonth !== NEVER && !suspendedAtYearEnd && cancelMonth > lastWorkMonth) cancelMonth = NEVER
  if (commissionedByD === NEVER && lastWorkMonth >= a + 1 && lastWorkMonth <= 12 && cancelMonth === NEVER && !suspendedAtYearEnd) {
    st[b + COMMISSIONED]!++
    recorder?.commissioned(i, lastWorkMonth)
  }
  if (cancelMonth !== NEVER) recorder?.cancelled(i, cancelMonth)
  if (!isNew && Kpis.isContinuingActive(true, cancelMonth !== NEVER, portfolio.commissionedBeforeYear[i] === 1, suspendedAtYearEnd)) {
    st[b + CONTINUING_ACTIVE]!++
  }
  if (recorder) {
    const topMonth = s + pauseShift + Math.max(0, Math.ceil(model.toppedOutShare * length) - 1)
    if (portfolio.toppedOutMonth[i] === NEVER && topMonth >= a + 1 && topMonth <= 12 && topMonth <= lastWorkMonth && topMonth < cancelMonth) {
      recorder.toppedOut(i, topMonth)
    }
  }

  const sector = portfolio.sector[i]!
  const curve = r.curves[sector]!
  const pace = scale(r, curve, i, s, length) * d.shock * d.byDistrict[portfolio.district[i]!]! * d.bySector[sector]!
  const first = Math.max(portfolio.lastKnown[i]! + 1, s)
  const last = Math.min(12, lastWorkMonth, cancelMonth - 1)
  return work(r, d, key, curve, pace, s, length, first, last, since, resumeMonth, mask, entry)
}

/** The month a waiting project starts (beyond December or NEVER when it does not), pauses that block starts included. */
const startMonth = (r: Run, d: PathDraws, i: number, key: number, mask: number): number => {
  const { portfolio, prepared } = r
  const a = portfolio.asOfMonth
  const ps = portfolio.plannedStart[i]!
  const u = uniformAt(key, DRAW_START)
  const inverse = d.inverseStartRatio / r.startFactors[portfolio.district[i]!]!
  const delay = Survival.sample(r.startDelays, a - ps, inverse === 1 ? u : 1 - (1 - u) ** inverse)
  if (delay === Survival.BEYOND) return NEVER
  let month = Math.max(a + 1, ps + Math.round(delay + d.shift))
  for (let k = 0, m = mask; m !== 0; k++, m >>>= 1) {
    const pause = prepared.pauses[k]!
    if ((m & 1) && pause.blocksStarts && pause.coverage[Math.min(month, 12)]! > 0 && uniformAt(key, DRAW_BLOCK) < d.intensity[k]!) {
      month = Math.max(month, pause.end)
    }
  }
  return month
}

/** The last month of the project's work with its report known: 0 (last December) when none this year, before a start this year. */
const lastReported = (portfolio: Compiled, i: number, s: number): number => {
  const known = portfolio.lastKnown[i]!
  return known > 0 ? known : s >= 1 ? s - 1 : 0
}

/** What is left of a project's budget (its total times the ledger's budget ratio) after every report known. */
const budgetLeft = (portfolio: Compiled, model: Model, i: number): number =>
  portfolio.remaining[i]! + (model.progress.budgetRatio - 1) * portfolio.total[i]!

/**
 * What ties a project under construction to its progress against its budget, computed once a run (a project's own
 * constants): its weight of that progress (Estimation.progressWeight; 0 when it has none: not started on D,
 * commissioned, its life not all reported, or no length implied), the length its progress implies, its last reported
 * month as a position on its curve, what is left of its budget, and the weight of that budget against its reports in
 * its scale (Estimation.budgetScaleWeight).
 */
interface Anchors {
  readonly progressWeight: Float64Array
  /** The progress weight times the log of the implied length: the path-independent term of {@link progressLength}. */
  readonly weightedLogImplied: Float64Array
  readonly lastReportedAt: Int32Array
  readonly budgetLeft: Float64Array
  readonly budgetWeight: Float64Array
}

/** Math.log of the whole lengths a path draws (months), looked up: the same values, computed once. */
const logOfLength = Float64Array.from({ length: 256 }, (_, n) => Math.log(n))

const anchorsOf = (portfolio: Compiled, model: Model): Anchors => {
  const n = portfolio.count
  const anchors: Anchors = {
    progressWeight: new Float64Array(n), weightedLogImplied: new Float64Array(n), lastReportedAt: new Int32Array(n),
    budgetLeft: new Float64Array(n), budgetWeight: new Float64Array(n)
  }
  for (let i = 0; i < n; i++) {
    const s = portfolio.startMonth[i]!
    if (s === NEVER || portfolio.commissionedMonth[i] !== NEVER || portfolio.reportedWhole[i] !== 1) continue
    const curve = model.curvesBySector[portfolio.sectors[portfolio.sector[i]!]!] ?? model.curve
    const budget = model.progress.budgetRatio * portfolio.total[i]!
    const at = lastReported(portfolio, i, s) - s + 1
    const left = budgetLeft(portfolio, model, i)
    const implied = SCurve.impliedLength(curve, at, 1 - left / budget) ?? NaN
    const weight = implied > 0 ? progressWeight(model.progress, at) : 0
    if (!(weight > 0)) continue
    const reportMonths = Math.max(0, portfolio.lastKnown[i]! - Math.max(1, s) + 1)
    anchors.progressWeight[i] = weight
    anchors.weightedLogImplied[i] = weight * Math.log(implied)
    anchors.lastReportedAt[i] = at
    anchors.budgetLeft[i] = left
    anchors.budgetWeight[i] = budgetScaleWeight(model.progress, model.investmentPace, model.noiseSigma, reportMonths, left / budget)
  }
  return anchors
}

/**
 * The construction length of a project under construction whose whole life is reported: the path's draw given the
 * time taken, moved towards the length its progress implies (its budget spent over the months reported, on its
 * curve) by the weight the ledger's finished projects give that progress (Estimation.ProgressEvidence), in logs.
 */
const progressLength = (r: Run, i: number, elapsed: number, drawn: number): number => {
  const weight = r.anchors.progressWeight[i]!
  if (!(weight > 0)) return drawn
  const blended = Math.exp(r.anchors.weightedLogImplied[i]! + (1 - weight) * (drawn < logOfLength.length ? logOfLength[drawn]! : Math.log(drawn)))
  return Math.max(elapsed, Math.min(r.overallCurve.maxLength, Math.round(blended)))
}

/**
 * The scale of a project whose progress sets it, from the scale its reports imply (`reported`): what is left of
 * its budget, spread over what is left of its curve after the last reported month, and the reports' scale, each
 * weighed by how well it is known (Estimation.budgetScaleWeight), in logs. Any other project keeps `reported`.
 */
const anchoredScale = (r: Run, curve: SCurve.CurveTable, i: number, length: number, reported: number): number => {
  const a = r.anchors
  if (!(a.progressWeight[i]! > 0)) return reported
  const left = 1 - SCurve.at(curve, a.lastReportedAt[i]!, length), budgetLeftNow = a.budgetLeft[i]!
  const budget = left > 1e-9 ? budgetLeftNow / left : 0
  if (!(budget > 0 && reported > 0)) return budget
  const w = a.budgetWeight[i]!
  return Math.exp(w * Math.log(budget) + (1 - w) * Math.log(reported))
}

/**
 * What a project's scale (see `scale`) needs besides its length: its reported months m0 … m1 of the year as curve
 * positions `k0 = m0 − s` and `k1 = m1 − s + 1`, the seasons' spread over them, their number, the prior weight
 * times its total and one plus the weight; `months` 0 when it has no report to scale by (its scale is its total).
 */
interface ScaleTerms {
  readonly k0: number
  readonly k1: number
  readonly spread: number
  readonly months: number
  readonly wTotal: number
  readonly onePlusW: number
}

const scaleTerms = (r: Run, i: number, s: number): ScaleTerms => {
  const { portfolio, seasonPrefix } = r
  const m0 = Math.max(1, s), m1 = portfolio.lastKnown[i]!
  if (m1 < m0 || portfolio.known[i]! <= 0) return { k0: 0, k1: 0, spread: 0, months: 0, wTotal: 0, onePlusW: 0 }
  const w = r.priorWeights[m1 - m0 + 1]!
  return { k0: m0 - s, k1: m1 - s + 1, spread: seasonPrefix[m1]! - seasonPrefix[m0 - 1]!, months: m1 - m0 + 1, wTotal: w * portfolio.total[i]!, onePlusW: 1 + w }
}

const scaleFrom = (
  curve: SCurve.CurveTable, length: number, k0: number, k1: number, spread: number, months: number, wTotal: number, onePlusW: number,
  known: number, total: number
): number => {
  if (months === 0) return total
  const denom = (SCurve.at(curve, k1, length) - SCurve.at(curve, k0, length)) * spread / months
  return denom > 1e-9 ? (known + wTotal * denom) / (onePlusW * denom) : total
}

/**
 * The project's scale on this path: what its own reports this year imply for this path's length, shrunk towards its
 * total investment by how far projects stray from their totals this year (Estimation.projectPriorWeight), so the
 * level comes from the project and the trend from the curve.
 */
const scale = (r: Run, curve: SCurve.CurveTable, i: number, s: number, length: number): number => {
  const t = scaleTerms(r, i, s)
  return anchoredScale(r, curve, i, length, scaleFrom(curve, length, t.k0, t.k1, t.spread, t.months, t.wTotal, t.onePlusW, r.portfolio.known[i]!, r.portfolio.total[i]!))
}

/** {@link scale} of an ONGOING project `i` (entry `j` of the block), from the block's constants. */
const ongoingScale = (r: Run, block: Block, i: number, j: number, length: number): number => {
  const curve = r.curves[r.portfolio.sector[i]!]!
  return anchoredScale(r, curve, i, length, scaleFrom(curve, length, block.k0[j]!, block.k1[j]!, block.spread[j]!, block.months[j]!,
    block.wTotal[j]!, block.onePlusW[j]!, r.portfolio.known[i]!, r.portfolio.total[i]!))
}

/** Multiplier of work in month m from the pauses that cover a project. */
const pauseFactor = (r: Run, intensity: Float64Array, mask: number, m: number): number => {
  let factor = 1
  for (let k = 0; mask !== 0; k++, mask >>>= 1) {
    if (mask & 1) factor *= 1 - intensity[k]! * r.prepared.pauses[k]!.coverage[m]!
  }
  return factor
}

/**
 * The monthly work of a plan project from `first` to `last`: its curve's share of each month, at the path's
 * seasonal pace, slowed by its pauses, none while suspended (from `since` until `resumeMonth`, after which the
 * curve carries on where it stopped). Planned from entry `entry` on (each month with its noise bin, for `planBlock`
 * to turn into an amount); returns the entry after the last.
 */
const work = (
  r: Run, d: PathDraws, key: number, curve: SCurve.CurveTable, pace: number, s: number, length: number,
  first: number, last: number, since: number, resumeMonth: number, mask: number, entry: number
): number => {
  const seasonPace = d.seasonPace
  const suspended = since !== NEVER
  const pauseShift = resumeMonth > 0 ? resumeMonth - since : 0
  for (let m = first; m <= last; m++) {
    if (suspended && m >= since && (resumeMonth === 0 || m < resumeMonth)) continue
    const curveMonth = m >= resumeMonth && resumeMonth > 0 ? m - pauseShift : m
    const expected = pace * workShare(curve, s, length, curveMonth) * seasonPace[m]! * (mask === 0 ? 1 : pauseFactor(r, d.intensity, mask, m))
    if (!(expected > 0)) continue
    r.month[entry] = m
    r.expected[entry] = expected
    r.noiseBin[entry] = noiseBinAt(key, DRAW_NOISE + m)
    entry++
  }
  return entry
}

/** The scenario's extra projects, signed and put on the plan in the rest of the year, on one path. */
const extraProjects = (r: Run, d: PathDraws, b: number, recorder: Recorder | undefined) => {
  const st = r.state
  r.prepared.extras.forEach((entry, e) => {
    const investment = st[b + INVESTMENT]!, started = st[b + NEW_STARTED]!, projects = st[b + PROJECTS]!
    extraEntry(r, d, b, entry, e, recorder)
    r.tally?.extra(e, st[b + INVESTMENT]! - investment, st[b + PROJECTS]! - projects, st[b + NEW_STARTED]! - started)
  })
}

const extraEntry = (r: Run, d: PathDraws, b: number, entry: PreparedExtra, e: number, recorder: Recorder | undefined) => {
  const st = r.state, a = r.portfolio.asOfMonth
  const u = (stream: number, index: number) => uniformAt(streamKeyOf(d.key, stream), index)
  const pStart = Math.min(1, Math.max(0, draw(entry.startProbability.quantity, u(entry.startProbability.stream, 0))))
  const { districtIndex: dIndex, sectorIndex: sIndex } = entry
  const curve = sIndex >= 0 ? r.curves[sIndex]! : r.overallCurve
  for (let m = a + 1; m <= 12; m++) {
    const wanted = entry.perMonth[m]!
    const key = streamKeyOf(d.key, entry.streams[m]!)
    const count = Math.floor(wanted) + (uniformAt(key, 0) < wanted - Math.floor(wanted) ? 1 : 0)
    for (let k = 0; k < count; k++) {
      const base = 1 + k * 16
      const total = draw(entry.size, uniformAt(key, base)) * entry.unitScale
      const planned = total * entry.planShare
      st[b + EXTRA_PLANNED]! += planned
      st[b + PROJECTS]!++
      st[b + NEW_PROJECTS]!++
      const id = recorder?.extraProject(e, m, total, planned, entry.district, entry.sector) ?? -1
      if (uniformAt(key, base + 1) >= pStart) continue
      st[b + NEW_STARTED]!++
      st[b + STARTS + m]!++
      recorder?.started(id, m)
      const drawn = sampleFlat(r.durations, 0, bitsAt(key, base + 2))
      const length = Math.max(1, drawn === Survival.BEYOND ? 12 : drawn)
      for (let month = m; month <= Math.min(12, m + length - 1); month++) {
        const expected = total * d.shock * workShare(curve, m, length, month) * d.seasonPace[month]! *
          (dIndex >= 0 ? d.byDistrict[dIndex]! : 1) * (sIndex >= 0 ? d.bySector[sIndex]! : 1)
        const amount = toCents(expected * r.noise[noiseBinAt(key, base + 3 + month)]!)
        st[b + INVESTMENT]! += amount
        st[b + MONTHLY + month]! += amount
        if (dIndex >= 0) r.byDistrict[dIndex]! += amount
        recorder?.invested(id, month, amount)
      }
      if (m + length - 1 <= 12) {
        st[b + COMMISSIONED]!++
        recorder?.commissioned(id, m + length - 1)
      }
    }
  }
}
