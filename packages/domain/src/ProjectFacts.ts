/**
 * What is known about one project at a knowledge cut: the dates of its
 * lifecycle steps, its annual plans and its monthly investment, each fact the
 * latest known version. Folding compact events known by the cut into facts is
 * the one bitemporal replay every indicator and estimator stands on; valid
 * dates are kept, so the facts answer "as of D" for any D.
 */
import type { CompactEvent } from "./CompactEvent.ts"
import * as EventTypes from "./EventTypes.ts"
import { isLater } from "./internal/Versions.ts"
import { MonthlyReports } from "./MonthlyReports.ts"

export interface Plan {
  readonly isNew: boolean
  readonly plannedInvestment: number
  /** `yyyymm`, 0 when not given. */
  readonly plannedStart: number
  readonly knownAt: number
  readonly position: number
}

export interface Suspension {
  /** Epoch day. */
  readonly on: number
  readonly suspended: boolean
  readonly position: number
}

export interface Withdrawal {
  /** Epoch day the project left the year's plan. */
  readonly on: number
  readonly knownAt: number
  readonly position: number
}

export interface ProjectFacts {
  readonly projectId: string
  district: string | undefined
  sector: string | undefined
  totalInvestment: number
  /** Epoch days of the lifecycle steps; `undefined` when not (yet) known. */
  signedOn: number | undefined
  startedOn: number | undefined
  toppedOutOn: number | undefined
  commissionedOn: number | undefined
  cancelledOn: number | undefined
  /** Suspensions and resumptions, in arrival order. */
  readonly suspensions: Array<Suspension>
  /** The latest known plan of each year. */
  readonly plans: Map<number, Plan>
  /**
   * The latest known withdrawal from each year's plan (`PlanWithdrawn`); `undefined` until one is known (few
   * projects are withdrawn, and an empty map per project is ~100 bytes × every project of a national portfolio).
   */
  withdrawals: Map<number, Withdrawal> | undefined
  /** The latest known report of each period `yyyymm`: amount, and when it became known. */
  readonly investment: MonthlyReports
}

export const empty = (projectId: string): ProjectFacts => ({
  projectId,
  district: undefined,
  sector: undefined,
  totalInvestment: 0,
  signedOn: undefined,
  startedOn: undefined,
  toppedOutOn: undefined,
  commissionedOn: undefined,
  cancelledOn: undefined,
  suspensions: [],
  plans: new Map(),
  withdrawals: undefined,
  investment: new MonthlyReports()
})

const folds: ReadonlyArray<((facts: ProjectFacts, e: CompactEvent) => void) | undefined> = EventTypes.names.map((type) =>
  EventTypes.of(type).fold
)

/**
 * Applies one event to the facts of its project, by its type's `fold`
 * (`EventTypes`). The caller has already cut by knowledge time; the result
 * does not depend on the order events arrive in. An unknown code is ignored.
 */
export const apply = (facts: ProjectFacts, e: CompactEvent): void => {
  folds[e.type]?.(facts, e)
}

/**
 * The plan of `year` the project is on as of `day` (epoch day), or
 * `undefined` when it is not on that year's list then: it has no plan for
 * the year, or it was withdrawn on or before `day` by a withdrawal known
 * after its latest plan (a plan known after the withdrawal re-lists it for
 * the whole year).
 */
export const planOn = (facts: ProjectFacts, year: number, day: number): Plan | undefined => {
  const plan = facts.plans.get(year)
  if (plan === undefined) return undefined
  const withdrawal = facts.withdrawals?.get(year)
  return withdrawal !== undefined && withdrawal.on <= day && isLater(withdrawal.knownAt, withdrawal.position, plan) ? undefined : plan
}

/** Whether a suspension is in force on `day`: the latest suspension or resumption on or before it is a suspension. */
export const isSuspendedOn = (facts: ProjectFacts, day: number): boolean => {
  let latest: Suspension | undefined
  for (const s of facts.suspensions) {
    if (s.on <= day && (latest === undefined || s.on > latest.on || (s.on === latest.on && s.position > latest.position))) {
      latest = s
    }
  }
  return latest?.suspended ?? false
}

/** Investment completed in the months `fromMonth`..`toMonth` (`yyyymm`, inclusive), latest known reports. */
export const investmentBetween = (facts: ProjectFacts, fromMonth: number, toMonth: number): number =>
  facts.investment.sumBetween(fromMonth, toMonth)

/**
 * A portfolio being folded: facts per project, built from batches of compact
 * events already cut by knowledge time.
 */
export class Portfolio {
  readonly projects = new Map<string, ProjectFacts>()
  /** Stores keep a stream's events together, so the previous project is usually the next one too. */
  private last: ProjectFacts | undefined

  add(e: CompactEvent): void {
    let facts = this.last
    if (facts === undefined || facts.projectId !== e.projectId) {
      facts = this.projects.get(e.projectId)
      if (facts === undefined) {
        facts = empty(e.projectId)
        this.projects.set(e.projectId, facts)
      }
      this.last = facts
    }
    apply(facts, e)
  }

}
