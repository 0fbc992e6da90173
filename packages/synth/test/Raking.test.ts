/** Raking a two-way table to its margins: margins met, cells non-negative, zeros kept, the input untouched, deterministic. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Raking } from "../src/index.ts"

const sum = (values: ReadonlyArray<number>) => values.reduce((a, b) => a + b, 0)
const rowSums = (t: ReadonlyArray<ReadonlyArray<number>>) => t.map(sum)
const columnSums = (t: ReadonlyArray<ReadonlyArray<number>>) => t[0]!.map((_, c) => sum(t.map((row) => row[c]!)))
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b))

/** A table of `rows` × `columns` positive cells. */
const table = (rows: number, columns: number) =>
  fc.array(fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows })
/** A positive table and the margins of another positive table of the same shape: margins that can be met. */
const problem = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }))
  .chain(([rows, columns]) => fc.tuple(table(rows, columns), table(rows, columns)))

describe("Raking.rake", () => {
  it("meets both sets of margins when they can be met", () =>
    fc.assert(fc.property(problem, ([cells, wanted]) => {
      const raked = Raking.rake(cells, rowSums(wanted), columnSums(wanted))
      rowSums(raked).forEach((s, r) => expect(close(s, rowSums(wanted)[r]!)).toBe(true))
      columnSums(raked).forEach((s, c) => expect(close(s, columnSums(wanted)[c]!)).toBe(true))
    })))

  it("gives non-negative cells, keeps zero cells zero, leaves its input alone and gives the same table every time", () =>
    fc.assert(fc.property(problem, fc.nat(), ([cells, wanted], zeroAt) => {
      const withZero = cells.map((row, r) => row.map((v, c) => (r * row.length + c) === zeroAt % (cells.length * row.length) ? 0 : v))
      const copy = withZero.map((row) => [...row])
      const raked = Raking.rake(withZero, rowSums(wanted), columnSums(wanted))
      raked.flat().forEach((v) => expect(v).toBeGreaterThanOrEqual(0))
      raked.forEach((row, r) => row.forEach((v, c) => withZero[r]![c] === 0 && expect(v).toBe(0)))
      expect(withZero).toEqual(copy)
      expect(Raking.rake(withZero, rowSums(wanted), columnSums(wanted))).toEqual(raked)
    })))

  it("keeps the proportions inside a row when only the columns' margins are given… and only the total of a free row moves", () => {
    // new × (industrial, other): only the sectors are published.
    const raked = Raking.rake([[10, 30], [20, 40]], [undefined, undefined], [60, 140])
    expect(columnSums(raked)).toEqual([60, 140])
    expect(raked[0]![0]! / raked[1]![0]!).toBeCloseTo(10 / 20, 12)
  })

  it("leaves a table already at its margins as it is, and a row of zeros unscaled", () => {
    expect(Raking.rake([[1, 2], [3, 4]], [3, 7], [4, 6])).toEqual([[1, 2], [3, 4]])
    expect(Raking.rake([[0, 0], [3, 4]], [5, undefined], [undefined, undefined])).toEqual([[0, 0], [3, 4]])
  })
})
