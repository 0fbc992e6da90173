/**
 * A fast decoder for well-formed events, so that a million-line import does
 * not pay for the general schema interpreter on every line.
 *
 * It vouches for a value only when it is certain the schema in
 * `ProjectEvent.ts` accepts it, and then returns exactly what the schema's
 * decoding returns (the same fields, in the schema's order). Anything it is
 * not sure of, it leaves to the schema, which also writes the error message.
 * A property test holds the two to that contract.
 */
import * as Calendar from "./Calendar.ts"
import * as EventTypes from "./EventTypes.ts"
import * as FactTiming from "./FactTiming.ts"
import { isStorableText } from "./EventFields.ts"
import type { ProjectEvent } from "./ProjectEvent.ts"

type Raw = Record<string, unknown>

const isObject = (value: unknown): value is Raw => typeof value === "object" && value !== null && !Array.isArray(value)

/** Own enumerable keys of a parsed JSON object (which has no inherited ones). */
const keyCount = (o: Raw): number => {
  let n = 0
  for (const _ in o) n++
  return n
}

const isText = (value: unknown): value is string => typeof value === "string" && value.trim().length > 0 && isStorableText(value)

/**
 * The quick decoder of one type's `data`, from its fields (`EventTypes`):
 * every required field present and every present one valid by its quick
 * check, nothing else; undefined when not certainly valid. The value is the
 * parsed object itself when its keys are in the schema's order (as in every
 * canonical line), else it is rebuilt in that order.
 */
const dataDecoder = (definition: EventTypes.ErasedDefinition) => {
  const names = Object.keys(definition.data), fields = names.map((name) => definition.data[name]!)
  const rebuilt = (d: Raw): Raw => {
    const data: Raw = {}
    for (const name of names) if (d[name] !== undefined) data[name] = d[name]
    return data
  }
  return (d: Raw): object | undefined => {
    let present = 0
    for (let i = 0; i < names.length; i++) {
      const value = d[names[i]!]
      if (value === undefined) {
        if (fields[i]!.optional) continue
        return undefined
      }
      if (!fields[i]!.is(value)) return undefined
      present++
    }
    // Exactly the fields checked, and whether in the schema's order.
    let keys = 0, next = 0, inOrder = true
    for (const key in d) {
      keys++
      while (next < names.length && names[next] !== key) next++
      if (next === names.length) inOrder = false
      else next++
    }
    return keys !== present ? undefined : inOrder ? d : rebuilt(d)
  }
}

const decoders = new Map(EventTypes.definitions.map((d) => [d.type as string, { decodeData: dataDecoder(d), byPeriod: d.knowable === "fromEndOfItsPeriod" }]))

/** An event {@link decodeTimed} vouched for, with its two times as numbers (read while checking it). */
export interface Timed {
  readonly event: ProjectEvent
  /** `occurredOn`, epoch day. */
  readonly day: number
  /** `knownAt`, epoch milliseconds. */
  readonly known: number
}

/**
 * {@link decode}, with the times it parsed to check the event, so that an
 * encoder need not parse them again.
 */
export const decodeTimed = (raw: unknown): Timed | undefined => {
  if (!isObject(raw) || keyCount(raw) !== 6) return undefined
  const { eventId, projectId, type, occurredOn, knownAt, data } = raw
  if (!isText(eventId) || !isText(projectId) || typeof type !== "string" || !isObject(data)) return undefined
  if (typeof occurredOn !== "string" || typeof knownAt !== "string") return undefined
  const day = Calendar.parseDate(occurredOn), known = Calendar.parseMillisInstant(knownAt)
  if (day === undefined || known === undefined) return undefined
  const decoder = decoders.get(type)
  if (decoder === undefined) return undefined
  const decoded = decoder.decodeData(data)
  if (decoded === undefined) return undefined
  const period = decoder.byPeriod ? Calendar.parseMonth((decoded as { period: string }).period)! : 0
  if (!FactTiming.isKnowable(type, day, period, known)) return undefined
  return { event: { eventId, projectId, occurredOn, knownAt, type, data: decoded } as ProjectEvent, day, known }
}

/**
 * The event `raw` decodes to, when it is certainly valid; `undefined` means
 * "ask the schema" (the value may still be valid).
 */
export const decode = (raw: unknown): ProjectEvent | undefined => decodeTimed(raw)?.event
