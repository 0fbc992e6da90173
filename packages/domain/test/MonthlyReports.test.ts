import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { MonthlyReports } from "../src/MonthlyReports.ts"

/** The fold it replaces: a Map of report objects, a version kept when the month has none or it is later. */
const mapFold = (versions: ReadonlyArray<readonly [number, number, number, number]>) => {
  const map = new Map<number, { amount: number; knownAt: number; position: number }>()
  for (const [period, amount, knownAt, position] of versions) {
    const current = map.get(period)
    if (current === undefined || knownAt > current.knownAt || (knownAt === current.knownAt && position > current.position)) {
      map.set(period, { amount, knownAt, position })
    }
  }
  return map
}

const versions = fc.array(
  fc.tuple(
    fc.constantFrom(202301, 202302, 202303, 202306, 202312, 202401, 202211),
    fc.double({ min: 0, max: 1e6, noNaN: true }),
    fc.integer({ min: 0, max: 20 }),
    fc.integer({ min: 1, max: 1000 })
  ),
  { maxLength: 40 }
)

describe("MonthlyReports (a project's reports by month)", () => {
  it("keeps the same versions, in the same order, and sums them in the same order as the Map it replaces", () => {
    fc.assert(fc.property(versions, fc.integer({ min: 202200, max: 202412 }), fc.integer({ min: 0, max: 300 }), (vs, from, span) => {
      const reports = new MonthlyReports()
      for (const [period, amount, knownAt, position] of vs) reports.keepLatest(period, amount, knownAt, position)
      const map = mapFold(vs)
      expect([...reports]).toEqual([...map])
      expect([...reports.keys()]).toEqual([...map.keys()])
      expect(reports.size).toBe(map.size)
      for (const period of [202301, 202302, 202305, 202312]) {
        expect(reports.get(period)).toEqual(map.get(period))
        expect(reports.amountOf(period)).toBe(map.get(period)?.amount)
      }
      // Object.is: the very same floating-point sum, not merely a close one.
      let sum = 0
      for (const [period, r] of map) if (period >= from && period <= from + span) sum += r.amount
      expect(Object.is(reports.sumBetween(from, from + span), sum)).toBe(true)
    }))
  })

  it("set replaces a month's report in its place, as a Map does", () => {
    const reports = new MonthlyReports().set(202301, { amount: 1, knownAt: 1, position: 1 }).set(202302, { amount: 2, knownAt: 1, position: 2 })
    reports.set(202301, { amount: 5, knownAt: 0, position: 3 })
    expect([...reports.keys()]).toEqual([202301, 202302])
    expect(reports.get(202301)).toEqual({ amount: 5, knownAt: 0, position: 3 })
  })
})
