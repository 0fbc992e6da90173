/** `groundbreak compare A.yaml B.yaml …`: scenarios side by side on the same portfolio and random numbers, with a tornado. */
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { plainTable } from "../Tables.ts"
import { Units } from "@groundbreak/domain"
import { Sensitivity } from "@groundbreak/forecast"
import { ScenarioFile } from "@groundbreak/scenario"
import { progressBar } from "../Progress.ts"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import { badFlag, userFacing } from "../UserFacing.ts"
import { checkReport, pathsFlag, reportFlag, seedFlag, writeReport } from "./ForecastCommand.ts"
import { Reports } from "@groundbreak/report"

const yi = (v: number | null) => (v === null || Number.isNaN(v) ? "—" : Units.formatYi(v))
const pct = (v: number | null) => (v === null || Number.isNaN(v) ? "—" : Units.formatPercent(v))

export const toTable = (c: Sensitivity.Comparison): string => {
  const side = plainTable(["", ...c.results.map((r) => r.scenario)])
  const row = (label: string, f: (r: (typeof c.results)[number]) => string) => side.push([label, ...c.results.map(f)])
  row("investment P10 (亿元)", (r) => yi(r.investment.p10))
  row("investment P50 (亿元)", (r) => yi(r.investment.p50))
  row("investment P90 (亿元)", (r) => yi(r.investment.p90))
  row("start rate P50", (r) => pct(r.startRate.p50))
  row("start-and-resume rate P50", (r) => pct(r.startResumeRate.p50))
  row("commissioned P50", (r) => String(r.commissioned.p50 ?? "—"))
  const metrics = [...new Set(c.results.flatMap((r) => r.targets.map((t) => `${t.metric} ≥ ${t.metric === "investment" ? `${Units.formatYi(t.target)}亿` : Units.formatPercent(t.target)}`)))]
  for (const m of metrics) {
    row(`P(${m})`, (r) => {
      const t = r.targets.find((x) => `${x.metric} ≥ ${x.metric === "investment" ? `${Units.formatYi(x.target)}亿` : Units.formatPercent(x.target)}` === m)
      return t === undefined ? "—" : pct(t.probability)
    })
  }
  const parts = [`${c.results.length} scenarios, ${c.results[0]?.paths} paths each, seed ${c.results[0]?.seed}, same portfolio and random numbers`, side.toString()]
  for (const t of c.tornadoes) {
    if (t.bars.length === 0) continue
    const tornado = plainTable([`sensitivity: ${t.scenario}`, "low", "high", "investment at low (亿元)", "at high", "swing", "start rate at low", "at high"])
    for (const b of t.bars) tornado.push([b.name, b.lowLabel, b.highLabel, yi(b.investment.low), yi(b.investment.high), yi(b.swing), pct(b.startRate.low), pct(b.startRate.high)])
    parts.push(tornado.toString())
  }
  return parts.join("\n")
}

export const compareCommand = Command.make(
  "compare",
  {
    scenarios: Argument.String("scenario").pipe(Argument.withDescription("Scenario files; the first one's portfolio, year and dates are used for all"), Argument.variadic()),
    store: storeFlag,
    paths: pathsFlag,
    seed: seedFlag,
    format: Flag.Literals("format", ["table", "json"]).pipe(Flag.withDefault("table")),
    report: reportFlag
  },
  Effect.fn(function*(flags) {
    if (flags.scenarios.length === 0) return yield* badFlag("scenario", "at least one scenario file", "").pipe(userFacing)
    const context = yield* ScenarioContext.resolve({
      scenario: Option.some(flags.scenarios[0]!), store: flags.store, year: Option.none(), asOf: Option.none(), knownAt: Option.none(),
      paths: flags.paths, seed: flags.seed
    }).pipe(userFacing)
    yield* checkReport(flags.report, context.storeLabel)
    const others = yield* Effect.forEach(flags.scenarios.slice(1), (f) => ScenarioFile.load(f)).pipe(userFacing)
    const scenarios = [context.scenario, ...others.map((o) => ({ ...o.scenario, year: context.year, asOf: context.asOf, knownAt: context.knownAt }))]
    const bar = progressBar("comparing", 1)
    const comparison = yield* Sensitivity.compare({
      scenarios, year: context.year, asOf: context.asOf, knownAt: context.knownAt, paths: context.paths, seed: context.seed,
      onProgress: (done, total) => bar.update(done / total)
    }).pipe(Effect.ensuring(Effect.sync(() => bar.stop())), Effect.provide(context.layer), userFacing)
    yield* Console.log(flags.format === "json" ? JSON.stringify(comparison, null, 2) : toTable(comparison))
    yield* writeReport(flags.report, () => Reports.compareReport(comparison))
  })
).pipe(Command.withDescription("Compare scenarios on the same portfolio and random numbers, with a sensitivity (tornado) of each one's assumptions"))
