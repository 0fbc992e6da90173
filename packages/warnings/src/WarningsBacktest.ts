/**
 * How well the early warning foresaw who missed. At each origin (a past
 * plan year at a date, the data cut as known that day) the simulation gives
 * each plan project a probability of missing (not completing its annual
 * plan; for a new project not started by then, not starting by 31
 * December), and the rules give it a colour. Each is scored against what
 * happened by the year end, as known now: the Brier score and a reliability
 * table of the probabilities, beside the rules' colours read as forecasts
 * (red = 1, else 0; red or yellow = 1, else 0) and the share that missed in
 * each colour. The base rate (always forecasting the share that missed) is
 * the reference.
 */
import { Effect } from "effect"
import { Calendar, KnowledgeCut, ProjectFacts } from "@groundbreak/domain"
import { Accuracy, Forecast, Model, ProjectRisk } from "@groundbreak/forecast"
import { Replay } from "@groundbreak/indicators"
import type { Scenario } from "@groundbreak/scenario"
import type { Colour, RulesFile } from "./Rules.ts"
import * as Warnings from "./Warnings.ts"

export interface WarningsBacktestRequest {
  readonly scenario: Scenario.Scenario
  readonly years: ReadonlyArray<number>
  /** Dates within each year, `MM-DD`. */
  readonly asOfs: ReadonlyArray<string>
  readonly rules: RulesFile
  readonly paths: number
  readonly seed: number
  readonly onOrigin?: (done: number, total: number) => void
}

export interface Scored {
  readonly year: number
  readonly asOf: string
  readonly projectId: string
  readonly colour: Colour
  readonly pMiss: number
  readonly missed: boolean
}

export interface ColourRow {
  readonly colour: Colour
  readonly count: number
  /** Share of the colour's projects that missed. */
  readonly missed: number | null
  /** Mean simulated probability of missing among them. */
  readonly meanPMiss: number | null
}

export interface WarningsBacktestResult {
  readonly years: ReadonlyArray<number>
  readonly asOfs: ReadonlyArray<string>
  readonly paths: number
  readonly seed: number
  readonly projects: number
  readonly baseRate: number | null
  readonly brier: {
    readonly simulation: number | null
    readonly red: number | null
    readonly redOrYellow: number | null
    readonly baseRate: number | null
  }
  readonly reliability: ReadonlyArray<Accuracy.ReliabilityBin>
  readonly byColour: ReadonlyArray<ColourRow>
  readonly origins: ReadonlyArray<{ readonly year: number; readonly asOf: string; readonly projects: number; readonly missed: number; readonly brier: number | null }>
}

/** Whether a plan project missed by 31 December, as known now: the start for a new project not started at D, else the plan. */
const missedBy = (facts: ProjectFacts.ProjectFacts, year: number, planned: number, startedAtD: boolean, isNew: boolean): boolean => {
  if (isNew && !startedAtD) return facts.startedOn === undefined || facts.startedOn > Calendar.startOfYear(year + 1) - 1
  return ProjectFacts.investmentBetween(facts, year * 100 + 1, year * 100 + 12) < planned - 1e-6
}

export const summarize = (scored: ReadonlyArray<Scored>, request: Pick<WarningsBacktestRequest, "years" | "asOfs" | "paths" | "seed">): WarningsBacktestResult => {
  const pairs = scored.map((s) => ({ p: s.pMiss, happened: s.missed }))
  const baseRate = scored.length === 0 ? null : scored.filter((s) => s.missed).length / scored.length
  const origins = new Map<string, Array<Scored>>()
  for (const s of scored) {
    const key = `${s.year}-${s.asOf}`
    let list = origins.get(key)
    if (list === undefined) origins.set(key, list = [])
    list.push(s)
  }
  return {
    years: request.years,
    asOfs: request.asOfs,
    paths: request.paths,
    seed: request.seed,
    projects: scored.length,
    baseRate,
    brier: {
      simulation: Accuracy.brier(pairs),
      red: Accuracy.brier(scored.map((s) => ({ p: s.colour === "red" ? 1 : 0, happened: s.missed }))),
      redOrYellow: Accuracy.brier(scored.map((s) => ({ p: s.colour === "green" ? 0 : 1, happened: s.missed }))),
      baseRate: baseRate === null ? null : Accuracy.brier(scored.map((s) => ({ p: baseRate, happened: s.missed })))
    },
    reliability: Accuracy.reliability(pairs),
    byColour: (["red", "yellow", "green"] as const).map((colour) => {
      const of = scored.filter((s) => s.colour === colour)
      return {
        colour,
        count: of.length,
        missed: of.length === 0 ? null : of.filter((s) => s.missed).length / of.length,
        meanPMiss: of.length === 0 ? null : of.reduce((a, s) => a + s.pMiss, 0) / of.length
      }
    }),
    origins: [...origins.values()].map((list) => ({
      year: list[0]!.year,
      asOf: list[0]!.asOf,
      projects: list.length,
      missed: list.filter((s) => s.missed).length,
      brier: Accuracy.brier(list.map((s) => ({ p: s.pMiss, happened: s.missed })))
    }))
  }
}

export const backtest = Effect.fn("WarningsBacktest.backtest")(function*(request: WarningsBacktestRequest) {
  // One read of the store: every origin's forecast model is fitted to it as known at the origin.
  const history = yield* Replay.history(KnowledgeCut.everything)
  const now = new Map(history.facts.map((f) => [f.projectId, f]))
  const scored: Array<Scored> = []
  const total = request.years.length * request.asOfs.length
  let done = 0
  for (const year of request.years) {
    for (const monthDay of request.asOfs) {
      const asOf = `${year}-${monthDay}`
      const asOfDay = Calendar.parseDate(asOf)!
      const cut = KnowledgeCut.endOfDay(asOfDay)
      const knownBy = cut.at
      const warnings = yield* Warnings.warnings({ year, asOf: asOfDay, knownBy, rules: request.rules, by: "district" })
      const model = yield* Model.fit(history.at(cut), { year, asOf, seed: request.seed })
      const forecast = yield* Forecast.run(model, { scenario: { ...request.scenario, year, asOf, knownAt: asOf }, paths: request.paths, risk: true })
      const risks = new Map((forecast.risk ?? []).map((r) => [r.projectId, r]))
      for (const p of warnings.projects) {
        const risk = risks.get(p.projectId)
        const facts = now.get(p.projectId)
        if (risk === undefined || facts === undefined) continue
        const pMiss = ProjectRisk.pMiss(risk, p.started)
        if (pMiss === null) continue
        scored.push({ year, asOf: monthDay, projectId: p.projectId, colour: p.colour, pMiss, missed: missedBy(facts, year, p.plannedInvestment, p.started, p.kind === "new") })
      }
      request.onOrigin?.(++done, total)
    }
  }
  return summarize(scored, request)
})
