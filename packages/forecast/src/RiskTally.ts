/**
 * Counters the Monte Carlo keeps while it plays paths, so per-project risk
 * and per-group distributions cost memory in proportion to projects and
 * groups, never to projects × paths:
 * - per project: paths on which it completes its annual plan, paths on
 *   which it has started by 31 December, its smallest and largest year-end
 *   investment, and a fixed histogram of year-end investment over its plan
 *   (64 bins of 3.125% from 0 to 200%, the last bin open) for P10–P90;
 * - per group (district, sector or kind) and path: the sums the year-end
 *   KPIs are made of, so each group's distribution adds up to the total's
 *   on every path.
 * Counts, minima and maxima merge exactly, so the result is the same for
 * any number of workers.
 */
import type { Kpis } from "@groundbreak/indicators"
import type { Scenario } from "@groundbreak/scenario"
import { type Compiled, shared, unknownLabel } from "./CompiledPlan.ts"

export const BINS = 64
/** The histogram covers 0 … RANGE × the project's scale; the last bin is open above. */
export const RANGE = 2

export interface TallySpec {
  readonly risk: boolean
  readonly groups?: GroupSpec
}

export interface GroupSpec {
  readonly by: Kpis.GroupBy
  readonly names: ReadonlyArray<string>
  /** Group index of each plan project. */
  readonly project: Int32Array
  /** Group index of each extra-projects entry of the scenario. */
  readonly extra: Int32Array
}

export interface RiskTallies {
  readonly paths: number
  readonly completed: Uint32Array
  readonly started: Uint32Array
  readonly min: Float64Array
  readonly max: Float64Array
  /** `[project × BINS + bin]`; 16-bit counts when at most 65,535 paths are tallied. */
  readonly histogram: Uint16Array | Uint32Array
}

/** Per path and group, path-major `[path × groups + group]`. */
export interface GroupPaths {
  readonly names: ReadonlyArray<string>
  readonly investment: Float64Array
  readonly projects: Float64Array
  readonly newProjects: Float64Array
  readonly newStarted: Float64Array
  readonly continuingActive: Float64Array
}

/** What a project's histogram is scaled by: its annual plan, else its total investment, else 1 万元. */
export const scaleOf = (compiled: Compiled, i: number): number =>
  compiled.planned[i]! > 0 ? compiled.planned[i]! : compiled.total[i]! > 0 ? compiled.total[i]! : 1

/** The group of each plan project and of each extra-projects entry. */
export const groupSpec = (compiled: Compiled, scenario: Scenario.Scenario, by: Kpis.GroupBy): GroupSpec => {
  const names: Array<string> = by === "kind" ? ["continuing", "new"] : [...(by === "district" ? compiled.districts : compiled.sectors)]
  const indexOf = (name: string) => {
    let k = names.indexOf(name)
    if (k < 0) k = names.push(name) - 1
    return k
  }
  const project = shared(Int32Array, compiled.count)
  for (let i = 0; i < compiled.count; i++) {
    project[i] = by === "kind" ? compiled.isNew[i]! : by === "district" ? compiled.district[i]! : compiled.sector[i]!
  }
  const extra = Int32Array.from((scenario.assumptions?.extraProjects ?? []).map((entry) =>
    by === "kind" ? 1 : indexOf(by === "district" ? entry.district ?? unknownLabel : entry.sector ?? "industrial")))
  return { by, names, project, extra }
}

const emptyRisk = (count: number, paths: number): RiskTallies => ({
  paths,
  completed: new Uint32Array(count),
  started: new Uint32Array(count),
  min: new Float64Array(count).fill(Infinity),
  max: new Float64Array(count).fill(-Infinity),
  histogram: paths <= 65_535 ? new Uint16Array(count * BINS) : new Uint32Array(count * BINS)
})

const emptyGroups = (names: ReadonlyArray<string>, paths: number): GroupPaths => ({
  names,
  investment: new Float64Array(paths * names.length),
  projects: new Float64Array(paths * names.length),
  newProjects: new Float64Array(paths * names.length),
  newStarted: new Float64Array(paths * names.length),
  continuingActive: new Float64Array(paths * names.length)
})

/** The tallies of a run of paths, filled as the simulator closes each project of each path. */
export class Tally {
  readonly risk: RiskTallies | undefined
  readonly groups: GroupPaths | undefined
  private readonly invScale: Float64Array
  private readonly compiled: Compiled
  private readonly spec: TallySpec
  private row = 0
  // The risk tallies' arrays, held here as well: the simulator calls `project` for every project of every path.
  private readonly planned: Float64Array
  private readonly completed: Uint32Array
  private readonly started: Uint32Array
  private readonly min: Float64Array
  private readonly max: Float64Array
  private readonly histogram: Uint16Array | Uint32Array

  constructor(compiled: Compiled, spec: TallySpec, paths: number) {
    this.compiled = compiled
    this.spec = spec
    this.risk = spec.risk ? emptyRisk(compiled.count, paths) : undefined
    this.groups = spec.groups === undefined ? undefined : emptyGroups(spec.groups.names, paths)
    this.invScale = new Float64Array(compiled.count)
    for (let i = 0; i < compiled.count; i++) this.invScale[i] = BINS / RANGE / scaleOf(compiled, i)
    const risk = this.risk ?? emptyRisk(0, 0)
    this.planned = compiled.planned
    this.completed = risk.completed
    this.started = risk.started
    this.min = risk.min
    this.max = risk.max
    this.histogram = risk.histogram
  }

