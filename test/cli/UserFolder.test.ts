/**
 * Paths resolve against the folder the user ran the command from: through
 * `pnpm groundbreak` (which runs the script in the repository root and says
 * where the user was in INIT_CWD) and through the package's bin, which is
 * how `groundbreak` is put on the PATH. The default store lives in that
 * folder too.
 */
import { spawnSync } from "node:child_process"
import { copyFileSync, existsSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")
const scenarios = join(root, "scenarios")

const run = (command: string, args: ReadonlyArray<string>, cwd: string, env: Record<string, string> = {}) => {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, INIT_CWD: "", npm_lifecycle_event: "", ...env } })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe("paths the user types", { timeout: 120_000 }, () => {
  it("pnpm groundbreak resolves a relative path against the user's folder, not the repository root", () => {
    const r = run("npx", ["-y", "pnpm@10.34.9", "--silent", "groundbreak", "scenario", "check", "lianyungang-2020.yaml", "--lang", "en"], scenarios)
    expect(r.out).toContain(`✓ ${join(scenarios, "lianyungang-2020.yaml")}: valid scenario`)
    expect(r.code).toBe(0)
  })

  it("the package's bin runs on the pinned Node from any folder, with relative paths and the default store there", () => {
    const dir = mkdtempSync(join(tmpdir(), "gb-folder-"))
    copyFileSync(join(root, "scenarios/ledgers/demo-city.jsonl"), join(dir, "ledger.jsonl"))
    const bin = join(root, "packages/cli/bin/groundbreak.mjs")
    const imported = run(process.execPath, [bin, "import", "ledger.jsonl"], dir)
    expect(imported.err).toBe("")
    expect(imported.out).toMatch(/^imported 14457 new event\(s\)/)
    expect(existsSync(join(dir, ".groundbreak/groundbreak.sqlite"))).toBe(true)
    // A stray INIT_CWD (from an outer pnpm script) does not move the folder: only the groundbreak script's own does.
    const kpis = run(process.execPath, [bin, "kpis", "--as-of", "2020-09-30", "--known-at", "2020-10-15", "--format", "json"], dir, { INIT_CWD: root, npm_lifecycle_event: "test" })
    expect(JSON.parse(kpis.out)).toMatchObject({ year: 2020, projects: 659 })
  })
})
