/**
 * The ranking a circular publishes (通报排名): each group's completion of
 * the annual plan, start rate and start-and-resume rate against the pace
 * (序时进度), the gap in points, the rank (1 = lowest completion, as
 * circulars list the laggards first) and the change in rank since the
 * previous month's meeting, seen as known at that meeting's own cut.
 */
import { Effect } from "effect"
import { Calendar, Units } from "@groundbreak/domain"
import { Kpis } from "@groundbreak/indicators"
import * as Meetings from "./Meetings.ts"
import * as Pace from "./Pace.ts"
import type { PaceKind } from "./Rules.ts"

export interface RankingRequest {
  readonly year: number
  readonly asOf: number
  readonly knownBy: number
  readonly by: Kpis.GroupBy
  readonly pace: PaceKind
}

export interface RankingRow {
  readonly key: string
  readonly values: Kpis.KpiValues
  /** Rate − pace, in points rounded half-up to 0.1 (negative = behind). */
  readonly completionGap: number | null
  readonly startGap: number | null
  readonly startResumeGap: number | null
  /** 1 = lowest completion of the annual plan; equal completions (to 0.1 point) share a rank. */
  readonly rank: number
  readonly previousRank: number | null
  /** rank − previous rank: positive = moved up from the bottom since last month. */
  readonly rankChange: number | null
}

export interface RankingResult {
  readonly year: number
  readonly asOf: string
  readonly knownAt: string
  readonly by: Kpis.GroupBy
  readonly paceKind: PaceKind
  readonly pace: number
  readonly previous: { readonly asOf: string; readonly knownAt: string; readonly pace: number } | null
  /** Sorted by rank. */
  readonly rows: ReadonlyArray<RankingRow>
  readonly total: Omit<RankingRow, "rank" | "previousRank" | "rankChange">
}

const gap = (rate: number | null, pace: number): number | null => (rate === null ? null : Units.roundHalfUp((rate - pace) * 100, 1))

/** Ranks groups by completion, lowest first; competition ranking (1, 2, 2, 4) on the printed 0.1-point value. */
export const rank = (groups: ReadonlyArray<{ key: string; values: Kpis.KpiValues }>): Map<string, number> => {
  const printed = (v: Kpis.KpiValues) => (v.completionRate === null ? Infinity : Units.roundHalfUp(v.completionRate * 100, 1))
  const sorted = [...groups].sort((a, b) => printed(a.values) - printed(b.values) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const ranks = new Map<string, number>()
  sorted.forEach((g, i) => {
    const before = sorted[i - 1]
    ranks.set(g.key, before !== undefined && printed(before.values) === printed(g.values) ? ranks.get(before.key)! : i + 1)
  })
  return ranks
}

export const ranking = Effect.fn("Ranking.ranking")(function*(request: RankingRequest) {
  const { year, by } = request
  const all = Meetings.schedule(year, request.asOf, request.knownBy)
  // Only this meeting and the one before matter here.
  const meetings = all.slice(-2)
  const seen: Array<{ meeting: Meetings.Meeting; pace: number; grouped: Kpis.GroupedKpis }> = []
  yield* Meetings.sweep(year, meetings, (meeting, _, state) => {
    const paces = Pace.at(year, meeting.asOf, () => state.portfolio.projects.values(), request.pace === "seasonal")
    seen.push({ meeting, pace: Pace.pick(paces, request.pace), grouped: Kpis.computeGrouped(state.portfolio.projects.values(), { year, asOf: meeting.asOf }, by) })
  })
  const now = seen[seen.length - 1]!
  const before = seen.length > 1 ? seen[0]! : undefined
  const ranks = rank(now.grouped.groups)
  const previousRanks = before === undefined ? undefined : rank(before.grouped.groups)
  const row = (key: string, values: Kpis.KpiValues) => ({
    key,
    values,
    completionGap: gap(values.completionRate, now.pace),
    startGap: gap(values.startRate, now.pace),
    startResumeGap: gap(values.startResumeRate, now.pace)
  })
  const rows: Array<RankingRow> = now.grouped.groups.map((g) => {
    const r = ranks.get(g.key)!
    const p = previousRanks?.get(g.key) ?? null
    return { ...row(g.key, g.values), rank: r, previousRank: p, rankChange: p === null ? null : r - p }
  }).sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  const result: RankingResult = {
    year,
    asOf: Calendar.formatDate(now.meeting.asOf),
    knownAt: Calendar.formatInstantChina(now.meeting.knownBy),
    by,
    paceKind: request.pace,
    pace: now.pace,
    previous: before === undefined
      ? null
      : { asOf: Calendar.formatDate(before.meeting.asOf), knownAt: Calendar.formatInstantChina(before.meeting.knownBy), pace: before.pace },
    rows,
    total: row("total", now.grouped.total)
  }
  return result
})
