/** The knowledge cut is parsed once into the instant, its day in China time and the text as written. */
import fc from "fast-check"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { Calendar, KnowledgeCut } from "../src/index.ts"

/** The China-time calendar date of an instant, by the slow and obvious route. */
const chinaDate = (epochMs: number): string => new Date(epochMs + 8 * 3_600_000).toISOString().slice(0, 10)

const dayArb = fc.integer({ min: Calendar.parseDate("1990-01-01")!, max: Calendar.parseDate("2100-12-31")! })
const instantArb = fc.integer({ min: Date.parse("1990-01-01T00:00:00Z"), max: Date.parse("2100-12-31T00:00:00Z") })

describe("KnowledgeCut", () => {
  it("a bare date is the last millisecond of that day in China time, on that day, kept as written", () =>
    fc.assert(fc.property(dayArb, (day) => {
      const text = Calendar.formatDate(day)
      const cut = Result.getOrThrow(KnowledgeCut.parse(text))
      expect(cut.at).toBe(Calendar.startOfDayChina(day + 1) - 1)
      expect(cut.day).toBe(day)
      expect(cut.text).toBe(text)
      expect(KnowledgeCut.endOfDay(day)).toEqual(cut)
    })))

  it("a date-time with any offset is that instant, on its China-time day, kept as written", () =>
    fc.assert(fc.property(instantArb, fc.constantFrom("Z", "+08:00", "-05:30", "+14:00"), (at, offset) => {
      const minutes = offset === "Z" ? 0 : (offset[0] === "+" ? 1 : -1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)))
      const text = new Date(at + minutes * 60_000).toISOString().replace("Z", offset)
      const cut = Result.getOrThrow(KnowledgeCut.parse(text))
      expect(cut.at).toBe(at)
      expect(Calendar.formatDate(cut.day)).toBe(chinaDate(at))
      expect(cut.text).toBe(text)
    })))

  it("an instant written in China time reads back as the same cut", () =>
    fc.assert(fc.property(instantArb, (at) => {
      const cut = KnowledgeCut.ofInstant(at)
      expect(Result.getOrThrow(KnowledgeCut.parse(cut.text))).toEqual(cut)
    })))

  it("an instant beyond every writable date (everything the store holds) is a cut too, never a crash", () => {
    const cut = KnowledgeCut.ofInstant(Number.MAX_SAFE_INTEGER)
    expect(cut.at).toBe(KnowledgeCut.everything.at)
    expect(cut.text).toBe(KnowledgeCut.everything.text)
  })

  it("anything else is a tagged error naming where it came from, what was expected and what was found", () => {
    for (const text of ["2020-10-15T10:00", "2020-02-30", "yesterday", "", "2020-10-15 10:00:00+08:00"]) {
      const parsed = KnowledgeCut.parse(text, "--known-at")
      expect(Result.isFailure(parsed)).toBe(true)
      const error = Result.isFailure(parsed) ? parsed.failure : undefined
      expect(error?._tag).toBe("KnowledgeCutInvalid")
      expect(error?.message).toBe(`--known-at: expected ${KnowledgeCut.expected}, found ${JSON.stringify(text)}`)
    }
  })
})
