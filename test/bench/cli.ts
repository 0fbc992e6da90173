/**
 * `pnpm bench:cli`: the fixed cost of a `groundbreak` command (starting Node,
 * loading the CLI, parsing the command line, opening a store), beside a bare
 * `node -e ''` measured in the same run. Each command runs once to warm up
 * (building the bundle and the compile cache if needed), then `--runs N`
 * times (default 10); the minimum and median wall-clock times are printed,
 * for the bin as installed (the bundle) and straight from the TypeScript
 * sources (`GROUNDBREAK_FROM_SOURCE=1`).
 *
 *   pnpm bench:cli [--runs N]
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const args = process.argv.slice(2)
const runs = Math.max(1, Number(args.includes("--runs") ? args[args.indexOf("--runs") + 1] : "10"))
const root = join(import.meta.dirname, "../..")
const bin = join(root, "packages/cli/bin/groundbreak.mjs")
const dir = mkdtempSync(join(tmpdir(), "groundbreak-bench-cli-"))

/** Wall-clock seconds of one run of `node argv`, which must end with `status` (a refusal is a command's answer too). */
const once = (argv: ReadonlyArray<string>, env: Record<string, string>, status = 0): number => {
  const started = performance.now()
  const child = spawnSync(process.execPath, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" })
  const seconds = (performance.now() - started) / 1000
  if (child.status !== status) throw new Error(`node ${argv.join(" ")} ended with ${child.status}, not ${status}: ${child.stderr}`)
  return seconds
}

const measure = (argv: ReadonlyArray<string>, env: Record<string, string> = {}, status = 0) => {
  once(argv, env, status)
  const times = Array.from({ length: runs }, () => once(argv, env, status)).sort((a, b) => a - b)
  return { min: times[0]!, median: times[Math.floor(times.length / 2)]! }
}

try {
  const store = join(dir, "empty.sqlite")
  const scenario = join(dir, "scenario.yaml")
  writeFileSync(scenario, `name: fixed cost\nyear: 2024\nasOf: 2024-06-30\nportfolio:\n  store: ${store}\n`)
  // An empty store: created by importing an empty ledger; kpis opens it, finds no events and says so (exit 1).
  const empty = join(dir, "empty.jsonl")
  writeFileSync(empty, "")
  once([bin, "import", empty, "--store", store], {})
  const commands: Array<[string, Array<string>, number]> = [
    ["--help", ["--help"], 0],
    ["kpis (empty store)", ["kpis", "--store", store, "--year", "2024", "--as-of", "2024-06-30"], 1],
    ["scenario check", ["scenario", "check", scenario], 0]
  ]
  const baseline = measure(["-e", ""])
  const show = (label: string, t: { min: number; median: number }, target: string) =>
    console.log(`${label.padEnd(34)} min ${t.min.toFixed(3)} s  median ${t.median.toFixed(3)} s${target}`)
  console.log(`fixed cost of a command, ${runs} runs each after a warm-up (wall clock)`)
  show("node -e ''", baseline, "")
  for (const [label, argv, status] of commands) {
    show(`groundbreak ${label}`, measure([bin, ...argv], {}, status), "   target ≤ 0.300 s")
    show(`  from the sources`, measure([bin, ...argv], { GROUNDBREAK_FROM_SOURCE: "1" }, status), "")
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
