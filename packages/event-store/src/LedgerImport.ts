/**
 * Importing a ledger in the interchange format: all-or-nothing by default.
 *
 * Every line is decoded and every project's stream (what is stored plus
 * what the file adds) is checked against the lifecycle rules before
 * anything is written; then all new events go in one atomic append, each
 * stream at the version it was read at. Events already stored unchanged are
 * skipped, so importing the same file twice changes nothing.
 */
import { Effect, Schema } from "effect"
import { Interchange, Lifecycle, ProjectEvent } from "@groundbreak/domain"
import { type AppendError, type AppendRequest, EventStore, type StoreError } from "./EventStore.ts"

export interface Rejected {
  readonly line: number
  readonly reason: string
  /** The line: as it stood in the file when it could not be decoded, else the event's canonical line. */
  readonly text: string
}

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
  /** Called now and then with the number of lines read so far. */
  readonly onProgress?: (linesRead: number) => void
}

/** A decoded line. The text itself is not kept (a million lines would double the memory): rejects are re-serialized. */
interface Parsed {
  readonly line: number
  readonly event: ProjectEvent.ProjectEvent
}

/** Decodes every line; repeats of an identical event are dropped, a different event under a used id is an error. */
const parseAll = async (
  lines: AsyncIterable<string> | Iterable<string>,
  onProgress: ((n: number) => void) | undefined
) => {
  const parsed: Array<Parsed> = []
  const errors: Array<Rejected> = []
  const byId = new Map<string, Parsed>()
  let count = 0
  let repeated = 0
  for await (const text of lines) {
    count++
    if (onProgress && count % 20_000 === 0) onProgress(count)
    const result = Interchange.parseLine(text, count)
    if (result === undefined) continue
    if (Interchange.isLineError(result)) {
      errors.push({ ...result, text })
      continue
    }
    const earlier = byId.get(result.eventId)
    if (earlier !== undefined) {
      if (ProjectEvent.toJsonLine(earlier.event) === ProjectEvent.toJsonLine(result)) repeated++
      else errors.push({ line: count, reason: `eventId ${result.eventId} is already used at line ${earlier.line} by a different event`, text })
      continue
    }
    const entry = { line: count, event: result }
    byId.set(result.eventId, entry)
    parsed.push(entry)
  }
  onProgress?.(count)
  return { parsed, errors, lines: count, repeated }
}

/** Lifecycle violations of the new events of one project, checked together with what is stored. */
const lifecycleErrors = (stored: ReadonlyArray<ProjectEvent.ProjectEvent>, added: ReadonlyArray<Parsed>): Array<Rejected> =>
  Lifecycle.validateStream([...stored, ...added.map((p) => p.event)])
    .filter((v) => v.index >= stored.length)
    .map((v) => {
      const p = added[v.index - stored.length]!
      return { line: p.line, reason: `${p.event.type} on ${p.event.occurredOn}: ${v.reason}`, text: ProjectEvent.toJsonLine(p.event) }
    })

export const importLedger = Effect.fn("LedgerImport.importLedger")(function*(
  source: string,
  lines: AsyncIterable<string> | Iterable<string>,
  options: ImportOptions = {}
): Effect.fn.Return<ImportSummary, ImportRejected | ReadFailed | AppendError | StoreError, EventStore> {
  const store = yield* EventStore
  const { parsed, errors, lines: lineCount, repeated } = yield* Effect.tryPromise({
    try: () => parseAll(lines, options.onProgress),
    catch: (cause) => new ReadFailed({ source, reason: cause instanceof Error ? cause.message : String(cause) })
  })

  const byProject = new Map<string, Array<Parsed>>()
  for (const p of parsed) {
    let list = byProject.get(p.event.projectId)
    if (list === undefined) byProject.set(p.event.projectId, list = [])
    list.push(p)
  }
  const versions = yield* store.versions([...byProject.keys()])

  // What is already stored: skip identical events, reject different ones under the same id.
  let alreadyStored = 0
  const existing = new Map<string, ReadonlyArray<ProjectEvent.ProjectEvent>>()
  for (const [projectId, list] of byProject) {
    if ((versions.get(projectId) ?? 0) === 0) continue
    const streamEvents = (yield* store.readStream(projectId)).map((r) => r.event)
    existing.set(projectId, streamEvents)
    const storedById = new Map(streamEvents.map((e) => [e.eventId, e]))
    const fresh: Array<Parsed> = []
    for (const p of list) {
      const previous = storedById.get(p.event.eventId)
      if (previous === undefined) fresh.push(p)
      else if (ProjectEvent.toJsonLine(previous) === ProjectEvent.toJsonLine(p.event)) alreadyStored++
      else errors.push({ line: p.line, reason: `eventId ${p.event.eventId} is already stored for a different event`, text: ProjectEvent.toJsonLine(p.event) })
    }
    byProject.set(projectId, fresh)
  }

  // Lifecycle rules, per project; with --skip-invalid, drop offenders until what is left is valid.
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

  const requests: Array<AppendRequest> = []
  for (const [projectId, list] of byProject) {
    if (list.length > 0) {
      requests.push({ projectId, events: list.map((p) => p.event), expected: versions.get(projectId) ?? 0 })
    }
  }
  const results = yield* store.appendMany(requests)
  return {
    source,
    lines: lineCount,
    events: parsed.length,
    appended: results.reduce((n, r) => n + (r.written ? r.lastPosition - r.firstPosition + 1 : 0), 0),
    alreadyStored,
    repeatedInFile: repeated,
    projects: byProject.size,
    rejected: errors
  }
})
