/**
 * Reading the JSON Lines interchange format, one line at a time, with errors
 * a person can act on: the line, the field path, what was expected and what
 * was found.
 */
import { Result, SchemaIssue } from "effect"
import { decodeProjectEvent, eventTypes, type ProjectEvent } from "./ProjectEvent.ts"

export interface LineError {
  readonly line: number
  readonly reason: string
}

const found = (value: unknown): string => {
  const text = JSON.stringify(value)
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text
}

const formatIssue = SchemaIssue.makeFormatterDefault()

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.map((key, i) => typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`).join("")

/** Flattens a schema issue into `field.path: message` lines. */
export const describeIssue = (issue: SchemaIssue.Issue, input: unknown): Array<string> => {
  const lines: Array<string> = []
  const walk = (node: SchemaIssue.Issue, path: ReadonlyArray<PropertyKey>): void => {
    switch (node._tag) {
      case "Pointer":
        return walk(node.issue, [...path, ...node.path])
      case "Composite":
      case "AnyOf":
        return node.issues.forEach((child) => walk(child, path))
      case "Encoding":
        return walk(node.issue, path)
      default: {
        const where = path.length === 0 ? "" : `${formatPath(path)}: `
        const message = node._tag === "MissingKey" ? "required field is missing"
          : node._tag === "UnexpectedKey" ? "unknown field (not part of the interchange format)"
          : formatIssue(node).split("\n")[0]!
        const value = path.reduce<unknown>((v, key) => (v as Record<PropertyKey, unknown> | undefined)?.[key], input)
        const tail = node._tag === "MissingKey" || node._tag === "UnexpectedKey" ? "" : `, found ${found(value)}`
        lines.push(`${where}${message}${tail}`)
      }
    }
  }
  walk(issue, [])
  return lines
}

/**
 * Decodes one line of the interchange format. Blank lines are `undefined`;
 * an invalid line is a {@link LineError} naming every problem on it.
 */
export const parseLine = (text: string, line: number): ProjectEvent | LineError | undefined => {
  if (text.trim().length === 0) return undefined
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    return { line, reason: `not valid JSON (${(error as Error).message})` }
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { line, reason: `expected a JSON object, found ${found(raw)}` }
  }
  const type = (raw as Record<string, unknown>)["type"]
  if (!eventTypes.includes(type as never)) {
    return { line, reason: `type: expected one of ${eventTypes.join(", ")}, found ${found(type)}` }
  }
  const decoded = decodeProjectEvent(raw)
  if (Result.isSuccess(decoded)) return decoded.success
  return { line, reason: describeIssue(decoded.failure.issue, raw).join("; ") }
}

export const isLineError = (value: ProjectEvent | LineError): value is LineError => "reason" in value
