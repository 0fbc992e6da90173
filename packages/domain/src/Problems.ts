/**
 * Schema issues as a person reads them: one problem per field, each with its
 * path, what was expected and what was found. Used for interchange lines and
 * for scenario files alike.
 */
import { SchemaIssue } from "effect"

export interface Problem {
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
  /** The value found at the path, when there was one. */
  readonly found?: unknown
  readonly kind: "missing" | "unknown" | "invalid"
}

const formatIssue = SchemaIssue.makeFormatterDefault()

export const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.map((key, i) => typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`).join("")

export const showValue = (value: unknown): string => {
  const text = JSON.stringify(value)
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text
}

const valueAt = (input: unknown, path: ReadonlyArray<PropertyKey>): unknown =>
  path.reduce<unknown>((v, key) => (v as Record<PropertyKey, unknown> | undefined)?.[key], input)

/** How far into the input a problem got: the member of a union that matched best is the one to report. */
const depth = (problems: ReadonlyArray<Problem>): number => Math.max(...problems.map((p) => p.path.length))

const unionMessage = (node: SchemaIssue.Issue): string => {
  const description = (node as { ast?: { annotations?: { description?: unknown } } }).ast?.annotations?.description
  return typeof description === "string" ? `expected ${description}` : formatIssue(node).split("\n")[0]!
}

/** Every problem in an issue tree. */
export const flatten = (issue: SchemaIssue.Issue, input: unknown): Array<Problem> => {
  const walk = (node: SchemaIssue.Issue, path: ReadonlyArray<PropertyKey>): Array<Problem> => {
    switch (node._tag) {
      case "Pointer":
        return walk(node.issue, [...path, ...node.path])
      case "Composite":
        return node.issues.flatMap((child) => walk(child, path))
      case "Encoding":
        return walk(node.issue, path)
      case "Filter":
        // A check on a whole value that blames one of its fields points at that field.
        if (node.issue._tag === "Pointer") return walk(node.issue, path)
        return [{ path, message: formatIssue(node).split("\n")[0]!, found: valueAt(input, path), kind: "invalid" }]
      case "AnyOf": {
        const members = node.issues.map((child) => walk(child, path))
        if (members.length === 1) return members[0]!
        // Report the member that got furthest, when one did; else what the union as a whole expects.
        const depths = members.map(depth)
        const best = Math.max(...depths)
        const leaders = members.filter((_, i) => depths[i] === best)
        if (best > path.length && leaders.length === 1) return leaders[0]!
        return [{ path, message: unionMessage(node), found: valueAt(input, path), kind: "invalid" }]
      }
      case "MissingKey":
        return [{ path, message: "required field is missing", kind: "missing" }]
      case "UnexpectedKey":
        return [{ path, message: "unknown field", kind: "unknown" }]
      default:
        return [{ path, message: formatIssue(node).split("\n")[0]!, found: valueAt(input, path), kind: "invalid" }]
    }
  }
  return walk(issue, [])
}

/** `field.path: message, found value` */
export const describe = (problem: Problem, unknownField = "unknown field"): string => {
  const where = problem.path.length === 0 ? "" : `${formatPath(problem.path)}: `
  const message = problem.kind === "unknown" ? unknownField : problem.message
  return `${where}${message}${problem.kind === "invalid" ? `, found ${showValue(problem.found)}` : ""}`
}
