/** The CLI's bin runs its bundle only while the bundle matches the sources, and behaves as the sources do. */
import { spawnSync } from "node:child_process"
import { mkdtempSync, statSync, utimesSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import * as Bundle from "../../packages/cli/bin/Bundle.mjs"

const bin = join(Bundle.workspaceRoot, "packages/cli/bin/groundbreak.mjs")
const run = (env: Record<string, string>, ...args: Array<string>) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, ...env } })

describe("the CLI bundle", { timeout: 120_000 }, () => {
  it("is rebuilt when a source it was built from changes, and prints what the sources print", async () => {
    await Bundle.build()
    expect(Bundle.isFresh()).toBe(true)
    const source = join(Bundle.workspaceRoot, "packages/cli/src/Tables.ts")
    const { atime, mtime } = statSync(source)
    utimesSync(source, atime, new Date(mtime.getTime() + 1000))
    try {
      expect(Bundle.isFresh()).toBe(false)
      const fromBundle = run({}, "--help")
      expect(fromBundle.status).toBe(0)
      expect(Bundle.isFresh()).toBe(true)
      const fromSource = run({ GROUNDBREAK_FROM_SOURCE: "1" }, "--help")
      expect(fromBundle.stdout).toBe(fromSource.stdout)
      expect(fromBundle.stdout).toContain("groundbreak")
    } finally {
      utimesSync(source, atime, mtime)
    }
  })

  it("runs commands that start worker threads from the bundle (the workers from bundles of their own)", () => {
    const store = join(mkdtempSync(join(tmpdir(), "gb-bundle-")), "store.sqlite")
    const out = run({}, "import", join(Bundle.workspaceRoot, "scenarios/ledgers/demo-city.jsonl"), "--store", store)
    expect(out.stderr).toBe("")
    expect(out.stdout).toMatch(/^imported 14457 new event\(s\) for 840 project\(s\)/)
  })
})
