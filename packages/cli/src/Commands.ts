/**
 * The `groundbreak` subcommands, each declared once: its name, the line the
 * root help shows for it, and where its module is loaded from.
 *
 * A command's module (its flags and what it does) and everything it imports
 * are loaded only when the command line names it: `groundbreak kpis …` loads
 * the kpis command and nothing of forecasting, reports or tables. The other
 * subcommands stand in the root command as their name and description, which
 * is all the root help, the suggestions for a mistyped command and the parser
 * need of a command that was not named (see {@link root}). In the bundle
 * each module is a chunk of its own, so the fixed cost of a command is what
 * that command needs.
 */
import { Command } from "effect/cli"

/** The line the root help shows for each subcommand, in the order it lists them; each command's module gives it as its description. */
export const descriptions = {
  import: "Import events from a JSON Lines file (all-or-nothing unless --skip-invalid)",
  export: "Export every event, in position order, as JSON Lines",
  kpis: "Official indicators (开工率, 开复工率, 完成投资) of a plan year as of a date, as known at a moment",
  forecast: "Forecast year-end investment, completion of the plan, start rates and commissionings under a scenario, as distributions",
  "forecast-series": "Forecast the year-end value of a published cumulative series (seasonal share, regression, run-rate, combined by backtest skill)",
  simulate: "Write one simulated path of the rest of the year as events (import it over the history to inspect it)",
  backtest: "Backtest the forecast (and the simple methods) at past dates against actual year ends",
  "backtest-series": "Backtest the series forecast at a month of every past year",
  compare: "Compare scenarios on one portfolio, dates and random numbers: side by side, B − A path by path, and a sensitivity (tornado) of each one's assumptions",
  scenario: "Scenario files",
  table: "Monthly progress tables (重点项目进展情况表): import and export",
  warnings: "Early warnings (红黄绿灯): projects by colour with reasons, counts per county, changes since last month's meeting",
  ranking: "Groups ranked by completion of the annual plan against the pace (lowest first), with start rates, gaps and the change since last month"
} as const

export type Name = keyof typeof descriptions

/** The root help's line for the subcommand `name`. */
export const description = (name: Name): string => descriptions[name]

/**
 * The subcommand `N` as the root command takes it: whatever flags and
 * arguments it parses, run on the services the program provides.
 */
export type Loaded<N extends Name = Name> = { readonly [K in N]: Command.Command<K, never, unknown, unknown, Command.Environment> }[N]

/** Where each subcommand's module is loaded from. */
const loaders: { readonly [N in Name]: () => Promise<Loaded<N>> } = {
  import: () => import("./commands/ImportCommand.ts").then((m) => m.importCommand),
  export: () => import("./commands/ExportCommand.ts").then((m) => m.exportCommand),
  kpis: () => import("./commands/KpisCommand.ts").then((m) => m.kpisCommand),
  forecast: () => import("./commands/ForecastCommand.ts").then((m) => m.forecastCommand),
  "forecast-series": () => import("./commands/ForecastSeriesCommand.ts").then((m) => m.forecastSeriesCommand),
  simulate: () => import("./commands/SimulateCommand.ts").then((m) => m.simulateCommand),
  backtest: () => import("./commands/BacktestCommand.ts").then((m) => m.backtestCommand),
  "backtest-series": () => import("./commands/ForecastSeriesCommand.ts").then((m) => m.backtestSeriesCommand),
  compare: () => import("./commands/CompareCommand.ts").then((m) => m.compareCommand),
  scenario: () => import("./commands/ScenarioCommand.ts").then((m) => m.scenarioCommand),
  table: () => import("./commands/TableCommand.ts").then((m) => m.tableCommand),
  warnings: () => import("./commands/WarningsCommand.ts").then((m) => m.warningsCommand),
  ranking: () => import("./commands/WarningsCommand.ts").then((m) => m.rankingCommand)
}

/**
 * The subcommands for the command line `args` (the arguments after the
 * program): every subcommand whose name is one of the arguments is loaded
 * whole; the others are their name and description only. The subcommand the
 * parser picks is always one of the arguments, so it is always loaded; a
 * name that is an argument for another reason (a file called `kpis`) only
 * costs its loading. The shell completion script and the wizard describe
 * every command's flags, so they load every command.
 */
export const forArgs = (args: ReadonlyArray<string>): Promise<ReadonlyArray<Loaded>> => {
  const all = args.some((a) => everyCommand.some((flag) => a === flag || a.startsWith(`${flag}=`)))
  return Promise.all((Object.keys(descriptions) as Array<Name>).map((name) => all || args.includes(name) ? loaders[name]() : Promise.resolve(named(name))))
}

/** The subcommand `name` as its name and description only. */
const named = <N extends Name>(name: N): Loaded<N> => Command.make(name).pipe(Command.withDescription(descriptions[name]))

/** The built-in flags whose work needs every subcommand whole. */
const everyCommand = ["--completions", "--wizard"]
