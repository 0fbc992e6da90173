import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Layer } from "effect"
import { MemoryEventStore, SqliteEventStore } from "../src/index.ts"
import { eventStoreConformance } from "./conformance.ts"

eventStoreConformance("in-memory", () => MemoryEventStore.layer)
eventStoreConformance("SQLite file", () =>
  Layer.fresh(SqliteEventStore.layer({ path: join(mkdtempSync(join(tmpdir(), "gb-store-")), "store.sqlite") })))
