/**
 * What a scenario-driven command runs on: the scenario (from a file, or the
 * baseline), with command-line flags overriding it, and the store it names
 * (a store file or URL, or a portfolio synthesized from published figures).
 */
import { Effect, Layer, Option } from "effect"
import { Calendar } from "@groundbreak/domain"
import { Forecast } from "@groundbreak/forecast"
import { ProjectEvent } from "@groundbreak/domain"
import { type AppendError, EventStore, LedgerImport, MemoryEventStore, type StoreError } from "@groundbreak/event-store"
import { Scenario, ScenarioFile } from "@groundbreak/scenario"
import { Synthesis } from "@groundbreak/synth"
import { resolveStore, storeLayer } from "./StoreSelection.ts"
import { BadInput } from "./UserFacing.ts"

export interface ScenarioFlags {
  readonly scenario: Option.Option<string>
  readonly store: Option.Option<string>
  readonly year: Option.Option<number>
  readonly asOf: Option.Option<string>
  readonly knownAt: Option.Option<string>
  readonly paths?: Option.Option<number>
  readonly seed?: Option.Option<number>
}

export interface ScenarioContext {
  readonly scenario: Scenario.Scenario
  readonly year: number
  readonly asOf: string
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

export const resolve = Effect.fn("ScenarioContext.resolve")(function*(flags: ScenarioFlags) {
  const loaded = Option.isSome(flags.scenario) ? yield* ScenarioFile.load(flags.scenario.value) : undefined
  const asOf = Option.getOrElse(flags.asOf, () => loaded?.scenario.asOf ?? Calendar.formatInstantChina(Date.now()).slice(0, 10))
  const asOfDay = Calendar.parseDate(asOf)
  if (asOfDay === undefined) return yield* Effect.fail(new BadInput(`--as-of: expected a date YYYY-MM-DD, found ${JSON.stringify(asOf)}`))
  const year = Option.getOrElse(flags.year, () => loaded?.scenario.year ?? Calendar.yearOfDay(asOfDay))
  const knownAt = Option.getOrElse(flags.knownAt, () => loaded?.scenario.knownAt ?? asOf)
  if (Calendar.parseKnowledgeCut(knownAt) === undefined) {
    return yield* Effect.fail(new BadInput(`--known-at: expected a date or a date-time with offset, found ${JSON.stringify(knownAt)}`))
  }
  const scenario: Scenario.Scenario = { ...(loaded?.scenario ?? Forecast.baseline(year, asOf)), year, asOf, knownAt }
  const portfolio = loaded?.scenario.portfolio
  const useFlagStore = Option.isSome(flags.store) || portfolio === undefined
  const storeSpec = useFlagStore ? resolveStore(flags.store) : "store" in portfolio! ? loaded!.resolvePath(portfolio.store) : undefined
  const synthesized = storeSpec === undefined
    ? Synthesis.synthesize((portfolio as { synthesize: Scenario.Synthesize }).synthesize, scenario)
    : undefined
  const layer = synthesized === undefined ? storeLayer(storeSpec!, "read") : synthesizedStore(synthesized)
  return {
    scenario,
    year,
    asOf,
    knownAt,
    paths: Option.getOrElse(flags.paths ?? Option.none(), () => loaded?.scenario.simulation?.paths ?? 2000),
    seed: Option.getOrElse(flags.seed ?? Option.none(), () => loaded?.scenario.simulation?.seed ?? 1),
    storeLabel: storeSpec ?? "synthesized",
    layer,
    ...(synthesized === undefined ? {} : { synthesized })
  } satisfies ScenarioContext
})
