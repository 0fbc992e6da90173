/**
 * The package map is a rule, not a picture: the README's "Package map" table
 * says which workspace packages each package may import, and this test holds
 * every package.json and every source import to it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative, resolve } from "node:path"
import { describe, expect, it } from "vitest"

const root = resolve(import.meta.dirname, "../..")
const scope = "@groundbreak/"

interface MapRow {
  readonly name: string
  readonly mayImport: ReadonlyArray<string>
}

/** Rows of the README's `## Package map` table: | `name` | responsibility | `a`, `b` or — |. */
const readmeMap = (): ReadonlyArray<MapRow> => {
  const readme = readFileSync(join(root, "README.md"), "utf8")
  const section = readme.split(/^## /m).find((part) => part.startsWith("Package map"))
  if (section === undefined) throw new Error("README.md has no '## Package map' section")
  return section
    .split("\n")
    .filter((line) => /^\|\s*`[a-z-]+`/.test(line))
    .map((line) => {
      const cells = line.split("|").slice(1, -1).map((cell) => cell.trim())
      const names = (cell: string) => [...cell.matchAll(/`([a-z-]+)`/g)].map((m) => m[1]!)
      return { name: names(cells[0]!)[0]!, mayImport: names(cells[2] ?? "") }
    })
}

const packageDirs = () =>
  readdirSync(join(root, "packages")).filter((dir) => statSync(join(root, "packages", dir)).isDirectory())

const sourceFiles = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path)
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : []
  })

/** Workspace packages named by a file's imports (static, dynamic and re-exports). */
const importedPackages = (file: string): ReadonlyArray<string> => {
  const text = readFileSync(file, "utf8")
  return [...text.matchAll(/(?:from|import)\s*\(?\s*["']@groundbreak\/([a-z-]+)/g)].map((m) => m[1]!)
}

describe("package map", () => {
  const map = readmeMap()
  const allowed = new Map(map.map((row) => [row.name, new Set(row.mayImport)]))

  it("lists every package once, and only packages that exist", () => {
    expect(map.map((row) => row.name).sort()).toEqual(packageDirs().sort())
  })

  it("is layered: no package may import itself or, through others, come back to itself", () => {
    const visiting = new Set<string>()
    const done = new Set<string>()
    const visit = (name: string, path: ReadonlyArray<string>): void => {
      if (done.has(name)) return
      if (visiting.has(name)) throw new Error(`cycle in the package map: ${[...path, name].join(" → ")}`)
      visiting.add(name)
      for (const next of allowed.get(name) ?? []) visit(next, [...path, name])
      visiting.delete(name)
      done.add(name)
    }
    for (const row of map) visit(row.name, [])
  })

  for (const dir of packageDirs()) {
    it(`${dir}: package.json and source imports stay within the map`, () => {
      const may = allowed.get(dir) ?? new Set<string>()
      const manifest = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"))
      const declared = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
        .filter((name) => name.startsWith(scope))
        .map((name) => name.slice(scope.length))
      const problems: Array<string> = []
      for (const dep of declared) {
        if (!may.has(dep)) problems.push(`package.json depends on ${scope}${dep}, which the map does not allow`)
      }
      for (const file of sourceFiles(join(root, "packages", dir))) {
        const text = readFileSync(file, "utf8")
        for (const dep of importedPackages(file)) {
          if (dep !== dir && !may.has(dep)) problems.push(`${relative(root, file)} imports ${scope}${dep}`)
        }
        // A relative import must not climb out of its own package.
        for (const m of text.matchAll(/from\s+["'](\.\.?\/[^"']+)["']/g)) {
          const target = relative(join(root, "packages", dir), resolve(join(file, ".."), m[1]!))
          if (target.startsWith("..")) problems.push(`${relative(root, file)} reaches outside its package: ${m[1]}`)
        }
      }
      expect(problems).toEqual([])
    })
  }
})