  /** The path (0-based within this run) the next projects belong to. */
  path(o: number): void {
    this.row = o * (this.groups?.names.length ?? 0)
  }

  /**
   * Tallies plan project i on the current path, as the simulator closes it: what it added to the path's year-end
   * investment, and whether it added a new project's start (1 or 0) and a continuing active project (1 or 0).
   */
  project(i: number, invested: number, started: number, active: number): void {
    if (this.risk !== undefined) {
      const p = this.planned[i]!
      if (p > 0 && invested >= p - 1e-6) this.completed[i]!++
      if (started > 0) this.started[i]!++
      if (invested < this.min[i]!) this.min[i] = invested
      if (invested > this.max[i]!) this.max[i] = invested
      const bin = Math.min(BINS - 1, Math.max(0, Math.floor(invested * this.invScale[i]!)))
      this.histogram[i * BINS + bin]!++
    }
    const groups = this.groups
    if (groups !== undefined) {
      const at = this.row + this.spec.groups!.project[i]!
      groups.investment[at]! += invested
      groups.projects[at]!++
      if (this.compiled.isNew[i] === 1) groups.newProjects[at]!++
      groups.newStarted[at]! += started
      groups.continuingActive[at]! += active
    }
  }

  /** The extra projects of scenario entry e on the current path. */
  extra(e: number, invested: number, projects: number, started: number): void {
    const groups = this.groups
    if (groups === undefined) return
    const at = this.row + this.spec.groups!.extra[e]!
    groups.investment[at]! += invested
    groups.projects[at]! += projects
    groups.newProjects[at]! += projects
    groups.newStarted[at]! += started
  }
}

/**
 * Joins the tallies of consecutive runs of paths (in path order), exactly.
 * The first part's counters are reused as the sum when their width allows
 * (they are the caller's to give up), so a merge costs no second copy.
 */
export const merge = (parts: ReadonlyArray<{ readonly risk?: RiskTallies | undefined; readonly groups?: GroupPaths | undefined }>, count: number) => {
  const paths = parts.reduce((n, p) => n + (p.risk?.paths ?? 0), 0)
  let risk: RiskTallies | undefined
  if (parts.length > 0 && parts.every((p) => p.risk !== undefined)) {
    const first = parts[0]!.risk!
    const reuse = paths <= 65_535 || first.histogram instanceof Uint32Array
    risk = reuse ? { ...first, paths } : emptyRisk(count, paths)
    for (const part of reuse ? parts.slice(1) : parts) {
      const r = part.risk!
      for (let i = 0; i < count; i++) {
        risk.completed[i]! += r.completed[i]!
        risk.started[i]! += r.started[i]!
        if (r.min[i]! < risk.min[i]!) risk.min[i] = r.min[i]!
        if (r.max[i]! > risk.max[i]!) risk.max[i] = r.max[i]!
      }
      for (let k = 0; k < r.histogram.length; k++) risk.histogram[k]! += r.histogram[k]!
    }
  }
  let groups: GroupPaths | undefined
  if (parts.length > 0 && parts.every((p) => p.groups !== undefined)) {
    const names = parts[0]!.groups!.names
    const cat = (key: "investment" | "projects" | "newProjects" | "newStarted" | "continuingActive") => {
      const all = new Float64Array(parts.reduce((n, p) => n + p.groups![key].length, 0))
      let at = 0
      for (const p of parts) {
        all.set(p.groups![key], at)
        at += p.groups![key].length
      }
      return all
    }
    groups = { names, investment: cat("investment"), projects: cat("projects"), newProjects: cat("newProjects"), newStarted: cat("newStarted"), continuingActive: cat("continuingActive") }
  }
  return { risk, groups }
}

/** The buffers of tallies, to transfer from a worker. */
export const buffers = (t: { readonly risk?: RiskTallies | undefined; readonly groups?: GroupPaths | undefined }): Array<ArrayBuffer> => [
  ...(t.risk === undefined ? [] : [t.risk.completed.buffer, t.risk.started.buffer, t.risk.min.buffer, t.risk.max.buffer, t.risk.histogram.buffer]),
  ...(t.groups === undefined ? [] : [t.groups.investment.buffer, t.groups.projects.buffer, t.groups.newProjects.buffer, t.groups.newStarted.buffer, t.groups.continuingActive.buffer])
] as Array<ArrayBuffer>

/** The q-quantile of project i's year-end investment from its histogram, linear within a bin, within its min and max. */
export const quantile = (compiled: Compiled, risk: RiskTallies, i: number, q: number): number => {
  const n = risk.paths
  if (n === 0) return NaN
  if (risk.min[i] === risk.max[i]) return risk.min[i]!
  const width = (RANGE / BINS) * scaleOf(compiled, i)
  const rank = q * n
  let cumulative = 0
  for (let b = 0; b < BINS; b++) {
    const c = risk.histogram[i * BINS + b]!
    if (c > 0 && cumulative + c >= rank) {
      const low = Math.max(risk.min[i]!, b * width)
      const high = b === BINS - 1 ? risk.max[i]! : Math.min(risk.max[i]!, (b + 1) * width)
      return low + ((rank - cumulative) / c) * (high - low)
    }
    cumulative += c
  }
  return risk.max[i]!
}
