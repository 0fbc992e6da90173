/** `groundbreak scenario check FILE`: validate a scenario, and for a synthesized portfolio, check its published figures. */
import { Console, Effect, Option } from "effect"
import { Argument, Command } from "effect/cli"
import { Scenario, ScenarioFile } from "@groundbreak/scenario"
import { plainTable } from "../Tables.ts"
import { Units } from "@groundbreak/domain"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import { BadInput, userFacing } from "../UserFacing.ts"

const show = (figure: string, value: number | null): string =>
  value === null ? "—" : figure.endsWith("Investment") ? `${Units.formatYi(value)} 亿元` : figure.endsWith("Rate") ? Units.formatPercent(value) : String(value)

const check = Command.make(
  "check",
  {
    file: Argument.String("file").pipe(Argument.withDescription("Scenario file (YAML or JSON)")),
    store: storeFlag
  },
  Effect.fn(function*({ file, store }) {
    const loaded = yield* ScenarioFile.load(file).pipe(userFacing)
    const portfolio = loaded.scenario.portfolio
    const none = Option.none()
    if (portfolio === undefined && Option.isNone(store)) {
      // No portfolio to check names against: the file alone, and its dates.
      const { scenario } = loaded
      yield* ScenarioContext.checkScenario(scenario, loaded, { year: scenario.year, asOf: scenario.asOf, knownAt: scenario.knownAt ?? scenario.asOf }, undefined).pipe(userFacing)
      yield* Console.log(`✓ ${file}: valid scenario "${scenario.name}" (${scenario.year}, as of ${scenario.asOf}); names not checked: it names no portfolio (give --store)`)
      return
    }
    const context = yield* ScenarioContext.resolve({ scenario: Option.some(file), store, year: none, asOf: none, knownAt: none }).pipe(userFacing)
    const scenario = context.scenario
    yield* Console.log(`✓ ${file}: valid scenario "${scenario.name}" (${scenario.year}, as of ${scenario.asOf}), its names found in the portfolio (${context.storeLabel})`)
    const synthesized = context.synthesized
    if (synthesized === undefined || portfolio === undefined || !("synthesize" in portfolio)) return
    const spec: Scenario.Synthesize = portfolio.synthesize
    const declared = new Map((spec.unreproducible ?? []).map((u) => [u.figure, u.reason]))
    const table = plainTable(["figure", "published", "reproduced", ""], ["left", "right", "right", "left"])
    for (const f of synthesized.findings) {
      table.push([f.figure, show(f.figure, f.published), show(f.figure, f.reproduced), f.ok ? "✓" : declared.has(f.figure) ? "✗ declared" : "✗"])
    }
    yield* Console.log(`published figures as of ${synthesized.asOf} (known at ${synthesized.knownAt}), reproduced by a synthesized ledger of ${synthesized.events.length} events:`)
    yield* Console.log(table.toString())
    for (const [figure, reason] of declared) yield* Console.log(`cannot be reproduced: ${figure}: ${reason}`)
    const undeclared = synthesized.findings.filter((f) => !f.ok && !declared.has(f.figure))
    const stale = [...declared.keys()].filter((figure) => synthesized.findings.some((f) => f.figure === figure && f.ok))
    if (undeclared.length > 0 || stale.length > 0) {
      return yield* Effect.fail(new BadInput([
        ...undeclared.map((f) => `${file}: ${f.figure} is published as ${show(f.figure, f.published)} but the synthesized ledger gives ${show(f.figure, f.reproduced)}; fix the figures or declare it under synthesize.unreproducible`),
        ...stale.map((figure) => `${file}: ${figure} is declared unreproducible but is reproduced; remove it from synthesize.unreproducible`)
      ].join("\n"))).pipe(userFacing)
    }
    yield* Console.log(Option.isNone(Option.fromNullishOr(spec.unreproducible)) ? "✓ every published figure is reproduced" : "✓ every other published figure is reproduced")
  })
).pipe(Command.withDescription("Validate a scenario file; for a synthesized portfolio, check the published figures it reproduces"))

export const scenarioCommand = Command.make("scenario").pipe(
  Command.withDescription("Scenario files"),
  Command.withSubcommands([check])
)
