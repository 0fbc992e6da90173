/**
 * Which event store a command talks to: `--store`, else the
 * `GROUNDBREAK_STORE` environment variable, else the embedded SQLite file
 * `.groundbreak/groundbreak.sqlite` in the folder the user runs the command
 * from (`UserPaths`). A `postgres://` URL selects the shared PostgreSQL store;
 * a SQLite path is resolved against the user's folder.
 */
import { Option } from "effect"
import { Flag } from "effect/cli"
import { PostgresEventStore, SqliteEventStore } from "@groundbreak/event-store"
import * as UserPaths from "./UserPaths.ts"

export const defaultStorePath = ".groundbreak/groundbreak.sqlite"

export const storeFlag = Flag.String("store").pipe(
  Flag.withDescription(
    `Event store: a SQLite file (default ${defaultStorePath} in the current folder) or postgres://user@host:5432/db[?schema=NAME]; also $GROUNDBREAK_STORE`
  ),
  Flag.optional
)

export const resolveStore = (flag: Option.Option<string>): string => {
  const spec = Option.getOrElse(flag, () => process.env["GROUNDBREAK_STORE"] || defaultStorePath)
  return PostgresEventStore.isPostgresUrl(spec) ? spec : UserPaths.resolve(spec)
}

export const storeLayer = (spec: string) =>
  PostgresEventStore.isPostgresUrl(spec) ? PostgresEventStore.layer({ url: spec }) : SqliteEventStore.layer({ path: spec })
