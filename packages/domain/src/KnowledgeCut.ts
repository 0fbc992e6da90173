/**
 * The knowledge cut K: the moment as of which the store is read (only events
 * with `knownAt` ≤ K count). It is parsed once, at the edge, from the text a
 * user wrote (a flag or a scenario file) and carried as this value from there
 * on: the instant in epoch milliseconds, its calendar day in China time, and
 * the text as written (outputs echo it).
 */
import { Result, Schema } from "effect"
import * as Calendar from "./Calendar.ts"

declare const KnowledgeCutBrand: unique symbol

export interface KnowledgeCut {
  readonly [KnowledgeCutBrand]: "KnowledgeCut"
  /** The cut in epoch milliseconds: events known at or before it count. */
  readonly at: number
  /** The epoch day, in China Standard Time, the cut falls on. */
  readonly day: number
  /** The cut as the user wrote it (a bare date, or a date-time with offset). */
  readonly text: string
}

/** What a knowledge cut is written as, for messages. */
export const expected = "a date YYYY-MM-DD (its end in China time) or an ISO date-time with offset, e.g. 2020-10-15T12:00:00+08:00"

export class KnowledgeCutInvalid extends Schema.TaggedError<KnowledgeCutInvalid>()("KnowledgeCutInvalid", {
  /** Where the text came from: a flag (`--known-at`) or a file and field. */
  source: Schema.String,
  text: Schema.String
}) {
  override get message(): string {
    return `${this.source}: expected ${expected}, found ${JSON.stringify(this.text)}`
  }
}

/**
 * The rule every reader applies (stores, the replay's earlier cuts, synthesis): an event that became known at
 * `knownAt` (epoch ms) counts at the cut `knownBy` (epoch ms) when it became known at or before it, to the
 * millisecond. Its valid time plays no part.
 */
export const isKnownBy = (knownAt: number, knownBy: number): boolean => knownAt <= knownBy

const make = (at: number, text: string): KnowledgeCut => ({ at, day: Calendar.dayInChina(at), text }) as KnowledgeCut

/**
 * A cut from the text a user wrote: an ISO date-time with offset, or a bare
 * `YYYY-MM-DD` meaning the end of that day in China Standard Time.
 */
export const parse = (text: string, source = "knownAt"): Result.Result<KnowledgeCut, KnowledgeCutInvalid> => {
  const at = Calendar.parseKnowledgeCut(text)
  return at === undefined ? Result.fail(new KnowledgeCutInvalid({ source, text })) : Result.succeed(make(at, text))
}

/** The end, in China time, of an epoch day, written as that date (what a bare date on the command line means). */
export const endOfDay = (epochDay: number): KnowledgeCut => {
  const text = Calendar.formatDate(epochDay)
  return make(Calendar.parseKnowledgeCut(text)!, text)
}

const everythingText = "everything known"

/** Everything the store holds, however late it became known: the cut of a backtest's actual year ends. */
export const everything: KnowledgeCut = make(Number.MAX_SAFE_INTEGER, everythingText)

/** The last instant whose date can be written in any time zone (ECMAScript's range of dates, ±100,000,000 days, less a day). */
const latestWritable = 8.64e15 - 86_400_000

/**
 * An instant (epoch milliseconds), written in China time: "now", or a cut computed rather than typed. One beyond
 * any date that can be written (such as `Number.MAX_SAFE_INTEGER`) is {@link everything}'s text.
 */
export const ofInstant = (epochMs: number): KnowledgeCut =>
  make(epochMs, Math.abs(epochMs) <= latestWritable ? Calendar.formatInstantChina(epochMs) : everythingText)
