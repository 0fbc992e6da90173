/**
 * The CLI's bin runs its bundle only while the bundle matches the sources, and behaves as the sources do; a command
 * loads its own modules and no other command's.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"
import * as Bundle from "../../packages/cli/bin/Bundle.mjs"
import * as Commands from "../../packages/cli/src/Commands.ts"

const bin = join(Bundle.workspaceRoot, "packages/cli/bin/groundbreak.mjs")
const run = (env: Record<string, string>, ...args: Array<string>) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", env: { ...process.env, ...env } })

/** A module hook (given to node with --import) that names on stderr every file the main thread loads. */
const traceLoads = `data:text/javascript,${
  encodeURIComponent(
    `import { registerHooks } from "node:module"; registerHooks({ load(url, context, next) { if (url.startsWith("file:")) process.stderr.write("LOADED " + url + "\\n"); return next(url, context) } })`
  )
}`

/** The workspace files (relative paths, node_modules left out) that `groundbreak args` loads, and its output. */
const loads = (env: Record<string, string>, ...args: Array<string>) => {
  const r = spawnSync(process.execPath, ["--import", traceLoads, bin, ...args], { encoding: "utf8", env: { ...process.env, ...env } })
  const files = r.stderr.split("\n").filter((l) => l.startsWith("LOADED ")).map((l) => relative(Bundle.workspaceRoot, fileURLToPath(l.slice(7))))
  return { status: r.status, stdout: r.stdout, files: files.filter((f) => !f.includes("node_modules")) }
}

/** Every command line that reaches a command's module: each subcommand, and the subcommands of the groups. */
const commandLines = [...Object.keys(Commands.descriptions).map((name) => [name]), ["scenario", "check"], ["table", "import"], ["table", "export"]]

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

  it("removes the chunks of earlier builds once they are an hour old, and keeps younger ones a running command may still load", async () => {
    const dist = join(Bundle.workspaceRoot, "packages/cli/dist")
    const old = join(dist, "chunk-EARLIERBUILD1.mjs"), young = join(dist, "chunk-EARLIERBUILD2.mjs")
    writeFileSync(old, "export {}\n")
    writeFileSync(young, "export {}\n")
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000)
    utimesSync(old, twoHoursAgo, twoHoursAgo)
    try {
      await Bundle.build()
      expect(existsSync(old)).toBe(false)
      expect(existsSync(young)).toBe(true)
      expect(run({}, "--help").status).toBe(0)
    } finally {
      rmSync(old, { force: true })
      rmSync(young, { force: true })
    }
  })

  it("runs commands that start worker threads from the bundle (the workers from bundles of their own)", () => {
    const store = join(mkdtempSync(join(tmpdir(), "gb-bundle-")), "store.sqlite")
    const out = run({}, "import", join(Bundle.workspaceRoot, "scenarios/ledgers/demo-city.jsonl"), "--store", store)
    expect(out.stderr).toBe("")
    expect(out.stdout).toMatch(/^imported 14457 new event\(s\) for 840 project\(s\)/)
  })

  it("runs the bundle, not the sources: no TypeScript file is loaded", () => {
    expect(Bundle.isFresh()).toBe(true)
    const help = loads({}, "--help")
    expect(help.status).toBe(0)
    expect(help.files).toContain("packages/cli/dist/groundbreak.mjs")
    expect(help.files.filter((f) => f.endsWith(".ts"))).toEqual([])
    const kpis = loads({}, "kpis", "--help")
    expect(kpis.status).toBe(0)
    expect(kpis.files.filter((f) => f.endsWith(".ts"))).toEqual([])
  })

  it("--help loads no command's module; a command loads its own and no other's", () => {
    const fromSources = { GROUNDBREAK_FROM_SOURCE: "1" }
    const help = loads(fromSources, "--help")
    expect(help.status).toBe(0)
    expect(help.files.filter((f) => f.startsWith("packages/") && !f.startsWith("packages/cli/bin/")).sort()).toEqual([
      "packages/cli/src/Commands.ts",
      "packages/cli/src/bin.ts"
    ])
    const kpis = loads(fromSources, "kpis", "--help")
    expect(kpis.files).toContain("packages/cli/src/commands/KpisCommand.ts")
    expect(kpis.files.filter((f) => f.startsWith("packages/cli/src/commands/"))).toEqual(["packages/cli/src/commands/KpisCommand.ts"])
    expect(kpis.files.filter((f) => f.startsWith("packages/report/") || f.startsWith("packages/tables/"))).toEqual([])
  })

  it("loads every command from the bundle: each one's help, with its flags; kpis's is the sources' help", () => {
    for (const line of commandLines) {
      const fromBundle = run({}, ...line, "--help")
      expect({ line, status: fromBundle.status, stderr: fromBundle.stderr }).toEqual({ line, status: 0, stderr: "" })
      expect(fromBundle.stdout).toContain(`groundbreak ${line.join(" ")}`)
      expect(fromBundle.stdout).toMatch(/FLAGS|SUBCOMMANDS/)
    }
    expect(run({}, "kpis", "--help").stdout).toBe(run({ GROUNDBREAK_FROM_SOURCE: "1" }, "kpis", "--help").stdout)
  })

  it("the shell completion script covers every command's flags, as when every command was loaded", () => {
    const script = run({}, "--completions", "bash")
    expect(script.status).toBe(0)
    for (const flag of ["--skip-invalid", "--paths", "--reported-at", "--rules"]) expect(script.stdout).toContain(flag)
  })
})
