/**
 * Importing a ledger in the interchange format: all-or-nothing by default.
 *
 * The file is decoded (on worker threads for byte streams) and written as it
 * is read, in file order, inside one bulk append of the store; every
 * project's stream (what was stored plus what the file adds) is then checked
 * against the lifecycle rules, in valid time and in knowledge order (the
 * stream as known at any moment must be valid too), and any problem anywhere
 * rolls the whole import back. Events already stored unchanged, and repeats
 * within the file, are skipped, so importing the same file twice changes
 * nothing.
 *
 * With `skipInvalid`, an import that met problems is rolled back and run
 * again without the rejected lines (and without the events that depended on
 * them), so what is committed is always checked as a whole.
 */
import { Effect, Fiber, Schema, type Scope } from "effect"
import { Calendar, EncodedEvent, Lifecycle } from "@groundbreak/domain"
import { type BulkWriter, EncodedBatch, EventStore, type IdTaken, type StoreError } from "@groundbreak/event-store"
import * as ParsePool from "./internal/ParsePool.ts"
import { type ParsedChunk, parseLines, type Rejected } from "./internal/ParsedLines.ts"

export type { Rejected }

/**
 * How byte streams are parsed: how many threads, and how many bytes at the start of a reading are parsed on the
 * importing thread before chunks go to the threads (provide `inlineBytes: 0` to parse everything on the threads).
 */
export const ParseSettings = ParsePool.Settings

/** The parse threads stopped: one failed or died, or the import was stopped. */
export const PoolStopped = ParsePool.PoolStopped
export type PoolStopped = ParsePool.PoolStopped

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

export interface ImportProgress {
  readonly lines: number
  /** Bytes of the source read so far (0 for text given as lines). */
  readonly bytes: number
}

export interface ImportOptions {
  /** Import the valid events and return the invalid lines, instead of rejecting the whole file. */
  readonly skipInvalid?: boolean
  /** Called after each chunk with how much has been read. */
  readonly onProgress?: (progress: ImportProgress) => void
}

/**
 * What to import: lines (decoded on this thread: small inputs and tests;
 * they are read twice when `skipInvalid` has lines to skip), or JSON Lines
 * bytes (decoded on worker threads), as a stream or as a function that opens
 * the source afresh each time it is called.
 */
export type LedgerInput = Iterable<string> | AsyncIterable<Uint8Array> | (() => AsyncIterable<Uint8Array>)

const linesPerChunk = 10_000

/** A way to read the input from the start, once or (remembering a one-shot stream's bytes) again. */
const reader = (input: LedgerInput, again: boolean): (pool: ParsePool.ParsePool) => AsyncIterable<ParsedChunk> => {
  if (typeof input === "function") return (pool) => pool.parse(input())
  if (Symbol.asyncIterator in input) {
    if (!again) return (pool) => pool.parse(input)
    const seen: Array<Uint8Array> = []
    let first = true
    return (pool) => {
      if (!first) return pool.parse((async function*() {
        yield* seen
      })())
      first = false
      return pool.parse((async function*() {
        for await (const part of input) {
          seen.push(part)
          yield part
        }
      })())
    }
  }
  return async function*() {
    const lines = [...input]
    for (let first = 0; first < lines.length; first += linesPerChunk) {
      yield parseLines(lines.slice(first, first + linesPerChunk), first + 1)
    }
  }
}

/** What was written, event by event in write order, as much as the lifecycle check and the error messages need. */
class WrittenLog {
  length = 0
  private capacity = 1 << 16
  project = new Int32Array(this.capacity)
  type = new Uint8Array(this.capacity)
  occurredOn = new Int32Array(this.capacity)
  knownAt = new Float64Array(this.capacity)
  line = new Int32Array(this.capacity)
  readonly projectIds: Array<string> = []
  private readonly projectIndex = new Map<string, number>()

  /** Index of a project (registering it). */
  projectOf(projectId: string): number {
    let index = this.projectIndex.get(projectId)
    if (index === undefined) {
      index = this.projectIds.length
      this.projectIds.push(projectId)
      this.projectIndex.set(projectId, index)
    }
    return index
  }

  add(project: number, type: number, occurredOn: number, knownAt: number, line: number): void {
    if (this.length === this.capacity) {
      this.capacity *= 2
      const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
        const bigger = make(this.capacity)
        bigger.set(a)
        return bigger
      }
      this.project = grow(this.project, (n) => new Int32Array(n))
      this.type = grow(this.type, (n) => new Uint8Array(n))
      this.occurredOn = grow(this.occurredOn, (n) => new Int32Array(n))
      this.knownAt = grow(this.knownAt, (n) => new Float64Array(n))
      this.line = grow(this.line, (n) => new Int32Array(n))
    }
    const i = this.length++
    this.project[i] = project
    this.type[i] = type
    this.occurredOn[i] = occurredOn
    this.knownAt[i] = knownAt
    this.line[i] = line
  }

  /** The indexes written for each project, in write order. */
  byProject(): Array<Array<number>> {
    const groups: Array<Array<number>> = this.projectIds.map(() => [])
    for (let i = 0; i < this.length; i++) groups[this.project[i]!]!.push(i)
    return groups
  }
}

