/** Writes scenarios/scenario.schema.json from the Schema: `pnpm scenario-schema`. */
import { writeFileSync } from "node:fs"
import { ScenarioJsonSchema } from "../src/index.ts"

const out = process.argv[2] ?? "scenarios/scenario.schema.json"
writeFileSync(out, ScenarioJsonSchema.render())
console.log(`wrote ${out}`)
