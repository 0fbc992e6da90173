/**
 * The one way a failure reaches the person at the terminal: a single line
 * `groundbreak: …` on standard error naming what was wrong (the flag, file,
 * line or field, what was expected and what was found), at most one
 * `hint: …` line after it, never a stack trace, and exit code 1. Errors that
 * list problems one per line (an import's bad lines, a scenario's problems)
 * keep one line per problem. A defect (a bug) is one line too; set
 * `GROUNDBREAK_DEBUG=1` to see its trace.
 */
import { Cause, Effect, Schema } from "effect"
import { CliError } from "effect/cli"
import type { LedgerImport } from "@groundbreak/ingest"
import { ScenarioFile } from "@groundbreak/scenario"

/** Input the command cannot use (a file, a value, a combination of flags). */
export class BadInput extends Schema.TaggedError<BadInput>()("BadInput", { reason: Schema.String }) {
  override get message(): string {
    return this.reason
  }
}

/** A flag's value out of its range or format. */
export class BadFlag extends Schema.TaggedError<BadFlag>()("BadFlag", {
  flag: Schema.String,
  expected: Schema.String,
  found: Schema.String
}) {
  override get message(): string {
    return `--${this.flag}: expected ${this.expected}, found ${JSON.stringify(this.found)}`
  }
}

/** Fails with a message naming the flag, what it expects and what it got. */
export const badFlag = (flag: string, expected: string, found: string) => Effect.fail(new BadFlag({ flag, expected, found }))

/** "Expected: a | b" or "Expected a b" (as the CLI library writes it) → "a | b". */
const expectation = (text: string): string =>
  text.replace(/^Expected:?\s*/, "").replace(/"([^"]*)"(\s*\|\s*)?/g, (_, choice: string, bar: string | undefined) => `${choice}${bar ? ", " : ""}`)

const isTagged = <Tag extends "ScenarioInvalid" | "ImportRejected">(error: unknown, tag: Tag): error is Tag extends "ScenarioInvalid" ? ScenarioFile.ScenarioInvalid : LedgerImport.ImportRejected =>
  typeof error === "object" && error !== null && "_tag" in error && error._tag === tag

/** The lines of one failure: the message, then at most one hint. */
const linesOf = (error: unknown): Array<string> => {
  if (CliError.isCliError(error)) {
    switch (error._tag) {
      case "ShowHelp":
        // The first error is the cause; the rest follow from it (after a mistyped command its flags look unknown too).
        return error.errors.length > 0
          ? linesOf(error.errors[0])
          : [`a command is missing after ${JSON.stringify(error.commandPath.join(" "))}`, `hint: run ${error.commandPath.join(" ")} --help to see them`]
      case "UnknownSubcommand":
        return [
          `unknown command ${JSON.stringify(error.subcommand)}${error.parent === undefined ? "" : ` for ${error.parent.join(" ")}`}`,
          ...(error.suggestions.length > 0 ? [`hint: did you mean ${error.suggestions.join(" or ")}?`] : [])
        ]
      case "UnrecognizedOption":
        return [
          `unknown flag ${error.option}${error.command === undefined ? "" : ` for ${error.command.join(" ")}`}`,
          ...(error.suggestions.length > 0 ? [`hint: did you mean ${error.suggestions.join(" or ")}?`] : [])
        ]
      case "InvalidValue":
        return [
          error.kind === "argument"
            ? `<${error.option}>: expected ${expectation(error.expected)}, found ${JSON.stringify(error.value)}`
            : error.value === ""
            ? `--${error.option}: a value is missing (expected ${expectation(error.expected)})`
            : `--${error.option}: expected ${expectation(error.expected)}, found ${JSON.stringify(error.value)}`
        ]
      case "MissingOption":
        return [`--${error.option} is required`]
      case "MissingArgument":
        return [`the argument <${error.argument}> is missing`]
      case "UnexpectedArgument":
        return [`unexpected argument${error.arguments.length > 1 ? "s" : ""} ${error.arguments.map((a) => JSON.stringify(a)).join(", ")}`]
      case "UserError":
        return linesOf(error.cause)
      default:
        return [error.message]
    }
  }
  // One problem needs no count of problems after it.
  if (isTagged(error, "ScenarioInvalid") && error.problems.length === 1) return [ScenarioFile.formatLocated(error.problems[0]!)]
  if (isTagged(error, "ImportRejected") && error.errors.length === 1) {
    return [`${error.source}:${error.errors[0]!.line}: ${error.errors[0]!.reason}; nothing was imported`]
  }
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string" && error.message !== "") {
    return error.message.split("\n").filter((line) => line.trim() !== "")
  }
  return [String(error)]
}

/** What the person reads for a failed command (without the `groundbreak: ` prefix of the first line). */
export const render = (cause: Cause.Cause<unknown>): Array<string> => {
  const failure = cause.reasons.find(Cause.isFailReason)
  if (failure !== undefined) return linesOf(failure.error)
  const defect = cause.reasons.find(Cause.isDieReason)
  const message = defect === undefined
    ? "interrupted"
    : defect.defect instanceof Error ? defect.defect.message : String(defect.defect)
  return defect === undefined
    ? [message]
    : [`unexpected failure: ${message.split("\n")[0]}`, "hint: this is a bug in groundbreak; rerun with GROUNDBREAK_DEBUG=1 to see where"]
}

/** Carries a command's failure to the top, where `render` turns it into the message. */
export const userFacing = <A, E extends { readonly message: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.mapError(effect, (error) => new CliError.UserError({ cause: error, userMessage: linesOf(error).join("\n") }))
