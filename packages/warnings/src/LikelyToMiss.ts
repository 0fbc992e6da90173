/**
 * The early in early warning: projects still green or yellow today whose
 * simulated probability of missing (not completing the annual plan, or for
 * a new project not yet started, not starting by 31 December) falls in the
 * rules file's `likelyToMiss` range.
 */
import { ProjectRisk } from "@groundbreak/forecast"
import * as Evaluation from "./Evaluation.ts"
import { inRange, type RulesFile } from "./Rules.ts"
import type { ProjectLine } from "./Warnings.ts"

export interface Flagged {
  readonly projectId: string
  readonly district: string
  readonly colour: "green" | "yellow"
  /** Probability of missing (see module doc). */
  readonly probability: number
  /** Whether the miss is of the start (a new project not yet started) rather than of the plan. */
  readonly missing: "start" | "plan"
  /** Its annual plan and the P10–P90 of its simulated year-end completed investment (万元). */
  readonly planned: number
  readonly p10: number
  readonly p50: number
  readonly p90: number
  readonly zh: string
  readonly en: string
}

export interface RiskColumn {
  /** Probability of missing, by project id (null when it cannot miss: no plan amount). */
  readonly pMiss: ReadonlyMap<string, number | null>
  /** The simulation's per-project risk, by project id. */
  readonly risk: ReadonlyMap<string, ProjectRisk.ProjectRisk>
  /** Sorted by probability, highest first, then by id. */
  readonly likely: ReadonlyArray<Flagged>
}

export const of = (projects: ReadonlyArray<ProjectLine>, risks: ReadonlyArray<ProjectRisk.ProjectRisk>, rules: RulesFile): RiskColumn => {
  const byId = new Map(risks.map((r) => [r.projectId, r]))
  const pMiss = new Map<string, number | null>()
  const likely: Array<Flagged> = []
  for (const p of projects) {
    const risk = byId.get(p.projectId)
    if (risk === undefined) continue
    const probability = ProjectRisk.pMiss(risk, p.started)
    pMiss.set(p.projectId, probability)
    const rule = rules.likelyToMiss
    if (rule === undefined || probability === null || p.colour === "red" || !inRange(probability, rule.probability)) continue
    likely.push({
      projectId: p.projectId,
      district: p.district,
      colour: p.colour,
      probability,
      missing: risk.isNew && !p.started ? "start" : "plan",
      planned: risk.planned,
      p10: risk.p10,
      p50: risk.p50,
      p90: risk.p90,
      ...Evaluation.fill(rule.reason, p, p.pace, probability)
    })
  }
  likely.sort((a, b) => b.probability - a.probability || (a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : 0))
  return { pMiss, risk: byId, likely }
}
