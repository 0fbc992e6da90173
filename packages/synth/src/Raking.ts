/**
 * Raking (iterative proportional fitting): a two-way table of non-negative
 * cells is scaled, rows then columns, round after round, until its row and
 * column sums meet the wanted margins, keeping the table's inner proportions
 * as far as the margins allow. Synthesis rakes the known year-to-date
 * investment over kind × sector to the published totals.
 */

/** A margin per row (or column); `undefined` leaves that row free. */
export type Margins = ReadonlyArray<number | undefined>

const sum = (values: ReadonlyArray<number>): number => values.reduce((a, b) => a + b, 0)

const met = (have: number, want: number | undefined): boolean => want === undefined || Math.abs(have - want) <= 1e-12 * Math.max(1, Math.abs(want))

/**
 * `cells` (rows × columns) scaled to the margins, round after round until
 * every margin is met (to 1e-12 of itself) or `maxRounds` have passed. A row
 * or column whose cells sum to zero cannot be scaled and is left as it is;
 * cells that are zero stay zero. Pure: `cells` is not changed.
 */
export const rake = (
  cells: ReadonlyArray<ReadonlyArray<number>>,
  rowMargins: Margins,
  columnMargins: Margins,
  maxRounds = 10_000
): Array<Array<number>> => {
  const table = cells.map((row) => [...row])
  const columns = table[0]?.length ?? 0
  const columnSum = (c: number) => sum(table.map((row) => row[c]!))
  const scalable = (have: number, want: number | undefined) => want !== undefined && have > 0
  for (let round = 0; round < maxRounds; round++) {
    table.forEach((row, r) => {
      const want = rowMargins[r], have = sum(row)
      if (scalable(have, want)) for (let c = 0; c < columns; c++) row[c] = row[c]! * (want! / have)
    })
    for (let c = 0; c < columns; c++) {
      const want = columnMargins[c], have = columnSum(c)
      if (scalable(have, want)) for (const row of table) row[c] = row[c]! * (want! / have)
    }
    const done = table.every((row, r) => sum(row) === 0 || met(sum(row), rowMargins[r])) &&
      Array.from({ length: columns }, (_, c) => c).every((c) => columnSum(c) === 0 || met(columnSum(c), columnMargins[c]))
    if (done) break
  }
  return table
}