/** A problem found in a reading; `text` is filled in later for events whose line is only known then. */
const Problem = Schema.Struct({ line: Schema.Number, reason: Schema.String, text: Schema.optionalKey(Schema.String) })
type Problem = typeof Problem.Type

/**
 * Lifecycle violations among the written events `written` of project
 * `projectId`, checked together with what was stored before, in valid time
 * and in knowledge order.
 */
const lifecycleErrors = (
  projectId: string,
  stored: ReadonlyArray<Lifecycle.KnownStep>,
  log: WrittenLog,
  written: ReadonlyArray<number>
): Array<Problem & { readonly index: number }> => {
  const steps = written.map((i) => ({ type: EncodedEvent.typeName({ type: log.type[i]! }), occurredOn: log.occurredOn[i]!, knownAt: log.knownAt[i]! }))
  return Lifecycle.validateKnownStream([...stored, ...steps])
    .filter((v) => v.index >= stored.length)
    .map((v) => {
      const i = written[v.index - stored.length]!
      const step = steps[v.index - stored.length]!
      return { index: i, line: log.line[i]!, reason: `project ${projectId}: ${step.type} on ${Calendar.formatDate(step.occurredOn)}: ${v.reason}` }
    })
}

/** Failing a bulk append rolls it back: the problems one reading found. */
class PassRejected extends Schema.TaggedError<PassRejected>()("PassRejected", { problems: Schema.Array(Problem) }) {}

interface PassSummary extends Omit<ImportSummary, "source" | "rejected"> {
  /** The canonical lines of the events skipped (by line). */
  readonly skipped: ReadonlyMap<number, string>
}

/** The iterator's next result, already asked for; a failure is kept for whoever awaits it, never reported as unhandled. */
const readAhead = <A>(iterator: AsyncIterator<A>): Promise<IteratorResult<A>> => {
  const next = iterator.next()
  next.catch(() => undefined)
  return next
}

/**
 * One reading of the input, written through `writer`, leaving out the lines in `skip`. `first` is the first chunk,
 * asked for of `iterator` before the bulk append began (so it is read and parsed while the store gets ready).
 */
const pass = (
  source: string,
  writer: BulkWriter,
  iterator: AsyncIterator<ParsedChunk>,
  first: Promise<IteratorResult<ParsedChunk>>,
  skip: ReadonlySet<number>,
  options: ImportOptions,
  storedSteps: (projectId: string, versionBefore: number) => Effect.Effect<ReadonlyArray<Lifecycle.KnownStep>, StoreError>
) =>
  Effect.gen(function*() {
    const problems: Array<Problem> = []
    const log = new WrittenLog()
    const skipped = new Map<number, string>()
    const projects = new Set<number>()
    let lines = 0, bytes = 0, alreadyStored = 0, repeated = 0
    /**
     * The next chunk, asked for before the current one is written: it is read and parsed while the store writes (on a
     * thread of its own, or on a server).
     */
    let ahead = first
    /**
     * Batches sent to the store and not yet answered, in order (as many as the store takes at once: while it writes
     * them, the next chunk is read and decoded here). Their answers are taken in order, so the log is in write order.
     */
    const inFlight: Array<{
      readonly batch: EncodedBatch.EncodedBatch
      readonly lineOf: Int32Array
      readonly write: Fiber.Fiber<ReadonlyArray<IdTaken>, StoreError>
      readonly lines: number
      readonly bytes: number
    }> = []
    const writesAhead = Math.max(1, writer.writesAhead ?? 1)
    /** Takes the store's answer for the oldest batch in flight: logs what was written, and the ids already held. */
    const settle = Effect.fnUntraced(function*() {
      const { batch, lineOf, write, lines: linesRead, bytes: bytesRead } = inFlight.shift()!
      const taken = yield* Fiber.join(write)
      for (let i = 0, t = 0; i < batch.length; i++) {
        const project = log.projectOf(batch.projectId[i]!)
        const holder: IdTaken | undefined = taken[t]?.index === i ? taken[t++] : undefined
        if (holder === undefined) {
          log.add(project, batch.type[i]!, batch.occurredOn[i]!, batch.knownAt[i]!, lineOf[i]!)
          projects.add(project)
        } else if (holder.holder.json === EncodedBatch.jsonLineAt(batch, i)) {
          if (holder.writtenEarlier) repeated++
          else alreadyStored++
          projects.add(project)
        } else {
          const reason = holder.writtenEarlier
            ? `eventId ${batch.eventId[i]} is already used at line ${log.line[holder.holder.position - writer.firstPosition]} by a different event`
            : `eventId ${batch.eventId[i]} is already stored for a different event`
          problems.push({ line: lineOf[i]!, reason, text: EncodedBatch.jsonLineAt(batch, i) })
        }
      }
      options.onProgress?.({ lines: linesRead, bytes: bytesRead })
    })
    for (;;) {
      const next = yield* Effect.tryPromise({
        try: () => ahead,
        catch: (cause) =>
          cause instanceof ParsePool.PoolStopped ? cause : new ReadFailed({ source, reason: cause instanceof Error ? cause.message : String(cause) })
      })
      if (next.done) break
      ahead = readAhead(iterator)
      const chunk = next.value
      lines += chunk.lineCount
      bytes += chunk.byteCount
      let batch = chunk.batch
      let lineOf = chunk.line
      if (skip.size > 0) {
        chunk.line.forEach((line, i) => skip.has(line) && skipped.set(line, EncodedBatch.jsonLineAt(chunk.batch, i)))
        batch = EncodedBatch.filter(batch, (i) => !skip.has(chunk.line[i]!))
        lineOf = chunk.line.filter((line) => !skip.has(line))
      }
      problems.push(...chunk.errors.filter((e) => !skip.has(e.line)))
      inFlight.push({ batch, lineOf, write: yield* Effect.forkChild(writer.write(batch)), lines, bytes })
      if (inFlight.length >= writesAhead) yield* settle()
    }
    while (inFlight.length > 0) yield* settle()

    // Nothing more to write: the store gets its commit ready while the lifecycle rules are checked here.
    writer.finishing?.()
    // Lifecycle rules, per project; with skipInvalid, drop offenders until what is left is valid.
    const before = writer.versionsBefore()
    const groups = log.byProject()
    for (let p = 0; p < groups.length; p++) {
      const projectId = log.projectIds[p]!
      const version = before.get(projectId)
      const stored = version === undefined ? [] : yield* storedSteps(projectId, version)
      let remaining = groups[p]!
      for (;;) {
        const violations = lifecycleErrors(projectId, stored, log, remaining)
        if (violations.length === 0) break
        problems.push(...violations.map(({ line, reason }) => ({ line, reason })))
        if (!options.skipInvalid) break
        const bad = new Set(violations.map((v) => v.index))
        remaining = remaining.filter((i) => !bad.has(i))
      }
    }
    if (problems.length > 0) return yield* new PassRejected({ problems: problems.sort((a, b) => a.line - b.line) })
    return {
      lines,
      events: log.length + alreadyStored,
      appended: log.length,
      alreadyStored,
      repeatedInFile: repeated,
      projects: projects.size,
      skipped
    } satisfies PassSummary
  })

