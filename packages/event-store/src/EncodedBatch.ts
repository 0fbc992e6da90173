/**
 * Encoded events column by column: how an import hands events to a store in
 * bulk, and how they cross from parse threads without copying (typed arrays
 * move; an array of strings clones far faster than an array of objects).
 */
import { Calendar, type EncodedEvent, ProjectEvent } from "@groundbreak/domain"

export interface EncodedBatch {
  readonly length: number
  readonly type: Uint8Array
  readonly occurredOn: Int32Array
  readonly knownAt: Float64Array
  readonly key: Int32Array
  readonly amount: Float64Array
  readonly isNew: Uint8Array
  readonly plannedStart: Int32Array
  readonly eventId: ReadonlyArray<string>
  readonly projectId: ReadonlyArray<string>
  /** `knownAt` as written. */
  readonly knownAtText: ReadonlyArray<string>
  /** The data of each event, as JSON. */
  readonly data: ReadonlyArray<string>
  readonly district: ReadonlyArray<string | null>
  readonly sector: ReadonlyArray<string | null>
}

/** A batch being filled, with room for `capacity` events. */
export class Builder {
  length = 0
  readonly type: Uint8Array
  readonly occurredOn: Int32Array
  readonly knownAt: Float64Array
  readonly key: Int32Array
  readonly amount: Float64Array
  readonly isNew: Uint8Array
  readonly plannedStart: Int32Array
  readonly eventId: Array<string> = []
  readonly projectId: Array<string> = []
  readonly knownAtText: Array<string> = []
  readonly data: Array<string> = []
  readonly district: Array<string | null> = []
  readonly sector: Array<string | null> = []

  readonly capacity: number

  constructor(capacity: number) {
    this.capacity = capacity
    this.type = new Uint8Array(capacity)
    this.occurredOn = new Int32Array(capacity)
    this.knownAt = new Float64Array(capacity)
    this.key = new Int32Array(capacity)
    this.amount = new Float64Array(capacity)
    this.isNew = new Uint8Array(capacity)
    this.plannedStart = new Int32Array(capacity)
  }

  /** Adds an event; returns its index. Throws when the batch is full. */
  add(e: EncodedEvent.EncodedParts): number {
    const i = this.length
    if (i === this.capacity) throw new RangeError(`the batch holds ${this.capacity} events`)
    this.type[i] = e.type
    this.occurredOn[i] = e.occurredOn
    this.knownAt[i] = e.knownAt
    this.key[i] = e.key
    this.amount[i] = e.amount
    this.isNew[i] = e.isNew
    this.plannedStart[i] = e.plannedStart
    this.eventId.push(e.eventId)
    this.projectId.push(e.projectId)
    this.knownAtText.push(e.knownAtText)
    this.data.push(e.data)
    this.district.push(e.district)
    this.sector.push(e.sector)
    this.length = i + 1
    return i
  }

  /** The batch of the events added (its typed arrays trimmed to them). */
  build(): EncodedBatch {
    const n = this.length
    return {
      length: n,
      type: this.type.slice(0, n),
      occurredOn: this.occurredOn.slice(0, n),
      knownAt: this.knownAt.slice(0, n),
      key: this.key.slice(0, n),
      amount: this.amount.slice(0, n),
      isNew: this.isNew.slice(0, n),
      plannedStart: this.plannedStart.slice(0, n),
      eventId: this.eventId,
      projectId: this.projectId,
      knownAtText: this.knownAtText,
      data: this.data,
      district: this.district,
      sector: this.sector
    }
  }
}

export const fromEvents = (events: ReadonlyArray<EncodedEvent.EncodedEvent>): EncodedBatch => {
  const builder = new Builder(events.length)
  for (const e of events) builder.add(e)
  return builder.build()
}

/** The canonical JSON line of the event at `i`. */
export const jsonLineAt = (b: EncodedBatch, i: number): string =>
  ProjectEvent.jsonLineOf(
    b.eventId[i]!,
    b.projectId[i]!,
    ProjectEvent.eventTypes[b.type[i]!]!,
    Calendar.formatDate(b.occurredOn[i]!),
    b.knownAtText[i]!,
    b.data[i]!
  )

/** The event at `i`. */
export const eventAt = (b: EncodedBatch, i: number): EncodedEvent.EncodedEvent => ({
  projectId: b.projectId[i]!,
  type: b.type[i]!,
  occurredOn: b.occurredOn[i]!,
  knownAt: b.knownAt[i]!,
  key: b.key[i]!,
  amount: b.amount[i]!,
  isNew: b.isNew[i]!,
  plannedStart: b.plannedStart[i]!,
  district: b.district[i]!,
  sector: b.sector[i]!,
  eventId: b.eventId[i]!,
  knownAtText: b.knownAtText[i]!,
  data: b.data[i]!,
  json: jsonLineAt(b, i)
})

/** The events at the indexes `keep` selects, in order. */
export const filter = (b: EncodedBatch, keep: (i: number) => boolean): EncodedBatch => {
  const builder = new Builder(b.length)
  for (let i = 0; i < b.length; i++) if (keep(i)) builder.add(eventAt(b, i))
  return builder.build()
}

/** The buffers a batch can hand to another thread without copying. */
export const transferables = (b: EncodedBatch): Array<ArrayBuffer> =>
  [b.type, b.occurredOn, b.knownAt, b.key, b.amount, b.isNew, b.plannedStart].map((a) => a.buffer as ArrayBuffer)
