/**
 * The small integer fields of an event's compact form (key, is-new bit,
 * planned start) packed into one stored column. Plain arithmetic with no
 * imports, so the SQLite bulk-write thread loads it without the domain.
 */

/** key (a year or a yyyymm) · is-new bit · planned start (yyyymm, < 2^20), in one integer below 2^53. */
export const packAttrsOf = (key: number, isNew: number, plannedStart: number): number => (key * 2 + isNew) * 1_048_576 + plannedStart
export const plannedStartOf = (attrs: number): number => attrs % 1_048_576
export const isNewOf = (attrs: number): number => Math.floor(attrs / 1_048_576) % 2
export const keyOf = (attrs: number): number => Math.floor(attrs / 2_097_152)
