/**
 * What a scenario-driven command runs on: the scenario (from a file, or the
 * baseline), with command-line flags overriding it, and the store it names
 * (a store file or URL, or a portfolio synthesized from published figures).
 * This is the one place a scenario meets its portfolio: the districts and
 * sectors it names are checked against the plan's (`ScenarioCheck`), and
 * assumptions dated before the forecast starts are warned about on stderr
 * and kept for the JSON output.
 */
import { Clock, Console, Effect, Layer, Option, Result } from "effect"
import { Calendar, KnowledgeCut } from "@groundbreak/domain"
import { Kpis } from "@groundbreak/indicators"
import { Forecast, Model } from "@groundbreak/forecast"
import { ProjectEvent } from "@groundbreak/domain"
import { type AppendError, EventStore, MemoryEventStore, type StoreError } from "@groundbreak/event-store"
import { LedgerImport } from "@groundbreak/ingest"
import { Replay } from "@groundbreak/indicators"
import { Scenario, ScenarioCheck, ScenarioFile } from "@groundbreak/scenario"
import { Synthesis } from "@groundbreak/synth"
import type * as Flags from "./Flags.ts"
import { resolveStore, storeLayer } from "./StoreSelection.ts"
import { BadInput } from "./UserFacing.ts"
import * as UserPaths from "./UserPaths.ts"

export interface ScenarioFlags {
  readonly scenario: Option.Option<string>
  readonly store: Option.Option<string>
  readonly year: Option.Option<number>
  readonly asOf: Option.Option<string>
  readonly knownAt: Option.Option<KnowledgeCut.KnowledgeCut>
  /** The cut without `--known-at` nor a scenario file (see Flags.KnownAtDefault). Default `asOf`. */
  readonly knownAtDefault?: Flags.KnownAtDefault
  readonly paths?: Option.Option<number>
  readonly seed?: Option.Option<number>
  /**
   * A valid date after the plan year: `cap` counts it as Y-12-31 (indicators),
   * `refuse` fails (a forecast is made within its year). Default `refuse`.
   */
  readonly afterYear?: "cap" | "refuse"
}

export interface ScenarioContext {
  readonly scenario: Scenario.Scenario
  readonly year: number
  readonly asOf: string
  /** The valid date asked for, when it was after the plan year and `asOf` is its cap, Y-12-31. */
  readonly requestedAsOf?: string
  readonly knownAt: KnowledgeCut.KnowledgeCut
  readonly paths: number
  readonly seed: number
  readonly storeLabel: string
  readonly layer: Layer.Layer<EventStore, StoreLayerError>
  /** For a synthesized portfolio: the published figures against the KPIs reproduced. */
  readonly synthesized?: Synthesis.Synthesized
  /** The scenario file, when there is one. */
  readonly file?: string
  /** Assumptions (or parts) that cannot change the forecast, as `file:line:column: path: message`. */
  readonly warnings: ReadonlyArray<string>
}

type StoreLayerError = StoreError | AppendError | LedgerImport.ImportRejected | LedgerImport.ReadFailed | LedgerImport.PoolStopped

/** An in-memory store holding a synthesized ledger. */
const synthesizedStore = (synthesized: Synthesis.Synthesized): Layer.Layer<EventStore, StoreLayerError> =>
  Layer.effect(
    EventStore,
    Effect.gen(function*() {
      const store = yield* MemoryEventStore.make
      yield* LedgerImport.importLedger("synthesized ledger", synthesized.events.map(ProjectEvent.toJsonLine)).pipe(
        Effect.provideService(EventStore, store)
      )
      return store
    })
  )

/** Whether a scenario names districts or sectors, which only its portfolio can confirm. */
const namesAnything = (scenario: Scenario.Scenario): boolean => {
  const a = scenario.assumptions
  return a !== undefined && (
    Object.keys(a.pace?.byDistrict ?? {}).length > 0 || Object.keys(a.pace?.bySector ?? {}).length > 0 ||
    (a.pauses ?? []).some((p) => p.scope?.districts !== undefined || p.scope?.sectors !== undefined) ||
    (a.extraProjects ?? []).some((e) => e.district !== undefined || e.sector !== undefined)
  )
}

/** The districts and sectors of the projects on the year's plan, as known at the cut. */
export const portfolioNames = Effect.fn("ScenarioContext.portfolioNames")(function*(year: number, knownAt: KnowledgeCut.KnowledgeCut) {
  const portfolio = yield* Replay.portfolioKnownAt(knownAt)
  const districts = new Set<string>(), sectors = new Set<string>()
  for (const facts of portfolio.projects.values()) {
    if (!facts.plans.has(year)) continue
    if (facts.district !== undefined) districts.add(facts.district)
    if (facts.sector !== undefined) sectors.add(facts.sector)
  }
  return { districts: [...districts].sort(), sectors: [...sectors].sort() } satisfies ScenarioCheck.PortfolioNames
})

/**
 * Checks a scenario against its portfolio and forecast date: fails on names
 * that match nothing, returns the scenario under the portfolio's names and
 * the warnings (also printed on stderr).
 */
