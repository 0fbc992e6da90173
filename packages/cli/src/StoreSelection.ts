/**
 * Which event store a command talks to: `--store`, else the
 * `GROUNDBREAK_STORE` environment variable, else the embedded SQLite file
 * `.groundbreak/groundbreak.sqlite` in the folder the user runs the command
 * from (`UserPaths`). A `postgres://` URL selects the shared PostgreSQL store;
 * a SQLite path is resolved against the user's folder. Only `import`
 * opens a store for writing (creating it when missing); every other command
 * opens it for reading, which refuses a missing or empty store.
 */
import { Effect, Layer, Option } from "effect"
import { Flag } from "effect/cli"
import { EventStore, PostgresEventStore, PostgresUrl, SqliteEventStore, StoreError } from "@groundbreak/event-store"
import * as UserPaths from "./UserPaths.ts"

export const defaultStorePath = ".groundbreak/groundbreak.sqlite"

export const storeFlag = Flag.String("store").pipe(
  Flag.withDescription(
    `Event store: a SQLite file (default ${defaultStorePath} in the current folder) or postgres://user@host:5432/db[?schema=NAME]; also $GROUNDBREAK_STORE`
  ),
  Flag.optional
)

/** The store named by `--store`, else `GROUNDBREAK_STORE`, else the default file; warns when `--store` carries a password. */
export const resolveStore = (flag: Option.Option<string>): string => {
  if (Option.isSome(flag) && PostgresUrl.isPostgresUrl(flag.value) && PostgresUrl.hasPassword(flag.value)) {
    process.stderr.write(
      "groundbreak: warning: a password given with --store shows in the process list (ps); use GROUNDBREAK_STORE, PGPASSWORD or ~/.pgpass instead\n"
    )
  }
  const spec = Option.getOrElse(flag, () => process.env["GROUNDBREAK_STORE"] || defaultStorePath)
  return PostgresUrl.isPostgresUrl(spec) ? spec : UserPaths.resolve(spec)
}

/**
 * The store as a layer. `write` creates it when missing; `read` never
 * creates or changes anything, and refuses a store that does not exist or
 * holds no events, so that a mistyped path is an error, not a table of zeros.
 */
export const storeLayer = (spec: string, mode: "read" | "write"): Layer.Layer<EventStore, StoreError> => {
  const store = PostgresEventStore.isPostgresUrl(spec)
    ? PostgresEventStore.layer({ url: spec, mode })
    : SqliteEventStore.layer({ path: spec, mode })
  if (mode === "write") return store
  return Layer.effect(EventStore, Effect.gen(function*() {
    const opened = yield* EventStore
    if ((yield* opened.head) === 0) {
      const name = PostgresEventStore.isPostgresUrl(spec) ? PostgresUrl.redact(spec) : spec
      return yield* new StoreError({ reason: `the store is empty: import a ledger first (${name} holds no events)` })
    }
    return opened
  })).pipe(Layer.provide(store))
}
