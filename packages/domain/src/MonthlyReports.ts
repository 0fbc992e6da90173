/**
 * A project's latest known investment report of each month (`yyyymm`): its amount, and the knowledge time and store
 * position of the version kept. A map from month to report, in one flat array of numbers, four per month, in the
 * order the months were first reported (a revision replaces its month's numbers in place, as a `Map` keeps a
 * key's place), so every sum over the reports adds the same amounts in the same order as the `Map` it replaces.
 *
 * A national portfolio folds hundreds of thousands of projects with a dozen reports or more each: as a `Map` of
 * report objects that was about 2 KB a project (the hash table, an object per report and a box per number), most
 * of the heap; here it is 32 bytes a report and the array's spare room. A project has a few dozen reports at most,
 * so a month is found by a scan.
 */
import { isLater } from "./internal/Versions.ts"

export interface Report {
  readonly amount: number
  readonly knownAt: number
  readonly position: number
}

const PERIOD = 0, AMOUNT = 1, KNOWN_AT = 2, POSITION = 3, WIDTH = 4

export class MonthlyReports implements Iterable<readonly [number, Report]> {
  /** period, amount, knownAt, position of each month, in first-reported order. */
  private readonly data: Array<number> = []

  /** How many months have a report. */
  get size(): number {
    return this.data.length / WIDTH
  }

  private indexOf(period: number): number {
    const data = this.data
    for (let k = 0; k < data.length; k += WIDTH) if (data[k] === period) return k
    return -1
  }

  /** The report kept for `period`, or `undefined`. */
  get(period: number): Report | undefined {
    const k = this.indexOf(period)
    return k < 0 ? undefined : this.reportAt(k)
  }

  /** The report whose numbers start at `k`, as an object. */
  private reportAt(k: number): Report {
    return { amount: this.data[k + AMOUNT]!, knownAt: this.data[k + KNOWN_AT]!, position: this.data[k + POSITION]! }
  }

  /** Replaces the numbers of the month at `k` (its period stays). */
  private write(k: number, amount: number, knownAt: number, position: number): void {
    this.data[k + AMOUNT] = amount
    this.data[k + KNOWN_AT] = knownAt
    this.data[k + POSITION] = position
  }

  /** The amount reported for `period`, or `undefined` (what `get(period)?.amount` gives, without a report object). */
  amountOf(period: number): number | undefined {
    const k = this.indexOf(period)
    return k < 0 ? undefined : this.data[k + AMOUNT]!
  }

  /** Keeps `report` as the month's: in the month's place when it has one, else after the others. */
  set(period: number, report: Report): this {
    const k = this.indexOf(period)
    if (k < 0) this.data.push(period, report.amount, report.knownAt, report.position)
    else this.write(k, report.amount, report.knownAt, report.position)
    return this
  }

  /**
   * Folds a version of the month's report: kept when the month has none yet, or when it is a later version than the
   * one kept (Versions.isLater: later knowledge time, ties by store position); the fold of every investment report.
   */
  keepLatest(period: number, amount: number, knownAt: number, position: number): void {
    const data = this.data
    const k = this.indexOf(period)
    if (k < 0) data.push(period, amount, knownAt, position)
    else if (isLater(knownAt, position, { knownAt: data[k + KNOWN_AT]!, position: data[k + POSITION]! })) this.write(k, amount, knownAt, position)
  }

  /** The months with a report, in first-reported order. */
  *keys(): IterableIterator<number> {
    for (let k = 0; k < this.data.length; k += WIDTH) yield this.data[k]!
  }

  /** Each month with its report, in first-reported order. */
  *[Symbol.iterator](): IterableIterator<readonly [number, Report]> {
    for (let k = 0; k < this.data.length; k += WIDTH) yield [this.data[k]!, this.reportAt(k)]
  }

  /** The sum of the amounts of the months `fromMonth` … `toMonth` (`yyyymm`, inclusive), in first-reported order. */
  sumBetween(fromMonth: number, toMonth: number): number {
    const data = this.data
    let sum = 0
    for (let k = 0; k < data.length; k += WIDTH) {
      const period = data[k]!
      if (period >= fromMonth && period <= toMonth) sum += data[k + AMOUNT]!
    }
    return sum
  }
}
