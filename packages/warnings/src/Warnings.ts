/**
 * The warning list of a monthly dispatch meeting (亮灯): every plan project
 * by colour with its reasons, counts per colour per group, and what changed
 * since the previous month's meeting (new reds, recovered, still red for N
 * months). Every meeting of the year up to D is evaluated as it was known at
 * its own cut, so the list of any past meeting is reproducible exactly.
 */
import { Effect } from "effect"
import { Calendar } from "@groundbreak/domain"
import type { Kpis } from "@groundbreak/indicators"
import * as Evaluation from "./Evaluation.ts"
import * as Meetings from "./Meetings.ts"
import * as Pace from "./Pace.ts"
import { type Colour, progressBands, type RulesFile } from "./Rules.ts"

export interface WarningsRequest {
  readonly year: number
  /** Valid date D, epoch day. */
  readonly asOf: number
  /** Knowledge cut K, epoch ms. */
  readonly knownBy: number
  readonly rules: RulesFile
  readonly by: Kpis.GroupBy
}

export interface ColourCounts {
  readonly key: string
  readonly red: number
  readonly yellow: number
  readonly green: number
}

export interface MeetingSummary {
  readonly asOf: string
  readonly knownAt: string
  readonly red: number
  readonly yellow: number
  readonly green: number
}

export interface ProjectLine extends Evaluation.ProjectWarning {
  /** Consecutive monthly meetings, this one included, at which the project was red (0 when not red). */
  readonly redMonths: number
  /** Its colour at the previous meeting (undefined: not on the list then, or no earlier meeting this year). */
  readonly previousColour: Colour | undefined
}

export interface WarningsResult {
  readonly year: number
  readonly asOf: string
  readonly knownAt: string
  readonly rules: string
  readonly paceKind: RulesFile["pace"]
  readonly pace: number
  /** Points behind the pace from which the rules give yellow and red (see Rules.progressBands). */
  readonly bands: { readonly yellow: number | null; readonly red: number | null }
  /** Projects sorted red, yellow, green, then by points behind (most first), then by id. */
  readonly projects: ReadonlyArray<ProjectLine>
  readonly by: Kpis.GroupBy
  readonly groups: ReadonlyArray<ColourCounts>
  readonly total: ColourCounts
  readonly changes: {
    /** Whether there was an earlier meeting this year to compare with. */
    readonly hasPrevious: boolean
    readonly newRed: ReadonlyArray<string>
    readonly recovered: ReadonlyArray<string>
    readonly stillRed: ReadonlyArray<{ readonly projectId: string; readonly months: number }>
  }
  readonly meetings: ReadonlyArray<MeetingSummary>
}

const rankOf: Record<Colour, number> = { red: 0, yellow: 1, green: 2 }

export const groupKeyOf = (p: Evaluation.ProjectState, by: Kpis.GroupBy): string =>
  by === "district" ? p.district : by === "sector" ? p.sector : p.kind

/** Counts per colour per group, groups sorted by key. */
export const countByGroup = (projects: ReadonlyArray<Evaluation.ProjectWarning>, by: Kpis.GroupBy) => {
  const groups = new Map<string, { red: number; yellow: number; green: number }>()
  const total = { key: "total", red: 0, yellow: 0, green: 0 }
  for (const p of projects) {
    const key = groupKeyOf(p, by)
    let g = groups.get(key)
    if (g === undefined) groups.set(key, g = { red: 0, yellow: 0, green: 0 })
    g[p.colour]++
    total[p.colour]++
  }
  return {
    total,
    groups: [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, c]) => ({ key, ...c }))
  }
}

/** Evaluates one meeting over the ledger it sees; `previous` holds the colours of the meeting before. */
export const evaluateMeeting = (
  rules: RulesFile,
  year: number,
  meeting: Meetings.Meeting,
  state: Meetings.MeetingState,
  previous: ReadonlyMap<string, Colour>
): { readonly paces: Pace.Paces; readonly projects: Array<Evaluation.ProjectWarning> } => {
  const paces = Pace.at(year, meeting.asOf, () => state.portfolio.projects.values(), Evaluation.needsSeasonal(rules))
  const projects: Array<Evaluation.ProjectWarning> = []
  for (const facts of state.portfolio.projects.values()) {
    const s = Evaluation.stateOf(facts, state.firstPlans.get(facts.projectId), year, meeting.asOf)
    if (s !== undefined) projects.push(Evaluation.evaluate(rules, s, paces, previous.get(s.projectId)))
  }
  return { paces, projects }
}

export const warnings = Effect.fn("Warnings.warnings")(function*(request: WarningsRequest) {
  const { year, rules } = request
  const meetings = Meetings.schedule(year, request.asOf, request.knownBy)
  let previous = new Map<string, Colour>()
  let beforeLast = new Map<string, Colour>()
  const redMonths = new Map<string, number>()
  let current: Array<Evaluation.ProjectWarning> = []
  let pace = NaN
  const summaries: Array<MeetingSummary> = []
  yield* Meetings.sweep(year, meetings, (meeting, index, state) => {
    const { paces, projects: evaluated } = evaluateMeeting(rules, year, meeting, state, previous)
    const colours = new Map<string, Colour>()
    const counts = { red: 0, yellow: 0, green: 0 }
    for (const p of evaluated) {
      colours.set(p.projectId, p.colour)
      counts[p.colour]++
      redMonths.set(p.projectId, p.colour === "red" ? (redMonths.get(p.projectId) ?? 0) + 1 : 0)
    }
    // A project off the list at this meeting breaks its red streak.
    for (const id of redMonths.keys()) if (!colours.has(id)) redMonths.set(id, 0)
    summaries.push({ asOf: Calendar.formatDate(meeting.asOf), knownAt: Calendar.formatInstantChina(meeting.knownBy), ...counts })
    if (index === meetings.length - 1) {
      current = evaluated
      pace = Pace.pick(paces, rules.pace)
    }
    beforeLast = previous
    previous = colours
  })
  const hasPrevious = meetings.length > 1
  const projects: Array<ProjectLine> = current.map((p) => ({
    ...p,
    redMonths: redMonths.get(p.projectId) ?? 0,
    previousColour: hasPrevious ? beforeLast.get(p.projectId) : undefined
  }))
  projects.sort((a, b) =>
    rankOf[a.colour] - rankOf[b.colour] ||
    (b.pointsBehindPace ?? -Infinity) - (a.pointsBehindPace ?? -Infinity) ||
    (a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : 0))
  const { total, groups } = countByGroup(projects, request.by)
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  const result: WarningsResult = {
    year,
    asOf: Calendar.formatDate(request.asOf),
    knownAt: Calendar.formatInstantChina(request.knownBy),
    rules: rules.name,
    paceKind: rules.pace,
    pace,
    bands: progressBands(rules),
    projects,
    by: request.by,
    groups,
    total,
    changes: {
      hasPrevious,
      newRed: hasPrevious ? projects.filter((p) => p.colour === "red" && p.previousColour !== "red").map((p) => p.projectId).sort(byId) : [],
      recovered: projects.filter((p) => p.previousColour === "red" && p.colour !== "red").map((p) => p.projectId).sort(byId),
      stillRed: projects.filter((p) => p.redMonths >= 2).map((p) => ({ projectId: p.projectId, months: p.redMonths }))
        .sort((a, b) => b.months - a.months || byId(a.projectId, b.projectId))
    },
    meetings: summaries
  }
  return result
})
