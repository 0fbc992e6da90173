/** Writes the test fixtures with exceljs and iconv-lite: `pnpm table-fixtures`. */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fixtures } from "../test/fixtureWorkbooks.ts"

const dir = process.argv[2] ?? "packages/tables/test/fixtures"
mkdirSync(dir, { recursive: true })
for (const f of await fixtures()) {
  writeFileSync(join(dir, f.name), f.bytes)
  console.log(`wrote ${join(dir, f.name)}`)
}
