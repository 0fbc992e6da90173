/** `groundbreak scenario check FILE`: validate a scenario, and for a synthesized portfolio, check its published figures. */
import { Console, Effect, Option } from "effect"
import { Command } from "effect/cli"
import * as Commands from "../Commands.ts"
import { Scenario, ScenarioFile } from "@groundbreak/scenario"
import { plainTable } from "../Tables.ts"
import { Units } from "@groundbreak/domain"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import * as Flags from "../Flags.ts"
import { fill, groupName, type Lang, label } from "../Labels.ts"
import { BadInput, userFacing } from "../UserFacing.ts"

const show = (figure: string, value: number | null): string =>
  value === null ? "—" : figure.endsWith("Investment") ? `${Units.formatYi(value)} 亿元` : figure.endsWith("Rate") ? Units.formatPercent(value) : String(value)

const figureFields = new Set(["projects", "newProjects", "newStarted", "startRate", "continuingProjects", "continuingActive", "startResumeRate", "plannedInvestment", "completedInvestment", "completionRate"])

/** `bySector.industrial.startRate` → `工业 开工率` in Chinese; the code path in English. */
const figureName = (figure: string, lang: Lang): string => {
  if (lang === "en") return figure
  const parts = figure.split(".")
  const shown = parts.map((part, i) => {
    if (part === "byKind" || part === "bySector") return ""
    if (part === "total") return label("total", lang)
    if (parts[i - 1] === "byKind") return groupName(part, "kind", lang)
    if (parts[i - 1] === "bySector") return groupName(part, "sector", lang)
    return figureFields.has(part) ? label(part as "projects", lang).replace("(亿元)", "") : part
  })
  return shown.filter((p) => p !== "").join(" ")
}

const check = Command.make(
  "check",
  {
    file: Flags.fileArgument("file", "Scenario file (YAML or JSON)"),
    store: storeFlag,
    lang: Flags.lang
  },
  Effect.fn(function*({ file, store, lang }) {
    const loaded = yield* ScenarioFile.load(file).pipe(userFacing)
    const written = loaded.scenario
    // A forecast is made within its plan year; published figures are counted within theirs.
    yield* ScenarioContext.planWindow(written.year, written.asOf, "refuse", `${file}: asOf`).pipe(userFacing)
    const portfolio = written.portfolio
    const published = portfolio !== undefined && "synthesize" in portfolio ? portfolio.synthesize.published : undefined
    if (published?.asOf !== undefined) {
      yield* ScenarioContext.planWindow(published.year ?? written.year, published.asOf, "refuse", `${file}: synthesize.published.asOf`).pipe(userFacing)
    }
    const none = Option.none()
    if (portfolio === undefined && Option.isNone(store)) {
      // No portfolio to check names against: the file alone, and its dates.
      const knownAt = yield* ScenarioContext.scenarioCut(written, file).pipe(userFacing)
      yield* ScenarioContext.checkScenario(written, loaded, { year: written.year, asOf: written.asOf, knownAt }, undefined).pipe(userFacing)
      yield* Console.log(`✓ ${file}: ${label("valid", lang)} "${written.name}" (${written.year}, ${label("asOf", lang)} ${written.asOf}); ${label("namesNotChecked", lang)}`)
      return
    }
    const context = yield* ScenarioContext.resolve({ scenario: Option.some(file), store, year: none, asOf: none, knownAt: none }).pipe(userFacing)
    const scenario = context.scenario
    yield* Console.log(`✓ ${file}: ${label("valid", lang)} "${scenario.name}" (${scenario.year}, ${label("asOf", lang)} ${scenario.asOf}); ${label("namesFound", lang)} (${context.storeLabel})`)
    const synthesized = context.synthesized
    if (synthesized === undefined || portfolio === undefined || !("synthesize" in portfolio)) return
    const spec: Scenario.Synthesize = portfolio.synthesize
    const declared = new Map((spec.unreproducible ?? []).map((u) => [u.figure, u.reason]))
    const table = plainTable([label("figure", lang), label("published", lang), label("reproduced", lang), ""], ["left", "right", "right", "left"])
    for (const f of synthesized.findings) {
      table.push([figureName(f.figure, lang), show(f.figure, f.published), show(f.figure, f.reproduced), f.ok ? "✓" : declared.has(f.figure) ? `✗ ${label("declared", lang)}` : "✗"])
    }
    yield* Console.log(fill("reproducedBy", lang, { asOf: synthesized.asOf, knownAt: synthesized.knownAt, events: synthesized.events.length }))
    yield* Console.log(table.toString())
    for (const [figure, reason] of declared) yield* Console.log(`${label("cannotReproduce", lang)}: ${figureName(figure, lang)}: ${reason}`)
    const undeclared = synthesized.findings.filter((f) => !f.ok && !declared.has(f.figure))
    const stale = [...declared.keys()].filter((figure) => synthesized.findings.some((f) => f.figure === figure && f.ok))
    if (undeclared.length > 0 || stale.length > 0) {
      return yield* Effect.fail(new BadInput({
        reason: [
          ...undeclared.map((f) => `${file}: ${f.figure} is published as ${show(f.figure, f.published)} but the synthesized ledger gives ${show(f.figure, f.reproduced)}; fix the figures or declare it under synthesize.unreproducible`),
          ...stale.map((figure) => `${file}: ${figure} is declared unreproducible but is reproduced; remove it from synthesize.unreproducible`)
        ].join("\n")
      })).pipe(userFacing)
    }
    yield* Console.log(label(Option.isNone(Option.fromNullishOr(spec.unreproducible)) ? "allReproduced" : "othersReproduced", lang))
  })
).pipe(Command.withDescription("Validate a scenario file; for a synthesized portfolio, check the published figures it reproduces"))

export const scenarioCommand = Command.make("scenario").pipe(
  Command.withDescription(Commands.description("scenario")),
  Command.withSubcommands([check])
)
