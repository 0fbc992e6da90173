import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Layer } from "effect"
import { MemoryEventStore, SqliteEventStore } from "../src/index.ts"
import { eventStoreConformance, type Opener } from "./conformance.ts"

eventStoreConformance("in-memory", (): Opener => {
  const storage = MemoryEventStore.emptyStorage()
  return (options) => MemoryEventStore.layerWith({ ...options, storage })
})
eventStoreConformance("SQLite file", (): Opener => {
  const path = join(mkdtempSync(join(tmpdir(), "gb-store-")), "store.sqlite")
  return (options) => Layer.fresh(SqliteEventStore.layer({ path, ...options }))
})
