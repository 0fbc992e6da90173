/**
 * What a scenario-driven command runs on: the scenario (from a file, or the
 * baseline), with command-line flags overriding it, and the store it names
 * (a store file or URL, or a portfolio synthesized from published figures).
 */
import { Effect, Layer, Option } from "effect"
import { Calendar } from "@groundbreak/domain"
import { Kpis } from "@groundbreak/projections"
import { Forecast } from "@groundbreak/forecast"
import { ProjectEvent } from "@groundbreak/domain"
import { type AppendError, EventStore, LedgerImport, MemoryEventStore, type StoreError } from "@groundbreak/event-store"
import { Scenario, ScenarioFile } from "@groundbreak/scenario"
import { Synthesis } from "@groundbreak/synth"
import { resolveStore, storeLayer } from "./StoreSelection.ts"
import { BadInput } from "./UserFacing.ts"
import * as UserPaths from "./UserPaths.ts"

export interface ScenarioFlags {
  readonly scenario: Option.Option<string>
  readonly store: Option.Option<string>
  readonly year: Option.Option<number>
  readonly asOf: Option.Option<string>
  readonly knownAt: Option.Option<string>
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
  readonly knownAt: string
  readonly paths: number
  readonly seed: number
  readonly storeLabel: string
  readonly layer: Layer.Layer<EventStore, StoreLayerError>
  /** For a synthesized portfolio: the published figures against the KPIs reproduced. */
  readonly synthesized?: Synthesis.Synthesized
}

type StoreLayerError = StoreError | AppendError | LedgerImport.ImportRejected | LedgerImport.ReadFailed

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

export const resolve = Effect.fn("ScenarioContext.resolve")(function*(flags: ScenarioFlags) {
  const loaded = Option.isSome(flags.scenario) ? yield* ScenarioFile.load(UserPaths.resolve(flags.scenario.value)) : undefined
  const askedAsOf = Option.getOrElse(flags.asOf, () => loaded?.scenario.asOf ?? Calendar.formatInstantChina(Date.now()).slice(0, 10))
  const asOfDay = Calendar.parseDate(askedAsOf)
  if (asOfDay === undefined) return yield* Effect.fail(new BadInput({ reason: `--as-of: expected a date YYYY-MM-DD, found ${JSON.stringify(askedAsOf)}` }))
  const year = Option.getOrElse(flags.year, () => loaded?.scenario.year ?? Calendar.yearOfDay(asOfDay))
  const window = yield* planWindow(year, askedAsOf, flags.afterYear ?? "refuse", Option.isSome(flags.asOf) || loaded === undefined ? "--as-of" : `${loaded.file}: asOf`)
  const asOf = window.asOf
  const knownAt = Option.getOrElse(flags.knownAt, () => loaded?.scenario.knownAt ?? askedAsOf)
  if (Calendar.parseKnowledgeCut(knownAt) === undefined) {
    return yield* Effect.fail(new BadInput({ reason: `--known-at: expected a date or a date-time with offset, found ${JSON.stringify(knownAt)}` }))
  }
  const scenario: Scenario.Scenario = { ...(loaded?.scenario ?? Forecast.baseline(year, asOf)), year, asOf, knownAt }
  const portfolio = loaded?.scenario.portfolio
  const useFlagStore = Option.isSome(flags.store) || portfolio === undefined
  const storeSpec = useFlagStore ? resolveStore(flags.store) : "store" in portfolio! ? loaded!.resolvePath(portfolio.store) : undefined
  const synthesized = storeSpec === undefined
    ? Synthesis.synthesize((portfolio as { synthesize: Scenario.Synthesize }).synthesize, scenario)
    : undefined
  const layer = synthesized === undefined ? storeLayer(storeSpec!) : synthesizedStore(synthesized)
  return {
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
