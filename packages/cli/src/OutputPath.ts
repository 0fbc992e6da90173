/**
 * Checking an output file (`--out`, `--report`) before any work starts, so a
 * long run never fails at its end on a missing folder: the folder must exist
 * and be writable, and the path must not be a folder itself.
 */
import { accessSync, constants, statSync } from "node:fs"
import { dirname } from "node:path"
import { Effect, Option } from "effect"
import { BadFlag } from "./UserFacing.ts"

const problem = (path: string): string | undefined => {
  const folder = dirname(path)
  const folderStat = statSync(folder, { throwIfNoEntry: false })
  if (folderStat === undefined) return `a file in an existing folder (${folder} does not exist)`
  if (!folderStat.isDirectory()) return `a file in a folder (${folder} is not a folder)`
  const stat = statSync(path, { throwIfNoEntry: false })
  if (stat?.isDirectory()) return "a file path (this is a folder)"
  try {
    accessSync(stat === undefined ? folder : path, constants.W_OK)
  } catch {
    return `a file you may write (${stat === undefined ? folder : path} is not writable)`
  }
  return undefined
}

/** Fails, naming the flag, when `--flag PATH` cannot be written; succeeds at once when the flag is absent. */
export const check = (flag: string, path: Option.Option<string>): Effect.Effect<void, BadFlag> =>
  Effect.suspend(() => {
    if (Option.isNone(path)) return Effect.void
    const expected = problem(path.value)
    return expected === undefined ? Effect.void : Effect.fail(new BadFlag({ flag, expected, found: path.value }))
  })
