/**
 * Reading the JSON Lines interchange format, one line at a time, with errors
 * a person can act on: the line, the field path, what was expected and what
 * was found.
 */
import { Result, SchemaIssue } from "effect"
import * as Problems from "./Problems.ts"
import { decodeProjectEvent, eventTypes, type ProjectEvent } from "./ProjectEvent.ts"
import * as QuickDecode from "./QuickDecode.ts"

export interface LineError {
  readonly line: number
  readonly reason: string
}

/** Flattens a schema issue into `field.path: message` lines. */
export const describeIssue = (issue: SchemaIssue.Issue, input: unknown): Array<string> =>
  Problems.flatten(issue, input).map((p) => Problems.describe(p, "unknown field (not part of the interchange format)"))

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
  const quick = QuickDecode.decode(raw)
  if (quick !== undefined) return quick
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { line, reason: `expected a JSON object, found ${Problems.showValue(raw)}` }
  }
  const type = (raw as Record<string, unknown>)["type"]
  if (!eventTypes.includes(type as never)) {
    return { line, reason: `type: expected one of ${eventTypes.join(", ")}, found ${Problems.showValue(type)}` }
  }
  const decoded = decodeProjectEvent(raw)
  if (Result.isSuccess(decoded)) return decoded.success
  return { line, reason: describeIssue(decoded.failure.issue, raw).join("; ") }
}

export const isLineError = (value: ProjectEvent | LineError): value is LineError => "reason" in value
