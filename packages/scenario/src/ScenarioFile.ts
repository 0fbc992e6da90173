/**
 * Reading scenario files (YAML or JSON) with errors that point into the
 * file: `file:line:column: field.path: what was expected, found what`. All
 * problems are reported at once. `extends: ./base.yaml` merges a base
 * scenario under this one (objects merge key by key, anything else is
 * replaced), and a problem in a value that came from the base points into
 * the base.
 */
import { readFileSync } from "node:fs"
import { dirname, resolve } from "node:path"
import { Effect, Result, Schema } from "effect"
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml"
import { Problems } from "@groundbreak/domain"
import * as Scenario from "./Scenario.ts"

export interface Located {
  readonly file: string
  readonly line: number
  readonly column: number
  readonly path: string
  readonly message: string
}

export const formatLocated = (p: Located): string => `${p.file}:${p.line}:${p.column}: ${p.path === "" ? "" : `${p.path}: `}${p.message}`

export class ScenarioInvalid extends Schema.TaggedError<ScenarioInvalid>()("ScenarioInvalid", {
  file: Schema.String,
  problems: Schema.Array(Schema.Struct({
    file: Schema.String,
    line: Schema.Number,
    column: Schema.Number,
    path: Schema.String,
    message: Schema.String
  }))
}) {
  override get message(): string {
    return [...this.problems.map(formatLocated), `${this.problems.length} problem(s) in ${this.file}`].join("\n")
  }
}

export interface LoadedScenario {
  readonly file: string
  readonly scenario: Scenario.Scenario
  /** Resolves a path written in the scenario (e.g. a store file) against the file's folder. */
  readonly resolvePath: (path: string) => string
}

interface ParsedFile {
  readonly file: string
  readonly value: Record<string, unknown>
  readonly locate: (path: ReadonlyArray<PropertyKey>, atKey: boolean) => { line: number; column: number } | undefined
  readonly base: ParsedFile | undefined
}

const decodeScenario = Schema.decodeUnknownResult(Scenario.Scenario, { errors: "all", onExcessProperty: "error" })

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)

/** Objects merge key by key (the override wins); anything else is replaced. */
export const deepMerge = (base: unknown, override: unknown): unknown => {
  if (!isPlainObject(base) || !isPlainObject(override)) return override
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(override)) merged[key] = key in base ? deepMerge(base[key], value) : value
  return merged
}

const keyOf = (node: unknown): string | undefined => isScalar(node) ? String(node.value) : undefined

/** Reads and parses one file, following `extends`; YAML syntax errors become located problems. */
const parseFile = (file: string, seen: ReadonlyArray<string>, problems: Array<Located>): ParsedFile | undefined => {
  let text: string
  try {
    text = readFileSync(file, "utf8")
  } catch (error) {
    problems.push({ file, line: 1, column: 1, path: "", message: `cannot read the file: ${(error as Error).message}` })
    return undefined
  }
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false })
  for (const error of [...doc.errors, ...doc.warnings]) {
    const pos = lineCounter.linePos(error.pos[0])
    problems.push({ file, line: pos.line, column: pos.col, path: "", message: error.message.split("\n")[0]! })
  }
  if (doc.errors.length > 0) return undefined
  let value: unknown
  try {
    value = doc.toJS()
  } catch (error) {
    // The YAML library stops alias bombs ("Excessive alias count …"): a problem of the file, not a crash.
    problems.push({ file, line: 1, column: 1, path: "", message: `cannot read the YAML: ${(error as Error).message}` })
    return undefined
  }
  if (!isPlainObject(value)) {
    problems.push({ file, line: 1, column: 1, path: "", message: "a scenario is a mapping of keys (name, year, asOf, …)" })
    return undefined
  }

  const locate = (path: ReadonlyArray<PropertyKey>, atKey: boolean) => {
    let node: unknown = doc.contents
    let at: Node | undefined = doc.contents ?? undefined
    for (let i = 0; i < path.length; i++) {
      const key = path[i]!
      if (isMap(node)) {
        const pair = node.items.find((p) => keyOf(p.key) === String(key))
        if (pair === undefined) return undefined
        if (i === path.length - 1 && atKey) {
          at = pair.key as Node
          break
        }
        node = pair.value
        at = (pair.value ?? pair.key) as Node
      } else if (isSeq(node)) {
        node = node.items[Number(key)]
        if (node === undefined) return undefined
        at = node as Node
      } else {
        return undefined
      }
    }
    if (at?.range === undefined || at.range === null) return { line: 1, column: 1 }
    const pos = lineCounter.linePos(at.range[0])
    return { line: pos.line, column: pos.col }
  }

  let base: ParsedFile | undefined
  const extendsPath = value["extends"]
  if (typeof extendsPath === "string") {
    const baseFile = resolve(dirname(file), extendsPath)
    if (seen.includes(baseFile)) {
      const pos = locate(["extends"], false)!
      problems.push({ file, ...pos, path: "extends", message: `extends forms a cycle: ${[...seen, baseFile].join(" → ")}` })
      return undefined
    }
    base = parseFile(baseFile, [...seen, baseFile], problems)
    if (base === undefined) return undefined
  }
  return { file, value, locate, base }
}

/** The merged value of a file and its bases (`extends` itself is dropped). */
const mergedValue = (parsed: ParsedFile): Record<string, unknown> => {
  const { extends: _, ...own } = parsed.value
  return (parsed.base === undefined ? own : deepMerge(mergedValue(parsed.base), own)) as Record<string, unknown>
}

/** The file (this one or a base) that wrote the value at `path`, and where. */
const locateIn = (parsed: ParsedFile, path: ReadonlyArray<PropertyKey>, atKey: boolean): { file: string; line: number; column: number } => {
  for (let f: ParsedFile | undefined = parsed; f !== undefined; f = f.base) {
    const pos = f.locate(path, atKey)
    if (pos !== undefined) return { file: f.file, ...pos }
  }
  // A missing key: point at the nearest enclosing value that exists.
  return path.length === 0 ? { file: parsed.file, line: 1, column: 1 } : locateIn(parsed, path.slice(0, -1), false)
}

/** Loads, merges and validates a scenario file. */
export const load = (path: string): Effect.Effect<LoadedScenario, ScenarioInvalid> =>
  Effect.suspend(() => {
    const file = resolve(path)
    const problems: Array<Located> = []
    const parsed = parseFile(file, [file], problems)
    if (parsed === undefined) return Effect.fail(new ScenarioInvalid({ file, problems }))
    const merged = mergedValue(parsed)
    const decoded = decodeScenario(merged)
    if (Result.isFailure(decoded)) {
      for (const problem of Problems.flatten(decoded.failure.issue, merged)) {
        const where = locateIn(parsed, problem.path, problem.kind === "unknown")
        problems.push({
          ...where,
          path: Problems.formatPath(problem.path),
          message: Problems.describe({ ...problem, path: [] }, "unknown key (not part of the scenario format)")
        })
      }
      problems.sort((a, b) => a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1)
      return Effect.fail(new ScenarioInvalid({ file, problems }))
    }
    return Effect.succeed({
      file,
      scenario: decoded.success,
      resolvePath: (p: string) => /^[a-z]+:\/\//i.test(p) ? p : resolve(dirname(file), p)
    })
  })
