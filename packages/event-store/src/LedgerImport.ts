/**
 * Importing a ledger in the interchange format: all-or-nothing by default.
 *
 * Every line is decoded (on worker threads for byte streams) and every
 * project's stream (what is stored plus what the file adds) is checked
 * against the lifecycle rules before anything is written; then all new
 * events go in one atomic append, each stream at the version it was read at.
 * Events already stored unchanged are skipped, so importing the same file
 * twice changes nothing.
 */
import { Effect, Schema } from "effect"
import { Calendar, EncodedEvent, Lifecycle } from "@groundbreak/domain"
import { type AppendError, type EncodedAppendRequest, EventStore, type StoreError } from "./EventStore.ts"
import { parseInWorkers } from "./internal/ParsePool.ts"
import { type ParsedChunk, type ParsedLine, parseLines, type Rejected } from "./internal/ParsedLines.ts"

export type { Rejected }

export interface ImportSummary {
  readonly source: string
  readonly lines: number
  /** Valid events in the file (after dropping repeats of the same event). */
  readonly events: number
  readonly appended: number
  readonly alreadyStored: number
  readonly repeatedInFile: number
  readonly projects: number
  readonly rejected: ReadonlyArray<Rejected>
}

export class ImportRejected extends Schema.TaggedError<ImportRejected>()("ImportRejected", {
  source: Schema.String,
  errors: Schema.Array(Schema.Struct({ line: Schema.Number, reason: Schema.String }))
}) {
  override get message(): string {
    const shown = this.errors.slice(0, 50).map((e) => `${this.source}:${e.line}: ${e.reason}`)
    const more = this.errors.length > 50 ? [`… and ${this.errors.length - 50} more`] : []
    return [...shown, ...more, `${this.errors.length} invalid line(s) in ${this.source}; nothing was imported`].join("\n")
  }
}

export class ReadFailed extends Schema.TaggedError<ReadFailed>()("ReadFailed", {
  source: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `cannot read ${this.source}: ${this.reason}`
  }
}

export interface ImportOptions {
  /** Import the valid events and return the invalid lines, instead of rejecting the whole file. */
  readonly skipInvalid?: boolean
  /** Called after each chunk with the number of lines read so far. */
  readonly onProgress?: (linesRead: number) => void
}

/**
 * What to import: lines (decoded on this thread: small inputs and tests) or
 * a byte stream of JSON Lines (decoded on worker threads).
 */
export type LedgerInput = Iterable<string> | AsyncIterable<Uint8Array>

const isByteStream = (input: LedgerInput): input is AsyncIterable<Uint8Array> => Symbol.asyncIterator in input

async function* chunksOf(input: LedgerInput): AsyncGenerator<ParsedChunk> {
  if (isByteStream(input)) {
    yield* parseInWorkers(input)
    return
  }
  const lines = [...input]
  for (let first = 0; first < lines.length; first += 10_000) {
    yield parseLines(lines.slice(first, first + 10_000), first + 1)
  }
}

/** Collects every decoded event; repeats of an identical event are dropped, a different event under a used id is an error. */
const collect = async (input: LedgerInput, onProgress: ((n: number) => void) | undefined) => {
  const parsed: Array<ParsedLine> = []
  const errors: Array<Rejected> = []
  const byId = new Map<string, ParsedLine>()
  let lines = 0
  let repeated = 0
  for await (const chunk of chunksOf(input)) {
    lines += chunk.lineCount
    errors.push(...chunk.errors)
    for (const p of chunk.events) {
      const earlier = byId.get(p.encoded.eventId)
      if (earlier === undefined) {
        byId.set(p.encoded.eventId, p)
        parsed.push(p)
      } else if (earlier.encoded.json === p.encoded.json) {
        repeated++
      } else {
        errors.push({
          line: p.line,
          reason: `eventId ${p.encoded.eventId} is already used at line ${earlier.line} by a different event`,
          text: p.encoded.json
        })
      }
    }
    onProgress?.(lines)
  }
  return { parsed, errors, lines, repeated }
}

