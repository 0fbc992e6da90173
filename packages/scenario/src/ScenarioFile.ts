/**
 * Reading scenario files (YAML or JSON) with errors that point into the
 * file: `file:line:column: field.path: what was expected, found what`. All
 * problems are reported at once, cross-field ones (a pause ending before it
 * starts) included. `extends: ./base.yaml` merges a base scenario under this
 * one (objects merge key by key, arrays and other values are replaced, `null`
 * removes the base's key), and a problem in a value that came from the base
 * points into the base. Files are read with `UserFile.read` (regular files up
 * to 10 MB, with a timeout); a base must be a .yaml, .yml or .json file.
 */
import { dirname, extname, resolve } from "node:path"
import { Effect, Result, Schema } from "effect"
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from "yaml"
import { Calendar, Problems } from "@groundbreak/domain"
import * as Scenario from "./Scenario.ts"
import * as UserFile from "./UserFile.ts"

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

export interface Position {
  readonly file: string
  readonly line: number
  readonly column: number
}

export interface LoadedScenario {
  readonly file: string
  readonly scenario: Scenario.Scenario
  /** Resolves a path written in the scenario against the folder of the file that wrote it (this one or a base). */
  readonly resolvePath: (path: string, writtenAt?: ReadonlyArray<PropertyKey>) => string
  /** The store named by `portfolio.store`, resolved against the folder of the file that names it. */
  readonly store: string | undefined
  /** Where the value at a field path was written (this file or a base); `atKey` points at the key rather than the value. */
  readonly locate: (path: ReadonlyArray<PropertyKey>, atKey?: boolean) => Position
}

interface ParsedFile {
  readonly file: string
  readonly value: Record<string, unknown>
  readonly locate: (path: ReadonlyArray<PropertyKey>, atKey: boolean) => { line: number; column: number } | undefined
  readonly base: ParsedFile | undefined
}

const decodeScenario = Schema.decodeUnknownResult(Scenario.Scenario, { errors: "all", onExcessProperty: "error" })

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)

/**
 * The `extends` rule: objects merge key by key (the override wins), arrays
 * and other values are replaced, and `null` removes the base's key.
 */
export const deepMerge = (base: unknown, override: unknown): unknown => {
  if (!isPlainObject(base) || !isPlainObject(override)) return override
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete merged[key]
    else merged[key] = key in base ? deepMerge(base[key], value) : value
  }
  return merged
}

/** Bases are data files: YAML or JSON, by extension. */
const baseExtensions = [".yaml", ".yml", ".json"]

const keyOf = (node: unknown): string | undefined => isScalar(node) ? String(node.value) : undefined

/** The line of the first alias in a document, where an alias bomb is stopped. */
const firstAliasOffset = (doc: ReturnType<typeof parseDocument>): number | undefined => {
  let offset: number | undefined
  visit(doc, {
    Alias: (_, node) => {
      offset = node.range?.[0]
      return visit.BREAK
    }
  })
  return offset
}

/** How a kind of file is described in its problems. */
export interface FileKind {
  /** The message when the top level is not a mapping. */
  readonly notAMapping: string
  /** The message for a key the format does not have. */
  readonly unknownKey: string
}

const scenarioKind: FileKind = {
  notAMapping: "a scenario is a mapping of keys (name, year, asOf, …)",
  unknownKey: "unknown key (not part of the scenario format)"
}

