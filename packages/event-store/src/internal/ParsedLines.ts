/**
 * Decoding lines of the interchange format into encoded events, and the
 * columnar form those travel in between threads (typed arrays move without
 * copying; an array of strings clones far faster than an array of objects).
 */
import { EncodedEvent, Interchange } from "@groundbreak/domain"

export interface Rejected {
  readonly line: number
  readonly reason: string
  /** The line: as it stood in the file when it could not be decoded, else the event's canonical line. */
  readonly text: string
}

export interface ParsedLine {
  readonly line: number
  readonly encoded: EncodedEvent.EncodedEvent
}

export interface ParsedChunk {
  readonly events: ReadonlyArray<ParsedLine>
  readonly errors: ReadonlyArray<Rejected>
  /** Lines in the chunk, blank ones included. */
  readonly lineCount: number
}

/** Decodes `lines`, the first of which is line `firstLine` of the source. */
export const parseLines = (lines: ReadonlyArray<string>, firstLine: number): ParsedChunk => {
  const events: Array<ParsedLine> = []
  const errors: Array<Rejected> = []
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!
    const line = firstLine + i
    const result = Interchange.parseLine(text, line)
    if (result === undefined) continue
    if (Interchange.isLineError(result)) errors.push({ ...result, text })
    else events.push({ line, encoded: EncodedEvent.encode(result) })
  }
  return { events, errors, lineCount: lines.length }
}

/** Splits a chunk of text that holds whole lines (the last may lack its newline). */
export const splitLines = (text: string): Array<string> => {
  const lines = text.split("\n")
  if (lines[lines.length - 1] === "") lines.pop()
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!
    if (l.endsWith("\r")) lines[i] = l.slice(0, -1)
  }
  return lines
}

export interface ColumnarChunk {
  readonly lineCount: number
  readonly errors: ReadonlyArray<Rejected>
  readonly line: Int32Array
  readonly type: Uint8Array
  readonly occurredOn: Int32Array
  readonly knownAt: Float64Array
  readonly key: Int32Array
  readonly amount: Float64Array
  readonly isNew: Uint8Array
  readonly plannedStart: Int32Array
  readonly eventId: Array<string>
  readonly projectId: Array<string>
  readonly json: Array<string>
  /** District and sector of the signings: `[index, district, sector]`. */
  readonly labels: Array<readonly [number, string, string]>
}

export const toColumns = (chunk: ParsedChunk): ColumnarChunk => {
  const n = chunk.events.length
  const c: ColumnarChunk = {
    lineCount: chunk.lineCount,
    errors: chunk.errors,
    line: new Int32Array(n),
    type: new Uint8Array(n),
    occurredOn: new Int32Array(n),
    knownAt: new Float64Array(n),
    key: new Int32Array(n),
    amount: new Float64Array(n),
    isNew: new Uint8Array(n),
    plannedStart: new Int32Array(n),
    eventId: new Array(n),
    projectId: new Array(n),
    json: new Array(n),
    labels: []
  }
  chunk.events.forEach(({ line, encoded: e }, i) => {
    c.line[i] = line
    c.type[i] = e.type
    c.occurredOn[i] = e.occurredOn
    c.knownAt[i] = e.knownAt
    c.key[i] = e.key
    c.amount[i] = e.amount
    c.isNew[i] = e.isNew
    c.plannedStart[i] = e.plannedStart
    c.eventId[i] = e.eventId
    c.projectId[i] = e.projectId
    c.json[i] = e.json
    if (e.district !== null || e.sector !== null) c.labels.push([i, e.district ?? "", e.sector ?? ""])
  })
  return c
}

/** The buffers a columnar chunk can hand over without copying. */
const intern = (pool: Map<string, string>, value: string): string => {
  const known = pool.get(value)
  if (known !== undefined) return known
  pool.set(value, value)
  return value
}

export const transferables = (c: ColumnarChunk): Array<ArrayBuffer> =>
  [c.line, c.type, c.occurredOn, c.knownAt, c.key, c.amount, c.isNew, c.plannedStart].map((a) => a.buffer as ArrayBuffer)

/**
 * Rebuilds the events of a columnar chunk. Project ids are interned through
 * `projectIds`, so a million events of fifty thousand projects hold fifty
 * thousand strings, not a million.
 */
export const fromColumns = (c: ColumnarChunk, projectIds: Map<string, string>): ParsedChunk => {
  const labels = new Map(c.labels.map(([i, district, sector]) => [i, [district, sector] as const]))
  const events: Array<ParsedLine> = new Array(c.line.length)
  for (let i = 0; i < c.line.length; i++) {
    const label = labels.get(i)
    events[i] = {
      line: c.line[i]!,
      encoded: {
        projectId: intern(projectIds, c.projectId[i]!),
        type: c.type[i]!,
        occurredOn: c.occurredOn[i]!,
        knownAt: c.knownAt[i]!,
        key: c.key[i]!,
        amount: c.amount[i]!,
        isNew: c.isNew[i]!,
        plannedStart: c.plannedStart[i]!,
        district: label ? label[0] : null,
        sector: label ? label[1] : null,
        eventId: c.eventId[i]!,
        json: c.json[i]!
      }
    }
  }
  return { events, errors: c.errors, lineCount: c.lineCount }
}
