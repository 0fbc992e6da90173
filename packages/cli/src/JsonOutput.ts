/**
 * The JSON every command prints: money in 万元 rounded to 0.01 (whole
 * hundreds of yuan, as events carry it), ratios as fractions, and the units
 * stated once in a top-level `units` object.
 */
import { Units } from "@groundbreak/domain"

export const units = { money: "万元", rates: "fraction" } as const

/** Money rounded to 0.01 万元. */
export const money = (value: number): number => Number.isFinite(value) ? Units.roundHalfUp(value, 2) : value
export const moneyOrNull = (value: number | null): number | null => value === null ? null : money(value)

/** Every number of a record (a distribution, a set of scores) as money. */
export const moneyRecord = <T extends object>(record: T): T =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === "number" ? money(v) : v])) as T

/** The document: `units` first, then the body. */
export const document = (body: object): string => JSON.stringify({ units, ...body }, null, 2)
