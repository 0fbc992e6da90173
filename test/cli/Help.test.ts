/** The help's stated defaults are the defaults the commands use. */
import { spawnSync } from "node:child_process"
import { join, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const bin = join(resolve(import.meta.dirname, "../.."), "packages/cli/src/bin.ts")
const pathsLine = (command: string) =>
  spawnSync(process.execPath, ["--disable-warning=ExperimentalWarning", bin, command, "--help"], { encoding: "utf8" })
    .stdout.split("\n").find((line) => line.trim().startsWith("--paths")) ?? ""

describe("--paths in the help", { timeout: 60_000 }, () => {
  it("backtest states its own default, 1000 paths per forecast date", () => expect(pathsLine("backtest")).toContain("per forecast date, 1–1,000,000 (default: 1000)"))
  it("forecast states the scenario's paths, else 2000", () => expect(pathsLine("forecast")).toContain("(default: the scenario's, else 2000)"))
})
