/**
 * Where a path the user typed points: relative paths resolve against the
 * folder the user ran the command from. `pnpm groundbreak …` runs the script
 * in the repository root but records the user's folder in `INIT_CWD`, so that
 * folder is used when the command was started as the `groundbreak` script;
 * otherwise it is the current directory. Every file argument, `--store`,
 * `--out`, `--report` and the default store go through `resolve`.
 */
import { isAbsolute, resolve as resolvePath } from "node:path"

/** The folder the user ran the command from. */
export const userFolder = (): string => {
  const init = process.env["INIT_CWD"]
  return init !== undefined && init !== "" && process.env["npm_lifecycle_event"] === "groundbreak" ? init : process.cwd()
}

/** An absolute path for a path the user typed. */
export const resolve = (path: string): string => isAbsolute(path) ? path : resolvePath(userFolder(), path)
