/**
 * The formulas of the official indicators, on counts and sums already tallied: what a project being active
 * means, and the rates. Kpis declares the indicators (names, labels, units) and tallies a plan's projects into
 * them; the simulation applies the same formulas to each path's tallies. Pure arithmetic with no other
 * dependency, so the simulation's worker threads load only this.
 */
import * as Units from "@groundbreak/domain/Units"

/**
 * A continuing project is active as of D when it has started by D, is not
 * cancelled by D, was not commissioned before the plan year, and is not
 * suspended on D.
 */
export const isContinuingActive = (
  startedByD: boolean,
  cancelledByD: boolean,
  commissionedBeforeYear: boolean,
  suspendedOnD: boolean
): boolean => startedByD && !cancelledByD && !commissionedBeforeYear && !suspendedOnD

/** 开工率 */
export const startRate = (newStarted: number, newProjects: number): number | null => Units.ratio(newStarted, newProjects)
/** 开复工率 */
export const startResumeRate = (newStarted: number, continuingActive: number, projects: number): number | null =>
  Units.ratio(newStarted + continuingActive, projects)
/** 完成年度计划 */
export const completionRate = (completed: number, planned: number): number | null => Units.ratio(completed, planned)
