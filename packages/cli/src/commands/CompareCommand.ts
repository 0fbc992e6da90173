/**
 * `groundbreak compare A.yaml B.yaml …`: scenarios side by side on the same
 * portfolio, dates and random numbers, the difference B − A path by path
 * with its own P10–P90, and a tornado of each one's assumptions. Scenarios
 * whose portfolio, plan year, D or K differ are refused: their difference
 * would not be the assumptions'. `--store` runs every scenario on that store,
 * and the output says so.
 */
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import * as Commands from "../Commands.ts"
import { plainTable } from "../Tables.ts"
import { Units } from "@groundbreak/domain"
import { Model, ScenarioComparison } from "@groundbreak/forecast"
import { Replay } from "@groundbreak/indicators"
import { type Scenario, ScenarioFile } from "@groundbreak/scenario"
import * as Flags from "../Flags.ts"
import * as ForecastOutput from "../ForecastOutput.ts"
import * as JsonOutput from "../JsonOutput.ts"
import { knobName, knobValue, type Lang, label, targetCondition } from "../Labels.ts"
import * as OutputFile from "../OutputFile.ts"
import { progressBar } from "../Progress.ts"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import { badFlag, BadInput, userFacing } from "../UserFacing.ts"
import { checkReport, pathsFlag, reportFlag, seedFlag, writeReport } from "./ForecastCommand.ts"

const yi = (v: number | null) => (v === null || !Number.isFinite(v) ? "—" : Units.formatYi(v))
const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? "—" : Units.formatPercent(v))
const signed = (text: string) => (text.startsWith("-") || text === "—" ? text : `+${text}`)
/** A difference of money, 亿元 with its sign. */
const yiDiff = (v: number | null) => signed(yi(v)).replace(/^-0\.0$/, "+0.0")
/** A difference of rates, in percentage points. */
const ppDiff = (v: number | null) => (v === null || !Number.isFinite(v) ? "—" : `${signed(Units.formatPercent(v).replace("%", ""))} pp`).replace(/^-0\.0 pp$/, "+0.0 pp")
const countDiff = (v: number | null) => (v === null || !Number.isFinite(v) ? "—" : signed(v.toFixed(0)))

export interface ComparedOn {
  /** Which portfolio every scenario ran on. */
  readonly portfolio: string
  readonly warnings: ReadonlyArray<string>
}

export const toTable = (c: ScenarioComparison.Comparison, lang: Lang, on?: ComparedOn): string => {
  const letter = (i: number) => String.fromCharCode(65 + (i % 26))
  const diffHeads = c.differences.map((_, i) => `${letter(i + 1)} − A (${label("diffColumn", lang)})`)
  const side = plainTable(["", ...c.results.map((_, i) => letter(i)), ...diffHeads])
  type Result = (typeof c.results)[number]
  type Diff = (typeof c.differences)[number]
  const row = (name: string, f: (r: Result) => string, d: (x: Diff) => string = () => "") => side.push([name, ...c.results.map(f), ...c.differences.map(d)])
  row(`${label("investmentYi", lang)} ${label("mean", lang)}`, (r) => yi(r.investment.mean), (d) => yiDiff(d.investment.mean))
  row(`${label("investmentYi", lang)} P10`, (r) => yi(r.investment.p10), (d) => yiDiff(d.investment.p10))
  row(`${label("investmentYi", lang)} P50`, (r) => yi(r.investment.p50), (d) => yiDiff(d.investment.p50))
  row(`${label("investmentYi", lang)} P90`, (r) => yi(r.investment.p90), (d) => yiDiff(d.investment.p90))
  row(`${label("completionRate", lang)} P50`, (r) => pct(r.completionRate.p50))
  row(`${label("startRate", lang)} P10`, (r) => pct(r.startRate.p10), (d) => ppDiff(d.startRate.p10))
  row(`${label("startRate", lang)} P50`, (r) => pct(r.startRate.p50), (d) => ppDiff(d.startRate.p50))
  row(`${label("startRate", lang)} P90`, (r) => pct(r.startRate.p90), (d) => ppDiff(d.startRate.p90))
  row(`${label("startResumeRate", lang)} P50`, (r) => pct(r.startResumeRate.p50), (d) => ppDiff(d.startResumeRate.p50))
  row(`${label("commissionedCount", lang)} P50`, (r) => r.commissioned.p50 === null ? "—" : r.commissioned.p50.toFixed(0), (d) => countDiff(d.commissioned.p50))
  const targetName = (t: { metric: "investment" | "startRate" | "startResumeRate"; target: number }) =>
    `P(${targetCondition(t.metric, t.metric === "investment" ? Units.formatYi(t.target) : Units.formatPercent(t.target), lang)})`
  const metrics = [...new Set(c.results.flatMap((r) => r.targets.map(targetName)))]
  for (const m of metrics) {
    row(m, (r) => {
      const t = r.targets.find((x) => targetName(x) === m)
      return t === undefined ? "—" : pct(t.probability)
    })
  }
  const r0 = c.results[0]
  const warnings = [...new Set(c.results.map((r) => ForecastOutput.historyWarning(r, lang)).filter((w) => w !== undefined))]
  const parts = [
    `${c.results.length} ${label("compareTitle", lang)}${on === undefined ? "" : ` (${label("portfolioOf", lang)}: ${on.portfolio})`}, ${label("perScenario", lang)} ${r0?.paths} ${label("paths", lang)}, ${label("seed", lang)} ${r0?.seed}, ${label("year", lang)} ${r0?.year}, D ${r0?.asOf}, K ${r0?.knownAt}`,
    ...c.results.map((r, i) => `  ${letter(i)}: ${r.scenario}`),
    side.toString(),
    ...warnings
  ]
  if (c.differences.length > 0) parts.push(label("diffNote", lang))
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

/** JSON with keys in a fixed order, so two portfolios written differently compare by content. */
const canonical = (value: unknown): string =>
  Array.isArray(value) ? `[${value.map(canonical).join(",")}]`
  : typeof value === "object" && value !== null
  ? `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`
  : JSON.stringify(value)

const portfolioOf = (loaded: ScenarioFile.LoadedScenario): string => {
  const p = loaded.scenario.portfolio
  return p === undefined ? "the default store" : "store" in p ? `store ${loaded.store}` : `synthesized ${canonical(p.synthesize)}`
}

const dates = (s: Scenario.Scenario) => ({ year: String(s.year), asOf: s.asOf, knownAt: s.knownAt ?? s.asOf })

/** What makes B not comparable with A: a different portfolio (unless --store replaces both), plan year, D or K. */
export const incomparable = (a: ScenarioFile.LoadedScenario, b: ScenarioFile.LoadedScenario, storeGiven: boolean): Array<string> => {
  const out: Array<string> = []
  const da = dates(a.scenario), db = dates(b.scenario)
  for (const key of ["year", "asOf", "knownAt"] as const) if (da[key] !== db[key]) out.push(`${key} (${da[key]} in the first, ${db[key]} here)`)
  if (!storeGiven && portfolioOf(a) !== portfolioOf(b)) {
    const short = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s)
    out.push(`portfolio (${short(portfolioOf(a))} in the first, ${short(portfolioOf(b))} here)`)
  }
  return out
}

