/**
 * Which event store a command talks to: `--store`, else the
 * `GROUNDBREAK_STORE` environment variable, else the embedded SQLite file
 * `.groundbreak/groundbreak.sqlite` under the current directory.
 */
import { Flag } from "effect/cli"
import { Option } from "effect"
import { SqliteEventStore } from "@groundbreak/event-store"

export const defaultStorePath = ".groundbreak/groundbreak.sqlite"

export const storeFlag = Flag.String("store").pipe(
  Flag.withDescription(`Event store: a SQLite file path (default ${defaultStorePath}, or $GROUNDBREAK_STORE)`),
  Flag.optional
)

export const resolveStore = (flag: Option.Option<string>): string =>
  Option.getOrElse(flag, () => process.env["GROUNDBREAK_STORE"] || defaultStorePath)

export const storeLayer = (spec: string) => SqliteEventStore.layer({ path: spec })
