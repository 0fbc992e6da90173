/** `groundbreak compare A.yaml B.yaml …`: scenarios side by side on the same portfolio and random numbers, with a tornado. */
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { plainTable } from "../Tables.ts"
import { Units } from "@groundbreak/domain"
import { Sensitivity } from "@groundbreak/forecast"
import { ScenarioFile } from "@groundbreak/scenario"
import * as Flags from "../Flags.ts"
import * as ForecastOutput from "../ForecastOutput.ts"
import * as JsonOutput from "../JsonOutput.ts"
import { knobName, knobValue, type Lang, label, targetCondition } from "../Labels.ts"
import * as OutputPath from "../OutputPath.ts"
import { progressBar } from "../Progress.ts"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import { badFlag, userFacing } from "../UserFacing.ts"
import { pathsFlag, reportFlag, seedFlag, writeReport } from "./ForecastCommand.ts"

const yi = (v: number | null) => (v === null || !Number.isFinite(v) ? "—" : Units.formatYi(v))
const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? "—" : Units.formatPercent(v))

export const toTable = (c: Sensitivity.Comparison, lang: Lang): string => {
  const side = plainTable(["", ...c.results.map((r) => r.scenario)])
  const row = (name: string, f: (r: (typeof c.results)[number]) => string) => side.push([name, ...c.results.map(f)])
  row(`${label("investmentYi", lang)} P10`, (r) => yi(r.investment.p10))
  row(`${label("investmentYi", lang)} P50`, (r) => yi(r.investment.p50))
  row(`${label("investmentYi", lang)} P90`, (r) => yi(r.investment.p90))
  row(`${label("completionRate", lang)} P50`, (r) => pct(r.completionRate.p50))
  row(`${label("startRate", lang)} P50`, (r) => pct(r.startRate.p50))
  row(`${label("startResumeRate", lang)} P50`, (r) => pct(r.startResumeRate.p50))
  row(`${label("commissionedCount", lang)} P50`, (r) => r.commissioned.p50 === null ? "—" : r.commissioned.p50.toFixed(0))
  const targetName = (t: { metric: "investment" | "startRate" | "startResumeRate"; target: number }) =>
    `P(${targetCondition(t.metric, t.metric === "investment" ? Units.formatYi(t.target) : Units.formatPercent(t.target), lang)})`
  const metrics = [...new Set(c.results.flatMap((r) => r.targets.map(targetName)))]
  for (const m of metrics) {
    row(m, (r) => {
      const t = r.targets.find((x) => targetName(x) === m)
      return t === undefined ? "—" : pct(t.probability)
    })
  }
  const warnings = [...new Set(c.results.map((r) => ForecastOutput.historyWarning(r, lang)).filter((w) => w !== undefined))]
  const parts = [`${c.results.length} ${label("compareTitle", lang)}, ${label("perScenario", lang)} ${c.results[0]?.paths} ${label("paths", lang)}, ${label("seed", lang)} ${c.results[0]?.seed}`, side.toString(), ...warnings]
  for (const t of c.tornadoes) {
    if (t.bars.length === 0) continue
    const tornado = plainTable([`${label("sensitivity", lang)}: ${t.scenario}`, label("low", lang), label("high", lang), label("atLow", lang), label("atHigh", lang),
      label("swing", lang), label("startRateAtLow", lang), label("atHigh", lang)])
    for (const b of t.bars) {
      tornado.push([knobName(b.name, lang), knobValue(b.lowLabel, lang), knobValue(b.highLabel, lang), yi(b.investment.low), yi(b.investment.high), yi(b.swing),
        pct(b.startRate.low), pct(b.startRate.high)])
    }
    parts.push(tornado.toString())
  }
  return parts.join("\n")
}

export const toJson = (c: Sensitivity.Comparison): string =>
  JsonOutput.document({
    results: c.results.map(ForecastOutput.toData),
    tornadoes: c.tornadoes.map((t) => ({
      ...t,
      bars: t.bars.map((b) => ({ ...b, investment: JsonOutput.moneyRecord(b.investment), swing: JsonOutput.money(b.swing) }))
    }))
  })

export const compareCommand = Command.make(
  "compare",
  {
    scenarios: Flags.fileArgument("scenario", "Scenario files; the first one's portfolio, year and dates are used for all").pipe(Argument.variadic()),
    store: storeFlag,
    paths: pathsFlag,
    seed: seedFlag,
    format: Flag.Literals("format", ["table", "json"]).pipe(Flag.withDefault("table")),
    lang: Flags.lang,
    report: reportFlag
  },
  Effect.fn(function*(flags) {
    if (flags.scenarios.length === 0) return yield* badFlag("scenario", "at least one scenario file", "").pipe(userFacing)
    yield* OutputPath.check("report", flags.report).pipe(userFacing)
    const context = yield* ScenarioContext.resolve({
      scenario: Option.some(flags.scenarios[0]!), store: flags.store, year: Option.none(), asOf: Option.none(), knownAt: Option.none(),
      paths: flags.paths, seed: flags.seed
    }).pipe(userFacing)
    const others = yield* Effect.forEach(flags.scenarios.slice(1), (f) => ScenarioFile.load(f)).pipe(userFacing)
    const scenarios = [context.scenario, ...others.map((o) => ({ ...o.scenario, year: context.year, asOf: context.asOf, knownAt: context.knownAt }))]
    const bar = progressBar("comparing", 1)
    const comparison = yield* Sensitivity.compare({
      scenarios, year: context.year, asOf: context.asOf, knownAt: context.knownAt, paths: context.paths, seed: context.seed,
      onProgress: (done, total) => bar.update(done / total)
    }).pipe(Effect.ensuring(Effect.sync(() => bar.stop())), Effect.provide(context.layer), userFacing)
    yield* Console.log(flags.format === "json" ? toJson(comparison) : toTable(comparison, flags.lang))
    yield* writeReport(flags.report, (reports) => reports.compareReport(comparison))
  })
).pipe(Command.withDescription("Compare scenarios on the same portfolio and random numbers, with a sensitivity (tornado) of each one's assumptions"))
