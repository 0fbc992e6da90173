/**
 * Which event store a command talks to: `--store`, else the
 * `GROUNDBREAK_STORE` environment variable, else the embedded SQLite file
 * `.groundbreak/groundbreak.sqlite` under the current directory. A
 * `postgres://` URL selects the shared PostgreSQL store.
 */
import { Option } from "effect"
import { Flag } from "effect/cli"
import { PostgresEventStore, SqliteEventStore } from "@groundbreak/event-store"

export const defaultStorePath = ".groundbreak/groundbreak.sqlite"

export const storeFlag = Flag.String("store").pipe(
  Flag.withDescription(
    `Event store: a SQLite file (default ${defaultStorePath}) or postgres://user@host:5432/db[?schema=NAME]; also $GROUNDBREAK_STORE`
  ),
  Flag.optional
)

export const resolveStore = (flag: Option.Option<string>): string =>
  Option.getOrElse(flag, () => process.env["GROUNDBREAK_STORE"] || defaultStorePath)

export const storeLayer = (spec: string) =>
  PostgresEventStore.isPostgresUrl(spec) ? PostgresEventStore.layer({ url: spec }) : SqliteEventStore.layer({ path: spec })
