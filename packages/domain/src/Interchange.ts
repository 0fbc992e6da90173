/**
 * Reading the JSON Lines interchange format, one line at a time, with errors
 * a person can act on: the line, the field path, what was expected and what
 * was found.
 *
 * What a line is read as is exactly what export writes back: a line that
 * holds more than its event (see `ProjectEvent.holdsOnly`) is scanned for
 * what `JSON.parse` would silently resolve (a repeated key, a number that is not exactly
 * representable, `-0`), and refused if it has any. Lines are limited to
 * {@link maxLineBytes} and nesting to 32 levels.
 */
import { Result, SchemaIssue } from "effect"
import * as JsonText from "./internal/JsonText.ts"
import * as Problems from "./Problems.ts"
import * as EncodedEvent from "./EncodedEvent.ts"
import { decodeProjectEvent, eventTypes, holdsOnly, type ProjectEvent } from "./ProjectEvent.ts"
import * as QuickDecode from "./QuickDecode.ts"

export interface LineError {
  readonly line: number
  readonly reason: string
}

/** The longest line the format takes, in bytes of UTF-8 (an event is a few hundred bytes). */
export const maxLineBytes = 1 << 20

/** The error for a line longer than {@link maxLineBytes}. */
export const lineTooLong = (line: number, bytes: number | undefined): LineError => ({
  line,
  reason: `line is ${bytes === undefined ? "more than " : ""}${(bytes ?? maxLineBytes).toLocaleString("en")} bytes long; ` +
    `lines of the interchange format are limited to ${maxLineBytes.toLocaleString("en")} bytes (1 MiB)`
})

/** Flattens a schema issue into `field.path: message` lines. */
export const describeIssue = (issue: SchemaIssue.Issue, input: unknown): Array<string> =>
  Problems.flatten(issue, input).map((p) => Problems.describe(p, "unknown field (not part of the interchange format)"))

const describeTextProblem = (problem: JsonText.TextProblem): string =>
  `${problem.path.length === 0 ? "" : `${Problems.formatPath(problem.path)}: `}${problem.message}`

/** A line's JSON value, or why it has none; `undefined` for a blank line. */
const parseJson = (text: string, line: number): { readonly raw: unknown } | LineError | undefined => {
  if (text.length > maxLineBytes / 3) {
    const bytes = new TextEncoder().encode(text).length
    if (bytes > maxLineBytes) return lineTooLong(line, bytes)
  }
  if (text.trim().length === 0) return undefined
  try {
    return { raw: JSON.parse(text) }
  } catch (error) {
    return { line, reason: `not valid JSON (${(error as Error).message})` }
  }
}

/**
 * A line that is not spelled as its event's canonical line: scanned for what
 * `JSON.parse` resolved silently, then (unless the quick decoder vouched for
 * it) decoded by the schema, every problem reported.
 */
const decodeCarefully = (text: string, line: number, raw: unknown, quick: ProjectEvent | undefined): ProjectEvent | LineError => {
  const textProblem = JsonText.firstProblem(text)
  if (quick !== undefined) return textProblem === undefined ? quick : { line, reason: describeTextProblem(textProblem) }
  if (textProblem?.kind === "depth") return { line, reason: describeTextProblem(textProblem) }
  const alsoText = textProblem === undefined ? [] : [describeTextProblem(textProblem)]
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { line, reason: `expected a JSON object, found ${Problems.showValue(raw)}` }
  }
  const type = (raw as Record<string, unknown>)["type"]
  if (!eventTypes.includes(type as never)) {
    return { line, reason: [...alsoText, `type: expected one of ${eventTypes.join(", ")}, found ${Problems.showValue(type)}`].join("; ") }
  }
  const decoded = decodeProjectEvent(raw)
  if (Result.isSuccess(decoded)) return textProblem === undefined ? decoded.success : { line, reason: alsoText.join("; ") }
  return { line, reason: [...alsoText, ...describeIssue(decoded.failure.issue, raw)].join("; ") }
}

/**
 * Decodes one line of the interchange format. Blank lines are `undefined`;
 * an invalid line is a {@link LineError} naming every problem on it.
 */
export const parseLine = (text: string, line: number): ProjectEvent | LineError | undefined => {
  const parsed = parseJson(text, line)
  if (parsed === undefined || isLineError(parsed)) return parsed
  const quick = QuickDecode.decode(parsed.raw)
  // The common case: the line holds nothing but its event, so nothing was lost in parsing it.
  if (quick !== undefined && holdsOnly(text, quick, JSON.stringify(quick.data))) return quick
  return decodeCarefully(text, line, parsed.raw, quick)
}

/**
 * {@link parseLine} straight to the encoded parts an import writes, sharing
 * the encoding of `data` with the check that the line is canonical.
 */
export const parseLineEncoded = (text: string, line: number): EncodedEvent.EncodedParts | LineError | undefined => {
  const parsed = parseJson(text, line)
  if (parsed === undefined || isLineError(parsed)) return parsed
  const timed = QuickDecode.decodeTimed(parsed.raw)
  const quick = timed?.event
  if (timed !== undefined) {
    const parts = EncodedEvent.encodePartsTimed(timed.event, timed.day, timed.known)
    if (holdsOnly(text, timed.event, parts.data)) return parts
  }
  const event = decodeCarefully(text, line, parsed.raw, quick)
  return isLineError(event) ? event : EncodedEvent.encodeParts(event)
}

export const isLineError = (value: object): value is LineError => "reason" in value
