/** Writes scenarios/tables/mapping.schema.json from the mapping Schema: `pnpm mapping-schema`. */
import { writeFileSync } from "node:fs"
import { Mapping } from "../src/index.ts"

const out = process.argv[2] ?? "scenarios/tables/mapping.schema.json"
writeFileSync(out, Mapping.renderJsonSchema())
console.log(`wrote ${out}`)
