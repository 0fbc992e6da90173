/**
 * Per-project risk from the Monte Carlo's counters: for every plan project
 * the probability of completing its annual plan by 31 December, for a new
 * project the probability of having started by then, and the P10–P50–P90
 * of its year-end completed investment (from its fixed histogram, see
 * RiskTally).
 */
import type { Compiled } from "./CompiledPlan.ts"
import { quantile, type RiskTallies } from "./RiskTally.ts"

export interface ProjectRisk {
  readonly projectId: string
  readonly isNew: boolean
  /** Annual planned investment, 万元. */
  readonly planned: number
  /** Reported this year so far, 万元. */
  readonly toDate: number
  /** Probability its year-end completed investment reaches its annual plan (null without a plan amount). */
  readonly pComplete: number | null
  /** New projects: probability of having started by 31 December (1 when started already); null for continuing ones. */
  readonly pStart: number | null
  /** Year-end completed investment, 万元. */
  readonly p10: number
  readonly p50: number
  readonly p90: number
}

export const of = (compiled: Compiled, risk: RiskTallies): Array<ProjectRisk> => {
  const n = risk.paths
  const out: Array<ProjectRisk> = []
  for (let i = 0; i < compiled.count; i++) {
    const isNew = compiled.isNew[i] === 1
    out.push({
      projectId: compiled.projectIds[i]!,
      isNew,
      planned: compiled.planned[i]!,
      toDate: compiled.known[i]!,
      pComplete: compiled.planned[i]! > 0 && n > 0 ? risk.completed[i]! / n : null,
      pStart: isNew && n > 0 ? risk.started[i]! / n : null,
      p10: quantile(compiled, risk, i, 0.1),
      p50: quantile(compiled, risk, i, 0.5),
      p90: quantile(compiled, risk, i, 0.9)
    })
  }
  return out
}

/**
 * The probability a project misses: of not starting this year when it is
 * new and not started at D, else of not completing its annual plan.
 */
export const pMiss = (r: ProjectRisk, startedByD: boolean): number | null =>
  r.isNew && !startedByD && r.pStart !== null ? 1 - r.pStart : r.pComplete === null ? null : 1 - r.pComplete