export const checkScenario = Effect.fn("ScenarioContext.checkScenario")(function*(
  scenario: Scenario.Scenario,
  loaded: ScenarioFile.LoadedScenario | undefined,
  timing: { readonly year: number; readonly asOf: string; readonly knownAt: KnowledgeCut.KnowledgeCut },
  /** The portfolio; without one, names are not checked. */
  layer: Layer.Layer<EventStore, StoreLayerError> | undefined
) {
  const names = layer !== undefined && namesAnything(scenario)
    ? yield* portfolioNames(timing.year, timing.knownAt).pipe(Effect.provide(layer))
    : layer === undefined ? undefined : { districts: [], sectors: [] }
  const file = loaded?.file ?? "(command line)"
  const locate: ScenarioCheck.Locate = loaded?.locate ?? (() => ({ file, line: 1, column: 1 }))
  const startDay = Model.simulationStart(timing.year, Calendar.parseDate(timing.asOf)!, timing.knownAt)
  const checked = ScenarioCheck.check(scenario, names, { year: timing.year, startDay }, locate)
  if (checked.problems.length > 0) return yield* new ScenarioFile.ScenarioInvalid({ file, problems: [...checked.problems] })
  const warnings = checked.warnings.map((w) => `warning: ${ScenarioFile.formatLocated(w)}`)
  for (const warning of warnings) yield* Console.error(warning)
  return { scenario: checked.scenario, warnings }
})

/**
 * The plan year's window for a valid date D: D before Y-01-01 is refused; D
 * after Y-12-31 is capped at Y-12-31 or refused (see `ScenarioFlags.afterYear`).
 */
export const planWindow = (
  year: number,
  asOf: string,
  afterYear: "cap" | "refuse",
  source: string
): Effect.Effect<{ readonly asOf: string; readonly requestedAsOf?: string }, BadInput> => {
  const day = Calendar.parseDate(asOf)!
  if (day < Calendar.startOfYear(year)) {
    return Effect.fail(new BadInput({ reason: `${source} ${asOf} is before the plan year ${year} starts (${year}-01-01)` }))
  }
  if (day <= Kpis.windowEnd(year)) return Effect.succeed({ asOf })
  if (afterYear === "refuse") {
    return Effect.fail(new BadInput({ reason: `${source} ${asOf} is after the plan year ${year} ends (${year}-12-31); a forecast of ${year} is made within ${year}` }))
  }
  return Effect.succeed({ asOf: Calendar.formatDate(Kpis.windowEnd(year)), requestedAsOf: asOf })
}

/** A scenario file's knowledge cut (its `knownAt`, else the end of its `asOf`), parsed once. */
export const scenarioCut = (scenario: Scenario.Scenario, file: string): Effect.Effect<KnowledgeCut.KnowledgeCut, BadInput> => {
  const parsed = KnowledgeCut.parse(scenario.knownAt ?? scenario.asOf, `${file}: ${scenario.knownAt === undefined ? "asOf" : "knownAt"}`)
  return Result.isSuccess(parsed) ? Effect.succeed(parsed.success) : Effect.fail(new BadInput({ reason: parsed.failure.message }))
}

export const resolve = Effect.fn("ScenarioContext.resolve")(function*(flags: ScenarioFlags) {
  const loaded = Option.isSome(flags.scenario) ? yield* ScenarioFile.load(UserPaths.resolve(flags.scenario.value)) : undefined
  const now = yield* Clock.currentTimeMillis
  const askedAsOf = Option.getOrElse(flags.asOf, () => loaded?.scenario.asOf ?? Calendar.formatInstantChina(now).slice(0, 10))
  const asOfDay = Calendar.parseDate(askedAsOf)
  if (asOfDay === undefined) return yield* Effect.fail(new BadInput({ reason: `--as-of: expected a date YYYY-MM-DD, found ${JSON.stringify(askedAsOf)}` }))
  const year = Option.getOrElse(flags.year, () => loaded?.scenario.year ?? Calendar.yearOfDay(asOfDay))
  const window = yield* planWindow(year, askedAsOf, flags.afterYear ?? "refuse", Option.isSome(flags.asOf) || loaded === undefined ? "--as-of" : `${loaded.file}: asOf`)
  const asOf = window.asOf
  // The one place the cut is defaulted: the flag, else the scenario file's, else now or the end of the asked D.
  const knownAt = Option.isSome(flags.knownAt)
    ? flags.knownAt.value
    : loaded !== undefined && loaded.scenario.knownAt !== undefined
    ? yield* scenarioCut(loaded.scenario, loaded.file)
    : loaded === undefined && flags.knownAtDefault === "now"
    ? KnowledgeCut.ofInstant(now)
    : KnowledgeCut.endOfDay(asOfDay)
  const written: Scenario.Scenario = { ...(loaded?.scenario ?? Forecast.baseline(year, asOf)), year, asOf, knownAt: knownAt.text }
  const portfolio = loaded?.scenario.portfolio
  const useFlagStore = Option.isSome(flags.store) || portfolio === undefined
  const storeSpec = useFlagStore ? resolveStore(flags.store) : loaded!.store
  const synthesized = storeSpec === undefined
    ? Synthesis.synthesize((portfolio as { synthesize: Scenario.Synthesize }).synthesize, written)
    : undefined
  const layer = synthesized === undefined ? storeLayer(storeSpec!, "read") : synthesizedStore(synthesized)
  const { scenario, warnings } = yield* checkScenario(written, loaded, { year, asOf, knownAt }, layer)
  return {
    ...(loaded === undefined ? {} : { file: loaded.file }),
    warnings,
    scenario,
    year,
    asOf,
    ...(window.requestedAsOf === undefined ? {} : { requestedAsOf: window.requestedAsOf }),
    knownAt,
    paths: Option.getOrElse(flags.paths ?? Option.none(), () => loaded?.scenario.simulation?.paths ?? 2000),
    seed: Option.getOrElse(flags.seed ?? Option.none(), () => loaded?.scenario.simulation?.seed ?? 1),
    storeLabel: storeSpec ?? "synthesized",
    layer,
    ...(synthesized === undefined ? {} : { synthesized })
  } satisfies ScenarioContext
})
