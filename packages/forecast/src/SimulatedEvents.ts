/**
 * One simulated path written as events in the interchange format: importing
 * them over the history known at K and reading the KPIs at 31 December gives
 * exactly that path's year-end figures. Simulated facts become known just
 * after K (they are K's future) and no later than the end of the year, except
 * that a month's investment is never known before the month has ended, so
 * December's becomes known at the first moment of the next year.
 */
import { Calendar, type ProjectEvent } from "@groundbreak/domain"
import type { Model } from "./Estimation.ts"
import type { Compiled } from "./CompiledPlan.ts"
import { type PathOutcomes, type Recorder, run } from "./Simulator.ts"
import type { Prepared } from "./ScenarioDraws.ts"

const day = (year: number, month: number, dayOfMonth: number | "last"): string =>
  dayOfMonth === "last"
    ? Calendar.formatDate(Calendar.endOfMonth(year * 100 + month))
    : `${year}-${String(month).padStart(2, "0")}-${String(dayOfMonth).padStart(2, "0")}`

export const pathEvents = (
  compiled: Compiled,
  model: Model,
  prepared: Prepared,
  path: number,
  knownBy: number
): { readonly events: Array<ProjectEvent.ProjectEvent>; readonly outcome: PathOutcomes } => {
  const year = compiled.year
  const events: Array<ProjectEvent.ProjectEvent> = []
  const extraIds: Array<string> = []
  const yearEnd = Date.parse(`${year}-12-31T23:59:59+08:00`)
  const idOf = (project: number) => project < compiled.count ? compiled.projectIds[project]! : extraIds[project - compiled.count]!
  let counter = 0
  /**
   * Known the day it happened at 18:00 China time, or after the lag for reports; never before K nor after the year
   * ends, but never before `notBefore` (the end of a report's month) either.
   */
  const knownAt = (occurredOn: string, lagDays: number, notBefore: number): string => {
    const natural = Date.parse(`${occurredOn}T18:00:00+08:00`) + lagDays * 86_400_000
    return Calendar.formatInstantChina(Math.max(notBefore, Math.min(yearEnd, Math.max(knownBy + 1000, natural))))
  }
  const push = (project: number, type: ProjectEvent.EventType, occurredOn: string, data: object, lagDays = 0, notBefore = 0) =>
    events.push({
      eventId: `sim/${prepared.seed}/${path}/${++counter}`,
      projectId: idOf(project),
      type,
      occurredOn,
      knownAt: knownAt(occurredOn, lagDays, notBefore),
      data
    } as ProjectEvent.ProjectEvent)

  const recorder: Recorder = {
    started: (p, m) => push(p, "ProjectStarted", day(year, m, 1), {}),
    invested: (p, m, amount) =>
      push(p, "InvestmentReported", day(year, m, "last"), { period: Calendar.formatMonth(year * 100 + m), amount }, Math.round(model.reportLagDays), Calendar.endOfMonthChina(year * 100 + m)),
    toppedOut: (p, m) => push(p, "ProjectToppedOut", day(year, m, 15), {}),
    commissioned: (p, m) => push(p, "ProjectCommissioned", day(year, m, "last"), {}),
    cancelled: (p, m) => push(p, "ProjectCancelled", day(year, m, 1), { reason: "simulated" }),
    resumed: (p, m) => push(p, "ProjectResumed", day(year, m, 1), {}),
    extraProject: (entry, m, total, planned, district, sector) => {
      const name = prepared.extras[entry]?.name ?? `extra-${entry}`
      const id = compiled.count + extraIds.length
      extraIds.push(`SIM-${name}-${year}-${String(m).padStart(2, "0")}-${extraIds.length + 1}`)
      const on = day(year, m, 1)
      push(id, "ProjectSigned", on, { name: `${name} (simulated)`, district, sector, totalInvestment: Math.round(total * 100) / 100 })
      push(id, "AnnualPlanSet", on, { year, kind: "new", plannedInvestment: Math.round(planned * 100) / 100, plannedStart: Calendar.formatMonth(year * 100 + m) })
      return id
    }
  }
  const outcome = run(compiled, model, prepared, path, path + 1, recorder)
  return { events, outcome }
}
