/**
 * The SQLite store's tables: the migrations that create them (migration `n`
 * is the statement at index `n - 1`; the file's `user_version` counts those
 * applied), and the secondary indexes, named once so that a bulk load into
 * an empty store can build them after the rows instead of row by row.
 */
import { EventTypes } from "@groundbreak/domain"

/**
 * The stored type code of a signing, the one event whose district and sector a replay reads. Taken from the domain's
 * event-type table, never written out: the partial index and the query that reads it must name the same code (SQLite
 * uses the index only when the query's condition matches the index's).
 */
export const signedCode = EventTypes.code("ProjectSigned")

/** The indexes on events beyond the primary key and the event id's uniqueness: what the append rules and replays need. */
export const secondaryIndexes = {
  events_stream_version: `CREATE UNIQUE INDEX events_stream_version ON events(stream_id, version)`,
  // District and sector are read only for signings: a small covering index keeps them out of the replay scan.
  events_signed: `CREATE INDEX events_signed ON events(position, district, sector) WHERE type = ${signedCode}`
} as const

export const migrations: ReadonlyArray<string> = [
  `CREATE TABLE streams (
    stream_id INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL UNIQUE,
    version INTEGER NOT NULL
  )`,
  `CREATE TABLE events (
    position INTEGER PRIMARY KEY,
    stream_id INTEGER NOT NULL REFERENCES streams(stream_id),
    version INTEGER NOT NULL,
    event_id TEXT NOT NULL UNIQUE,
    schema_version INTEGER NOT NULL,
    type INTEGER NOT NULL,
    occurred_on INTEGER NOT NULL,
    known_at INTEGER NOT NULL,
    attrs INTEGER NOT NULL,
    amount REAL NOT NULL,
    district TEXT,
    sector TEXT,
    payload TEXT NOT NULL
  )`,
  secondaryIndexes.events_stream_version,
  secondaryIndexes.events_signed,
  // Rows written since keep only what the columns do not (knownAt as written, and the data) instead of the whole line.
  `ALTER TABLE events ADD COLUMN known_at_text TEXT`
]
