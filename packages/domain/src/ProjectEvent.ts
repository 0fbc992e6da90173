/**
 * The events of a key project's life, in the JSON Lines interchange format.
 *
 * Every event carries two times: `occurredOn`, the date the fact happened
 * (valid time), and `knownAt`, the moment it was reported (knowledge time).
 * Money is in 万元 (10,000 yuan). The schema here is the contract that
 * `import` accepts and `export` writes; it is derived from the event types
 * declared in `EventTypes`.
 */
import { Schema } from "effect"
import * as Calendar from "./Calendar.ts"
import { IsoDate, IsoInstant, NoData, NonEmptyText } from "./EventFields.ts"
import * as EventTypes from "./EventTypes.ts"
import * as FactTiming from "./FactTiming.ts"

export { isStorableText, IsoDate, IsoInstant, IsoMonth, isWan, maxWan, PlanKind, Wan, Year } from "./EventFields.ts"

const envelope = {
  eventId: NonEmptyText,
  projectId: NonEmptyText,
  occurredOn: IsoDate,
  knownAt: IsoInstant
}

/** An event is not known before it happened (see `FactTiming`): checked once its fields are valid. */
const knowable = Schema.makeFilter((e: {
  readonly type: string
  readonly occurredOn: string
  readonly knownAt: string
  readonly data: { readonly period?: string }
}) => {
  const period = e.data.period === undefined ? 0 : Calendar.parseMonth(e.data.period)!
  const reason = FactTiming.tooEarly(e.type, Calendar.parseDate(e.occurredOn)!, period, Calendar.parseInstant(e.knownAt)!)
  return reason === undefined ? undefined : { path: ["knownAt"], issue: reason }
})

type DataSchema<F extends EventTypes.DataFields> = keyof F extends never ? typeof NoData : Schema.Struct<EventTypes.SchemaFields<F>>

type EventSchema<T extends string, F extends EventTypes.DataFields> = Schema.Struct<
  typeof envelope & { readonly type: Schema.Literal<T>; readonly data: DataSchema<F> }
>

/** The schema of one event type, from its definition in `EventTypes`. */
const schemaOf = (definition: EventTypes.ErasedDefinition) => {
  const fields = Object.fromEntries(Object.entries(definition.data).map(([name, field]) => [name, field.schema]))
  const data = Object.keys(fields).length === 0 ? NoData : Schema.Struct(fields)
  return Schema.Struct({ ...envelope, type: Schema.Literal(definition.type), data }).check(knowable)
}

type Schemas<D extends ReadonlyArray<unknown>> = {
  readonly [K in keyof D]: D[K] extends EventTypes.Definition<infer T, infer F> ? EventSchema<T, F> : never
}

/** The schema of every event type, in the order of `EventTypes.definitions`. */
export const schemas = EventTypes.definitions.map(schemaOf) as unknown as Schemas<typeof EventTypes.definitions>

export const ProjectEvent = Schema.Union(schemas)
export type ProjectEvent = typeof ProjectEvent.Type
export type EventType = ProjectEvent["type"]
export type EventOf<T extends EventType> = Extract<ProjectEvent, { readonly type: T }>

/** Every event type, in the order of their numeric codes (stored in the event store). */
export const eventTypes: ReadonlyArray<EventType> = EventTypes.names

export const typeCode = (type: EventType): number => EventTypes.code(type)

/** The current version of the interchange format; stored with every event for upcasting. */
export const currentSchemaVersion = 1

/** Strict decoding: unknown keys are errors, and every problem is reported, not just the first. */
export const decodeProjectEvent = Schema.decodeUnknownResult(ProjectEvent, {
  errors: "all",
  onExcessProperty: "error"
})

/**
 * The canonical JSON line of an event: keys in the contract's order, so that
 * export is deterministic and two events can be compared as strings.
 */
export const toJsonLine = (event: ProjectEvent): string =>
  jsonLineOf(event.eventId, event.projectId, event.type, event.occurredOn, event.knownAt, JSON.stringify(event.data))

/**
 * The canonical JSON line from its parts, `data` given as JSON: what
 * `JSON.stringify` writes for the event object, built without the object.
 * `type` and `occurredOn` are valid (no character needs escaping).
 */
export const jsonLineOf = (
  eventId: string,
  projectId: string,
  type: string,
  occurredOn: string,
  knownAt: string,
  dataJson: string
): string =>
  `{"eventId":${JSON.stringify(eventId)},"projectId":${JSON.stringify(projectId)},"type":"${type}","occurredOn":"${occurredOn}","knownAt":${
    JSON.stringify(knownAt)
  },"data":${dataJson}}`

/** Characters of a canonical line besides its six values: `jsonLineOf` of empty strings. */
const fixedLength = jsonLineOf("", "", "", "", "", "").length

/**
 * Whether `text`, which parsed to `event` (with `dataJson`, the data as
 * `JSON.stringify` writes it), holds nothing but the event: each field once,
 * no spaces, no escapes, the data spelled as written and last; any order of
 * the other fields. Such a text is the shortest that parses to the event, so
 * the check is its length and its data: anything more (a key given twice, a
 * space, an escape) makes it longer, and the numbers are all in the data.
 * This is the check every imported line goes through; `false` only sends a
 * line the slower way.
 */
export const holdsOnly = (text: string, event: Omit<ProjectEvent, "data">, dataJson: string): boolean => {
  const length = fixedLength + event.eventId.length + event.projectId.length + event.type.length + event.occurredOn.length +
    event.knownAt.length + dataJson.length
  return text.length === length && text.charCodeAt(length - 1) === 125 && text.startsWith(dataJson, length - 1 - dataJson.length)
}