/** Reads and parses one file, following `extends`; unreadable files and YAML errors become located problems. */
const parseFile = (
  file: string,
  seen: ReadonlyArray<string>,
  problems: Array<Located>,
  includedAt: Position | undefined,
  kind: FileKind = scenarioKind
): Effect.Effect<ParsedFile | undefined> =>
  Effect.gen(function*() {
    const read = yield* Effect.result(UserFile.read(file))
    if (Result.isFailure(read)) {
      const at = includedAt ?? { file, line: 1, column: 1 }
      problems.push({ ...at, path: includedAt === undefined ? "" : "extends", message: `cannot read ${file}: ${read.failure.reason}` })
      return undefined
    }
    const lineCounter = new LineCounter()
    const doc = parseDocument(read.success, { lineCounter, uniqueKeys: true, prettyErrors: false })
    for (const error of [...doc.errors, ...doc.warnings]) {
      const pos = lineCounter.linePos(error.pos[0])
      problems.push({ file, line: pos.line, column: pos.col, path: "", message: error.message.split("\n")[0]! })
    }
    if (doc.errors.length > 0) return undefined
    let value: unknown
    try {
      value = doc.toJS({ maxAliasCount: 100 }) as unknown
    } catch (error) {
      // The yaml library stops alias bombs ("Excessive alias count …") and unresolved aliases by throwing.
      const pos = lineCounter.linePos(firstAliasOffset(doc) ?? 0)
      problems.push({ file, line: pos.line, column: pos.col, path: "", message: `${(error as Error).message.split("\n")[0]!}; the file is refused` })
      return undefined
    }
    if (!isPlainObject(value)) {
      problems.push({ file, line: 1, column: 1, path: "", message: kind.notAMapping })
      return undefined
    }

    const locate = (path: ReadonlyArray<PropertyKey>, atKey: boolean) => {
      let node: unknown = doc.contents
      let at: Node | undefined = doc.contents ?? undefined
      for (let i = 0; i < path.length; i++) {
        const key = path[i]!
        if (isAlias(node)) node = node.resolve(doc)
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
    if (typeof extendsPath === "string" && extendsPath.trim() !== "") {
      const at = { file, ...locate(["extends"], false)! }
      const baseFile = resolve(dirname(file), extendsPath)
      if (!baseExtensions.includes(extname(baseFile).toLowerCase())) {
        problems.push({ ...at, path: "extends", message: `expected a .yaml, .yml or .json scenario file, found ${JSON.stringify(extendsPath)}` })
        return undefined
      }
      if (seen.includes(baseFile)) {
        problems.push({ ...at, path: "extends", message: `extends forms a cycle: ${[...seen, baseFile].join(" → ")}` })
        return undefined
      }
      base = yield* parseFile(baseFile, [...seen, baseFile], problems, at, kind)
      if (base === undefined) return undefined
    }
    return { file, value, locate, base }
  })

/** The merged value of a file and its bases (`extends` itself is dropped). */
const mergedValue = (parsed: ParsedFile): Record<string, unknown> => {
  const { extends: _, ...own } = parsed.value
  return (parsed.base === undefined ? own : deepMerge(mergedValue(parsed.base), own)) as Record<string, unknown>
}

/** The file (this one or a base) that wrote the value at `path`, and where. */
const locateIn = (parsed: ParsedFile, path: ReadonlyArray<PropertyKey>, atKey: boolean): Position => {
  for (let f: ParsedFile | undefined = parsed; f !== undefined; f = f.base) {
    const pos = f.locate(path, atKey)
    if (pos !== undefined) return { file: f.file, ...pos }
  }
  // A missing key: point at the nearest enclosing value that exists.
  return path.length === 0 ? { file: parsed.file, line: 1, column: 1 } : locateIn(parsed, path.slice(0, -1), false)
}

/** `expected …, found …`: a message that already says what it found is kept as it is. */
const messageOf = (problem: Problems.Problem, kind: FileKind = scenarioKind): string => {
  const text = Problems.describe({ ...problem, path: [] }, kind.unknownKey)
  const own = problem.message.replace(/^Expected /, "expected ")
  if (problem.kind === "invalid" && /\bfound\b/.test(own)) return own
  return text.replace(/^Expected /, "expected ")
}

const at = (value: unknown, path: ReadonlyArray<PropertyKey>): unknown =>
  path.reduce<unknown>((v, key) => (isPlainObject(v) || Array.isArray(v) ? (v as Record<PropertyKey, unknown>)[key] : undefined), value)

/**
 * Problems between fields, found even when other fields are wrong (the
 * Schema's own cross-field checks run only on values that decode whole).
 */
export const crossFieldProblems = (merged: unknown): Array<{ path: ReadonlyArray<PropertyKey>; message: string }> => {
  const out: Array<{ path: ReadonlyArray<PropertyKey>; message: string }> = []
  const date = (v: unknown) => typeof v === "string" ? Calendar.parseDate(v) : undefined
  const year = at(merged, ["year"]), asOf = date(at(merged, ["asOf"]))
  if (typeof year === "number" && asOf !== undefined && Calendar.yearOfDay(asOf) !== year) {
    out.push({ path: ["asOf"], message: `expected a date in the plan year ${year}, found ${JSON.stringify(at(merged, ["asOf"]))}` })
  }
  const pauses = at(merged, ["assumptions", "pauses"])
  if (Array.isArray(pauses)) {
    pauses.forEach((pause, i) => {
      const from = date(at(pause, ["from"])), to = date(at(pause, ["to"]))
      if (from !== undefined && to !== undefined && to < from) {
        out.push({ path: ["assumptions", "pauses", i, "to"], message: `expected a date on or after from (${String(at(pause, ["from"]))}), found ${JSON.stringify(at(pause, ["to"]))}` })
      }
    })
  }
  return out
}

const sortProblems = (problems: Array<Located>) =>
  problems.sort((a, b) => a.file === b.file ? a.line - b.line || a.column - b.column : a.file < b.file ? -1 : 1)

/**
 * Loads, merges (`extends`) and validates any YAML or JSON file against a
 * Schema (rules and mapping files use it), read as safely as a scenario and
 * every problem located as `file:line:column: field.path: message`.
 */
export const loadWith = <S extends Schema.Top & { readonly DecodingServices: never }>(
  path: string,
  schema: S,
  kind: FileKind
): Effect.Effect<{ readonly file: string; readonly value: S["Type"] }, ScenarioInvalid> =>
  Effect.gen(function*() {
    const file = resolve(path)
    const problems: Array<Located> = []
    const parsed = yield* parseFile(file, [file], problems, undefined, kind)
    if (parsed === undefined) return yield* new ScenarioInvalid({ file, problems })
    const merged = mergedValue(parsed)
    const decoded = Schema.decodeUnknownResult(schema, { errors: "all", onExcessProperty: "error" })(merged)
    if (Result.isFailure(decoded)) {
      for (const problem of Problems.flatten(decoded.failure.issue, merged)) {
        problems.push({ ...locateIn(parsed, problem.path, problem.kind === "unknown"), path: Problems.formatPath(problem.path), message: messageOf(problem, kind) })
      }
    }
    if (problems.length > 0 || Result.isFailure(decoded)) return yield* new ScenarioInvalid({ file, problems: sortProblems(problems) })
    return { file, value: decoded.success }
  })

/** Loads, merges and validates a scenario file. */
export const load = (path: string): Effect.Effect<LoadedScenario, ScenarioInvalid> =>
  Effect.gen(function*() {
    const file = resolve(path)
    const problems: Array<Located> = []
    const parsed = yield* parseFile(file, [file], problems, undefined)
    if (parsed === undefined) return yield* new ScenarioInvalid({ file, problems })
    const merged = mergedValue(parsed)
    const decoded = decodeScenario(merged)
    const paths = new Set<string>()
    if (Result.isFailure(decoded)) {
      for (const problem of Problems.flatten(decoded.failure.issue, merged)) {
        const where = locateIn(parsed, problem.path, problem.kind === "unknown")
        paths.add(Problems.formatPath(problem.path))
        problems.push({ ...where, path: Problems.formatPath(problem.path), message: messageOf(problem) })
      }
    }
    for (const problem of crossFieldProblems(merged)) {
      const formatted = Problems.formatPath(problem.path)
      if (!paths.has(formatted)) problems.push({ ...locateIn(parsed, problem.path, false), path: formatted, message: problem.message })
    }
    if (problems.length > 0 || Result.isFailure(decoded)) return yield* new ScenarioInvalid({ file, problems: sortProblems(problems) })
    const resolvePath = (p: string, writtenAt: ReadonlyArray<PropertyKey> = []) =>
      /^[a-z]+:\/\//i.test(p) ? p : resolve(dirname(locateIn(parsed, writtenAt, false).file), p)
    const portfolio = decoded.success.portfolio
    return {
      file,
      scenario: decoded.success,
      resolvePath,
      store: portfolio !== undefined && "store" in portfolio ? resolvePath(portfolio.store, ["portfolio", "store"]) : undefined,
      locate: (p: ReadonlyArray<PropertyKey>, atKey = false) => locateIn(parsed, p, atKey)
    } satisfies LoadedScenario
  })