export const importLedger = Effect.fn("LedgerImport.importLedger")(function*(
  source: string,
  input: LedgerInput,
  options: ImportOptions = {}
): Effect.fn.Return<ImportSummary, ImportRejected | ReadFailed | PoolStopped | StoreError, EventStore | Scope.Scope> {
  const store = yield* EventStore
  const read = reader(input, options.skipInvalid === true)
  const storedSteps = (projectId: string, versionBefore: number) =>
    Effect.map(store.readStream(projectId), (recorded) =>
      recorded.filter((r) => r.version <= versionBefore).map((r) => ({
        type: r.event.type,
        occurredOn: Calendar.parseDate(r.event.occurredOn)!,
        knownAt: Calendar.parseInstant(r.event.knownAt)!
      })))
  const run = (pool: ParsePool.ParsePool, skip: ReadonlySet<number>) =>
    Effect.suspend(() => {
      const iterator = read(pool)[Symbol.asyncIterator]()
      const first = readAhead(iterator)
      return store.bulkAppend((writer) => pass(source, writer, iterator, first, skip, options, storedSteps)).pipe(
        Effect.ensuring(Effect.sync(() => {
          // Not awaited: an interrupted reading may be waiting on its source; closing the pool ends the rest.
          void iterator.return?.().catch(() => undefined)
        }))
      )
    })
  const rejected = (problems: ReadonlyArray<Problem>) =>
    new ImportRejected({ source, errors: problems.map(({ line, reason }) => ({ line, reason })) })

  // The parse threads (started on the first reading, if any) serve both readings, and stop when the import ends, fails or is interrupted.
  const pool = yield* ParsePool.scoped
  return yield* run(pool, new Set()).pipe(
    Effect.map(({ skipped: _, ...summary }) => ({ ...summary, source, rejected: [] as ReadonlyArray<Rejected> })),
    Effect.catchTag("PassRejected", (first) => {
      const problems = first.problems
      if (!options.skipInvalid) return Effect.fail(rejected(problems))
      return run(pool, new Set(problems.map((e) => e.line))).pipe(
        Effect.map(({ skipped, ...summary }) => ({
          ...summary,
          source,
          rejected: problems.map((p) => ({ line: p.line, reason: p.reason, text: p.text ?? skipped.get(p.line) ?? "" }))
        })),
        // What is left was checked as a whole in the first reading; a second rejection would be a bug, shown rather than hidden.
        Effect.catchTag("PassRejected", (second) => Effect.fail(rejected(second.problems)))
      )
    })
  )
}, Effect.scoped)
