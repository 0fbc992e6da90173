/**
 * Year-end distributions per group (district, sector or kind), from sums the
 * simulator keeps per path and group. The simulation is bottom-up, so on
 * every path the groups add up to the total: no reconciliation step.
 */
import { Kpis } from "@groundbreak/indicators"
import type { GroupPaths } from "./RiskTally.ts"
import * as Summary from "./Summary.ts"

export interface GroupForecast {
  readonly key: string
  /** Planned investment of the group's plan projects, 万元. */
  readonly planned: number
  readonly investment: Summary.Distribution
  readonly startRate: Summary.Distribution
  readonly startResumeRate: Summary.Distribution
  /** Probability the group completes its annual plan (year-end investment ≥ planned). */
  readonly pCompletePlan: number | null
  /** Probability of reaching the scenario's rate targets, when it sets them. */
  readonly pStartRateTarget: number | null
  readonly pStartResumeRateTarget: number | null
}

/** One group's values across paths. */
export const column = (groups: GroupPaths, key: keyof Omit<GroupPaths, "names">, g: number): Float64Array => {
  const width = groups.names.length
  const paths = groups[key].length / width
  const out = new Float64Array(paths)
  for (let o = 0; o < paths; o++) out[o] = groups[key][o * width + g]!
  return out
}

export const summarize = (
  groups: GroupPaths,
  toDate: Kpis.GroupedKpis,
  targets: { readonly startRate?: number | undefined; readonly startResumeRate?: number | undefined }
): Array<GroupForecast> =>
  groups.names.map((key, g) => {
    const now = toDate.groups.find((x) => x.key === key)?.values
    const investment = column(groups, "investment", g)
    const projects = column(groups, "projects", g)
    const newProjects = column(groups, "newProjects", g)
    const newStarted = column(groups, "newStarted", g)
    const active = column(groups, "continuingActive", g)
    const startRate = newStarted.map((s, o) => Kpis.startRate(s, newProjects[o]!) ?? NaN)
    const startResumeRate = newStarted.map((s, o) => Kpis.startResumeRate(s, active[o]!, projects[o]!) ?? NaN)
    const planned = now?.plannedInvestment ?? 0
    return {
      key,
      planned,
      investment: Summary.summarize(investment, now?.completedInvestment ?? null),
      startRate: Summary.summarize(startRate, now?.startRate ?? null),
      startResumeRate: Summary.summarize(startResumeRate, now?.startResumeRate ?? null),
      pCompletePlan: planned > 0 ? Summary.probabilityAtLeast(investment, planned) : null,
      pStartRateTarget: targets.startRate === undefined ? null : Summary.probabilityAtLeast(startRate, targets.startRate),
      pStartResumeRateTarget: targets.startResumeRate === undefined ? null : Summary.probabilityAtLeast(startResumeRate, targets.startResumeRate)
    }
  }).filter((g) => g.investment.mean !== null).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
