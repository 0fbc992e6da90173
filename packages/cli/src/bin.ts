/**
 * The `groundbreak` command line.
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Cause, Console, Effect } from "effect"
import { Command } from "effect/cli"
import { backtestCommand } from "./commands/BacktestCommand.ts"
import { compareCommand } from "./commands/CompareCommand.ts"
import { exportCommand } from "./commands/ExportCommand.ts"
import { forecastCommand } from "./commands/ForecastCommand.ts"
import { backtestSeriesCommand, forecastSeriesCommand } from "./commands/ForecastSeriesCommand.ts"
import { importCommand } from "./commands/ImportCommand.ts"
import { kpisCommand } from "./commands/KpisCommand.ts"
import { scenarioCommand } from "./commands/ScenarioCommand.ts"
import { simulateCommand } from "./commands/SimulateCommand.ts"
import { rankingCommand, warningsCommand } from "./commands/WarningsCommand.ts"

const groundbreak = Command.make("groundbreak").pipe(
  Command.withDescription("Groundbreak: key-project (重点项目) ledgers, official indicators and forecasts"),
  Command.withSubcommands([importCommand, exportCommand, kpisCommand, forecastCommand, forecastSeriesCommand, simulateCommand, backtestCommand, backtestSeriesCommand, compareCommand, scenarioCommand, warningsCommand, rankingCommand])
)

groundbreak.pipe(
  Command.run({ version: "0.1.0" }),
  // A defect is a bug or a broken environment: say so plainly rather than exit in silence.
  Effect.tapCause((cause) =>
    Cause.hasDies(cause) ? Console.error(`groundbreak: unexpected failure\n${Cause.pretty(cause)}`) : Effect.void),
  Effect.provide(NodeServices.layer),
  NodeRuntime.runMain
)
