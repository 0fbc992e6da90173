/**
 * The state the simulation starts from: every project on the year's plan
 * as known at the knowledge cut and as of the valid date D, in typed arrays
 * (months counted within the plan year: January = 1, earlier years ≤ 0),
 * with what the simulation reads beside them. PlanCompiler builds it from
 * the project facts; this module depends on nothing but the S-curve, so the
 * simulation's worker threads load it without the domain's schemas.
 */
import * as SCurve from "./SCurve.ts"

/** Month code for "not in range / never". */
export const NEVER = 99

export interface Compiled {
  readonly year: number
  /** D's month in the plan year, 1–12. */
  readonly asOfMonth: number
  readonly count: number
  readonly projectIds: ReadonlyArray<string>
  readonly districts: ReadonlyArray<string>
  readonly sectors: ReadonlyArray<string>
  readonly district: Int32Array
  readonly sector: Int32Array
  readonly isNew: Uint8Array
  readonly signed: Uint8Array
  readonly planned: Float64Array
  readonly total: Float64Array
  /** Start month if started by D, else NEVER. */
  readonly startMonth: Int32Array
  /** Planned start month (new projects; D's month when not given). */
  readonly plannedStart: Int32Array
  /** Commissioning month if commissioned by D, else NEVER. */
  readonly commissionedMonth: Int32Array
  readonly commissionedBeforeYear: Uint8Array
  readonly cancelled: Uint8Array
  /** Month the suspension in force on D began, else NEVER. */
  readonly suspendedSince: Int32Array
  readonly toppedOutMonth: Int32Array
  /** Investment of the plan year already reported (latest revisions), 万元. */
  readonly known: Float64Array
  /** Last month of the plan year with a report known, 0 when none. */
  readonly lastKnown: Int32Array
  /** Total investment not yet reported: the total (as {@link scaleOf} takes it) less every report known, all years, 万元. */
  readonly remaining: Float64Array
  /**
   * 1 when the reports cover the project's whole life (started by D, not before the ledger's first reported month,
   * with a total investment of its own), so {@link remaining} is what is left of its budget; else 0.
   */
  readonly reportedWhole: Uint8Array
}

/** Share of the work done in month m of a project started in month s that takes L months. */
export const workShare = (curve: SCurve.CurveTable, s: number, length: number, m: number): number =>
  SCurve.at(curve, m - s + 1, length) - SCurve.at(curve, m - s, length)

/**
 * `workShare` for every length the curve's table holds, looked up at `[curve.offsets[length] + m − s]` for
 * 0 ≤ m − s < length: the same differences of the same numbers, computed once instead of in the hot loop.
 */
export const workShares = (curve: SCurve.CurveTable): Float64Array => {
  const shares = new Float64Array(curve.values.length)
  for (let length = 1; length <= curve.maxLength; length++) {
    for (let k = 0; k < length; k++) shares[curve.offsets[length]! + k] = workShare(curve, 0, length, k)
  }
  return shares
}

export const unknownLabel = "(unknown)"

/**
 * A typed array over shared memory: the simulation's worker threads receive the compiled plan without a copy each
 * (about 64 bytes a project: 32 MB per worker on a national plan of 500,000 projects).
 */
export const shared = <A extends Int32Array | Uint8Array | Uint32Array | Float64Array>(
  Type: { new(buffer: SharedArrayBuffer): A; readonly BYTES_PER_ELEMENT: number },
  n: number
): A => new Type(new SharedArrayBuffer(n * Type.BYTES_PER_ELEMENT))