export const toJson = (c: ScenarioComparison.Comparison, on: ComparedOn): string =>
  JsonOutput.document({
    portfolio: on.portfolio,
    warnings: on.warnings,
    results: c.results.map(ForecastOutput.toData),
    differences: c.differences.map((d) => ({ ...d, investment: JsonOutput.moneyRecord(d.investment) })),
    fans: c.fans,
    tornadoes: c.tornadoes.map((t) => ({
      ...t,
      bars: t.bars.map((b) => ({ ...b, investment: JsonOutput.moneyRecord(b.investment), swing: JsonOutput.money(b.swing) }))
    }))
  })

export const compareCommand = Command.make(
  "compare",
  {
    scenarios: Flags.fileArgument("scenario", "Scenario files of one portfolio, plan year, D and K (e.g. variants written with extends); the first is the reference A").pipe(Argument.variadic()),
    store: storeFlag,
    paths: pathsFlag,
    seed: seedFlag,
    format: Flag.Literals("format", ["table", "json"]).pipe(Flag.withDefault("table")),
    lang: Flags.lang,
    report: reportFlag
  },
  Effect.fn(function*(flags) {
    if (flags.scenarios.length === 0) return yield* badFlag("scenario", "at least one scenario file", "").pipe(userFacing)
    yield* OutputFile.checkFlag("report", flags.report).pipe(userFacing)
    const loadedFirst = yield* ScenarioFile.load(flags.scenarios[0]!).pipe(userFacing)
    const others = yield* Effect.forEach(flags.scenarios.slice(1), (f) => ScenarioFile.load(f)).pipe(userFacing)
    const storeGiven = Option.isSome(flags.store)
    for (const [i, other] of others.entries()) {
      const differs = incomparable(loadedFirst, other, storeGiven)
      if (differs.length > 0) {
        return yield* Effect.fail(new BadInput({ reason:
          `compare: ${flags.scenarios[i + 1]} differs from ${flags.scenarios[0]} in ${differs.join(", ")}; ` +
            "scenarios are compared on one portfolio, plan year, D and K, so that their difference is the assumptions' " +
            "(write the variant with extends: and change only its assumptions, or give --store to run both on one store)"
        })).pipe(userFacing)
      }
    }
    const context = yield* ScenarioContext.resolve({
      scenario: Option.some(flags.scenarios[0]!), store: flags.store, year: Option.none(), asOf: Option.none(), knownAt: Option.none(),
      paths: flags.paths, seed: flags.seed
    }).pipe(userFacing)
    yield* checkReport(flags.report, context.storeLabel)
    const timing = { year: context.year, asOf: context.asOf, knownAt: context.knownAt }
    const checked = yield* Effect.forEach(others, (o) =>
      ScenarioContext.checkScenario({ ...o.scenario, year: timing.year, asOf: timing.asOf, knownAt: timing.knownAt.text }, o, timing, context.layer)).pipe(userFacing)
    const scenarios = [context.scenario, ...checked.map((c) => c.scenario)]
    const on: ComparedOn = {
      portfolio: storeGiven ? `--store ${context.storeLabel}, for every scenario` : context.storeLabel === "synthesized" ? "synthesized from the published figures" : context.storeLabel,
      warnings: [...context.warnings, ...checked.flatMap((c) => c.warnings)]
    }
    const bar = progressBar("comparing", 1)
    // One read of the store and one model for every scenario and knob.
    const comparison = yield* Replay.history(context.knownAt).pipe(
      Effect.flatMap((history) => Model.fit(history, { year: context.year, asOf: context.asOf, seed: context.seed })),
      Effect.flatMap((model) => ScenarioComparison.compare(model, { scenarios, paths: context.paths, onProgress: (done, total) => bar.update(done / total) })),
      Effect.ensuring(Effect.sync(() => bar.stop())),
      Effect.provide(context.layer),
      userFacing
    )
    yield* Console.log(flags.format === "json" ? toJson(comparison, on) : toTable(comparison, flags.lang, on))
    yield* writeReport(flags.report, (reports) => reports.compareReport(comparison, on.portfolio))
  })
).pipe(Command.withDescription(Commands.description("compare")))