const step = (e: EncodedEvent.EncodedEvent): Lifecycle.Step => ({ type: EncodedEvent.typeName(e), occurredOn: e.occurredOn })

/** Lifecycle violations of the new events of one project, checked together with what is stored. */
const lifecycleErrors = (stored: ReadonlyArray<Lifecycle.Step>, added: ReadonlyArray<ParsedLine>): Array<Rejected> =>
  Lifecycle.validateStream([...stored, ...added.map((p) => step(p.encoded))])
    .filter((v) => v.index >= stored.length)
    .map((v) => {
      const p = added[v.index - stored.length]!
      const e = p.encoded
      return { line: p.line, reason: `${EncodedEvent.typeName(e)} on ${Calendar.formatDate(e.occurredOn)}: ${v.reason}`, text: e.json }
    })

export const importLedger = Effect.fn("LedgerImport.importLedger")(function*(
  source: string,
  input: LedgerInput,
  options: ImportOptions = {}
): Effect.fn.Return<ImportSummary, ImportRejected | ReadFailed | AppendError | StoreError, EventStore> {
  const store = yield* EventStore
  const { parsed, errors, lines, repeated } = yield* Effect.tryPromise({
    try: () => collect(input, options.onProgress),
    catch: (cause) => new ReadFailed({ source, reason: cause instanceof Error ? cause.message : String(cause) })
  })

  const byProject = new Map<string, Array<ParsedLine>>()
  for (const p of parsed) {
    let list = byProject.get(p.encoded.projectId)
    if (list === undefined) byProject.set(p.encoded.projectId, list = [])
    list.push(p)
  }
  const versions = yield* store.versions([...byProject.keys()])

  // What is already stored: skip identical events, reject different ones under the same id.
  let alreadyStored = 0
  const existing = new Map<string, ReadonlyArray<Lifecycle.Step>>()
  for (const [projectId, list] of byProject) {
    if ((versions.get(projectId) ?? 0) === 0) continue
    const stored = (yield* store.readStream(projectId)).map((r) => EncodedEvent.encode(r.event))
    existing.set(projectId, stored.map(step))
    const storedById = new Map(stored.map((e) => [e.eventId, e]))
    const fresh: Array<ParsedLine> = []
    for (const p of list) {
      const previous = storedById.get(p.encoded.eventId)
      if (previous === undefined) fresh.push(p)
      else if (previous.json === p.encoded.json) alreadyStored++
      else errors.push({ line: p.line, reason: `eventId ${p.encoded.eventId} is already stored for a different event`, text: p.encoded.json })
    }
    byProject.set(projectId, fresh)
  }

  // Lifecycle rules, per project; with skipInvalid, drop offenders until what is left is valid.
  for (const [projectId, list] of byProject) {
    let remaining = list
    for (;;) {
      const violations = lifecycleErrors(existing.get(projectId) ?? [], remaining)
      if (violations.length === 0) break
      errors.push(...violations)
      if (!options.skipInvalid) break
      const bad = new Set(violations.map((v) => v.line))
      remaining = remaining.filter((p) => !bad.has(p.line))
    }
    byProject.set(projectId, remaining)
  }

  errors.sort((a, b) => a.line - b.line)
  if (errors.length > 0 && !options.skipInvalid) {
    return yield* new ImportRejected({ source, errors: errors.map(({ line, reason }) => ({ line, reason })) })
  }

  const requests: Array<EncodedAppendRequest> = []
  for (const [projectId, list] of byProject) {
    if (list.length > 0) requests.push({ projectId, events: list.map((p) => p.encoded), expected: versions.get(projectId) ?? 0 })
  }
  const results = yield* store.appendEncoded(requests)
  return {
    source,
    lines,
    events: parsed.length,
    appended: results.reduce((n, r) => n + (r.written ? r.lastPosition - r.firstPosition + 1 : 0), 0),
    alreadyStored,
    repeatedInFile: repeated,
    projects: byProject.size,
    rejected: errors
  }
})
