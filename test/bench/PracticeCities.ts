/**
 * The practice cities of `../shared/worlds/` (ledgers from an independent
 * simulator, with their true year ends), as the accuracy, decomposition,
 * start-floor and realism benchmarks read them: the folder (`--worlds DIR`,
 * default `../shared/worlds` from the repository root, or one level further
 * up from a worktree under a folder of worktrees), its city folders, each
 * city's ledger lines and its `truth.json`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { gunzipSync } from "node:zlib"

/** The value after the command-line flag `name`, if given. */
export const argument = (name: string): string | undefined =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined

const repoRoot = join(import.meta.dirname, "../..")

/** The worlds folder: `--worlds DIR`, or `../shared/worlds` found from the repository. */
export const worldsDir = resolve(argument("--worlds") ??
  ["../shared/worlds", "../../shared/worlds"].map((p) => join(repoRoot, p)).find(existsSync) ?? join(repoRoot, "../shared/worlds"))

/**
 * The city folders, sorted (only those in `only` when given). A missing
 * folder or one with no city is said in one line naming the bench, and the
 * process ends with status 1.
 */
export const cityNames = (bench: string, only?: ReadonlyArray<string>): Array<string> => {
  if (!existsSync(worldsDir)) {
    console.error(`${bench}: no worlds folder at ${worldsDir} (give --worlds DIR)`)
    process.exit(1)
  }
  const cities = readdirSync(worldsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (only === undefined || only.includes(d.name)))
    .map((d) => d.name)
    .sort()
  if (cities.length === 0) {
    console.error(`${bench}: no city folder in ${worldsDir} (give --worlds DIR)`)
    process.exit(1)
  }
  return cities
}

/** A city's ledger (`events.jsonl.gz`) as its non-empty lines. */
export const ledgerLines = (city: string): Array<string> =>
  gunzipSync(readFileSync(join(worldsDir, city, "events.jsonl.gz"))).toString("utf8").split("\n").filter((line) => line.length > 0)

/** A city's `truth.json`, read as the shape the caller expects of it. */
export const truthOf = <T>(city: string): T => JSON.parse(readFileSync(join(worldsDir, city, "truth.json"), "utf8")) as T
