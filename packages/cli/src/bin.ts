/**
 * The `groundbreak` command line. Every failure, whether of the command line
 * itself (a mistyped command or flag, a bad value) or of the work, reaches
 * the person through `UserFacing.render`: one line, a hint at most, exit 1.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Cause, Console, Effect, Layer } from "effect"
import { CliError, CliOutput, Command } from "effect/cli"
import * as Commands from "./Commands.ts"

// Output into a pipe that closed (`groundbreak export | head -1`) ends quietly with status 0, like any Unix tool.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") process.stderr.write(`groundbreak: cannot write the output: ${error.message}\n`)
  process.exit(error.code === "EPIPE" ? 0 : 1)
})

const groundbreak = Command.make("groundbreak").pipe(
  Command.withDescription("Groundbreak: key-project (重点项目) ledgers, official indicators and forecasts"),
  // Only the subcommands the command line names are loaded (see Commands.forArgs).
  Command.withSubcommands(await Commands.forArgs(process.argv.slice(2)))
)

/**
 * Help is shown when asked for (`--help`) or when a command is missing
 * (`groundbreak`, `groundbreak scenario`); a wrong invocation is one line
 * from `UserFacing`, not a page of help. The library presents help before it
 * says why, so implicit help is held until the failure shows which it was.
 */
let heldHelp: string | undefined
const presenter = CliOutput.layerPresenter({
  present: (event) =>
    event._tag === "Help" && event.reason === "Implicit"
      ? Effect.sync(() => {
        heldHelp = CliOutput.defaultFormatter().formatHelpDoc(event.helpDoc)
      })
      : CliOutput.defaultPresenter.present(event)
})

const isHelpWithoutErrors = (cause: Cause.Cause<unknown>): boolean =>
  cause.reasons.some((r) => Cause.isFailReason(r) && CliError.isCliError(r.error) && r.error._tag === "ShowHelp" && r.error.errors.length === 0)

groundbreak.pipe(
  Command.run({ version: "0.1.0", renderErrors: false }),
  Effect.tapCause((cause) => {
    if (Cause.hasInterruptsOnly(cause)) return Effect.void
    if (isHelpWithoutErrors(cause) && heldHelp !== undefined) return Console.log(heldHelp)
    // Loaded on failure only: what it knows of every package's errors is no part of a command that succeeds.
    return Effect.promise(() => import("./UserFacing.ts")).pipe(Effect.flatMap((UserFacing) => {
      const [first, ...rest] = UserFacing.render(cause)
      const debug = process.env["GROUNDBREAK_DEBUG"] ? [Cause.pretty(cause)] : []
      return Console.error([`groundbreak: ${first}`, ...rest, ...debug].join("\n"))
    }))
  }),
  Effect.provide(Layer.merge(NodeServices.layer, presenter)),
  NodeRuntime.runMain({ disableErrorReporting: true })
)
