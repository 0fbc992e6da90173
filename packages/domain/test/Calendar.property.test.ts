/** The character-arithmetic date parsers agree with a slow, obviously right reference built on regular expressions and Date. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Calendar } from "../src/index.ts"

const reference = {
  date: (text: string): number | undefined => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
    if (m === null) return undefined
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
    const date = new Date(Date.UTC(2000, mo - 1, d))
    date.setUTCFullYear(y)
    return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date.getTime() / 86_400_000 : undefined
  },
  instant: (text: string): number | undefined => {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/.exec(text)
    if (m === null || reference.date(m[1]!) === undefined) return undefined
    if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59 || Number(m[6] ?? 0) > 23 || Number(m[7] ?? 0) > 59) return undefined
    const ms = Date.parse(text)
    return Number.isNaN(ms) ? undefined : ms
  }
}

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"))
const dateText = fc.tuple(fc.integer({ min: 1000, max: 2999 }), two(13), two(32)).map(([y, m, d]) => `${y}-${m}-${d}`)
const instantText = fc.tuple(
  dateText,
  two(25),
  two(61),
  fc.option(fc.tuple(two(61), fc.constantFrom("", ".5", ".123", ".123456789", ".1234567890", "."))),
  fc.constantFrom("Z", "+08:00", "-05:30", "+23:59", "+24:00", "08:00", "+8:00", "", "z")
).map(([d, h, mi, s, off]) => `${d}T${h}:${mi}${s === null ? "" : `:${s[0]}${s[1]}`}${off}`)

describe("calendar parsers", () => {
  it("parseDate agrees with the reference", () =>
    fc.assert(fc.property(fc.oneof(dateText, fc.string()), (t) => { expect(Calendar.parseDate(t)).toBe(reference.date(t)) }), { numRuns: 20_000 }))
  it("parseInstant agrees with the reference", () =>
    fc.assert(fc.property(fc.oneof(instantText, fc.string()), (t) => { expect(Calendar.parseInstant(t)).toBe(reference.instant(t)) }), { numRuns: 20_000 }))
  it("parseMonth accepts exactly YYYY-MM with a real month", () =>
    fc.assert(fc.property(fc.tuple(fc.integer({ min: 1000, max: 2999 }), two(13)), ([y, m]) => {
      expect(Calendar.parseMonth(`${y}-${m}`)).toBe(Number(m) >= 1 && Number(m) <= 12 ? y * 100 + Number(m) : undefined)
    })))
})

describe("calendar arithmetic", () => {
  const reference = (epochDay: number) => new Date(epochDay * 86_400_000).toISOString().slice(0, 10)
  it("formatDate, monthOfDay, yearOfDay, startOfYear and endOfMonth agree with Date over four millennia", () =>
    fc.assert(fc.property(fc.integer({ min: -700_000, max: 700_000 }), (day) => {
      const iso = reference(day)
      expect(Calendar.formatDate(day)).toBe(iso)
      expect(Calendar.monthOfDay(day)).toBe(Number(iso.slice(0, 4)) * 100 + Number(iso.slice(5, 7)))
      expect(Calendar.yearOfDay(day)).toBe(Number(iso.slice(0, 4)))
      expect(Calendar.parseDate(iso)).toBe(day)
      const yyyymm = Number(iso.slice(0, 4)) * 100 + Number(iso.slice(5, 7))
      expect(reference(Calendar.endOfMonth(yyyymm) + 1).slice(8)).toBe("01")
      expect(reference(Calendar.startOfYear(Number(iso.slice(0, 4))))).toBe(`${iso.slice(0, 4)}-01-01`)
    }), { numRuns: 20_000 }))
})
