/**
 * The worker threads a forecast starts load only the simulation's own arithmetic: no schema library, no event
 * types, no scenario file reader. Each worker loads its modules afresh, on the forecast's critical path; with the
 * domain's index and Effect behind it a worker took about 0.45 s to load from the sources on this kind of machine,
 * and about 0.1 s without them (and its bundle went from 1 MB to 36 KB). This test walks the worker's static
 * value imports (type-only imports are erased and load nothing) and names the first chain that reaches a module
 * outside that budget.
 */
import { existsSync, readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")

/** A workspace import `@groundbreak/pkg` or `@groundbreak/pkg/Sub`, resolved through the package's exports. */
const resolveWorkspace = (specifier: string): string => {
  const [, pkg, sub] = /^@groundbreak\/([a-z-]+)(?:\/(.+))?$/.exec(specifier)!
  const dir = join(root, "packages", pkg!)
  const exports = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).exports as Record<string, string>
  const target = exports[sub === undefined ? "." : `./${sub}`]
  if (target === undefined) throw new Error(`${specifier}: not exported by packages/${pkg}/package.json`)
  return join(dir, target)
}

/** The module specifiers a file loads when it is evaluated: its static imports and re-exports, less `import type`. */
const valueImports = (file: string): ReadonlyArray<string> => {
  const text = readFileSync(file, "utf8")
  return [...text.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm)].map((m) => m[1]!)
}

/** Every module reached from `entry`, each with the chain of imports that first reached it. */
const reachable = (entry: string): Map<string, ReadonlyArray<string>> => {
  const seen = new Map<string, ReadonlyArray<string>>([[entry, [entry]]])
  const pending = [entry]
  while (pending.length > 0) {
    const file = pending.pop()!
    for (const specifier of valueImports(file)) {
      const target = specifier.startsWith(".")
        ? resolve(dirname(file), specifier)
        : specifier.startsWith("@groundbreak/")
          ? resolveWorkspace(specifier)
          : specifier
      if (seen.has(target)) continue
      seen.set(target, [...seen.get(file)!, target])
      if (existsSync(target) && target.endsWith(".ts")) pending.push(target)
    }
  }
  return seen
}

describe("the simulation worker's imports", () => {
  const worker = join(root, "packages/forecast/src/simulationWorker.ts")
  const modules = reachable(worker)

  it("reaches the kernel's modules (the walk itself works)", () => {
    for (const name of ["Simulator.ts", "PathDraws.ts", "CompiledPlan.ts", "RiskTally.ts", "KpiFormulas.ts"]) {
      expect([...modules.keys()].some((m) => m.endsWith(`/${name}`)), name).toBe(true)
    }
  })

  it("loads no schema library, no domain index, no event types and no scenario reader", () => {
    const outside = [...modules].filter(([m]) =>
      m === "effect" || m.startsWith("effect/") || m.endsWith("/domain/src/index.ts") || m.endsWith("/EventTypes.ts") ||
      m.includes("/scenario/src/") || m === "yaml"
    )
    expect(outside.map(([, chain]) => chain.map((m) => m.replace(`${root}/`, "")).join(" → "))).toEqual([])
  })
})
