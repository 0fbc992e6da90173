/** Writes scenarios/rules.schema.json from the Schema: `pnpm rules-schema`. */
import { writeFileSync } from "node:fs"
import { RulesJsonSchema } from "../src/index.ts"

const out = process.argv[2] ?? "scenarios/rules.schema.json"
writeFileSync(out, RulesJsonSchema.render())
console.log(`wrote ${out}`)
