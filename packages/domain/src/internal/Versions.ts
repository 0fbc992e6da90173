/**
 * Which version of a fact wins when several are known: the later one by
 * knowledge time, ties broken by store position; and for a lifecycle date,
 * the earliest known.
 */

/** Whether a fact known at `knownAt` and recorded at `position` is a later version than `than`. */
export const isLater = (knownAt: number, position: number, than: { readonly knownAt: number; readonly position: number }): boolean =>
  knownAt > than.knownAt || (knownAt === than.knownAt && position > than.position)

/** The earlier of a known date (if any) and `day`. */
export const earliest = (current: number | undefined, day: number): number => current === undefined || day < current ? day : current
