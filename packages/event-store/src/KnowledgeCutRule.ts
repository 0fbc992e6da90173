/**
 * How every store applies a knowledge cut, in one place (the cut itself, parsed
 * once at the edge, is the domain's `KnowledgeCut`; stores take its instant
 * `cut.at`): an event is known by the cut `K` (epoch milliseconds) when it
 * became known at or before `K`,
 * i.e. `knownAt ≤ K`, to the millisecond. Its valid time (`occurredOn`) plays
 * no part: an event that occurred before the cut but was learnt after it is
 * not known by the cut.
 *
 * Stores that filter rows in JavaScript (memory, SQLite) call the domain's rule
 * {@link isKnownBy}; stores that filter in SQL (PostgreSQL) write
 * {@link knownBySql}. The two are the same comparison, and the conformance
 * suite holds every store to it at the boundaries (the exact millisecond,
 * one on either side, offsets other than China time, events known days after
 * they occurred).
 */

import { KnowledgeCut } from "@groundbreak/domain"

/** True when an event known at `knownAt` (epoch ms) is known by the cut `knownBy` (epoch ms): the domain's rule. */
export const isKnownBy = KnowledgeCut.isKnownBy

/** The same rule as a SQL condition: `column` holds knownAt in epoch ms, `parameter` is the cut's placeholder (e.g. `$1`). */
export const knownBySql = (column: string, parameter: string): string => `${column} <= ${parameter}`
