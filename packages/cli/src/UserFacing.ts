/**
 * Turns any failure of a command into the one-paragraph message a person
 * reads on the terminal, with exit code 1.
 */
import { Effect } from "effect"
import { CliError } from "effect/cli"

export const userFacing = <A, E extends { readonly message: string }, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.mapError(effect, (error) => new CliError.UserError({ cause: error, userMessage: error.message }))

export class BadInput extends Error {}

/** Fails with a message naming the flag and what it expects. */
export const badFlag = (flag: string, expected: string, found: string) =>
  Effect.fail(new BadInput(`--${flag}: expected ${expected}, found ${JSON.stringify(found)}`))
