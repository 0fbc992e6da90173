/** The mapping file's JSON Schema, shipped for editors, is the one the Schema generates. */
import { readFileSync } from "node:fs"
import { resolve } from "node:path"
import { describe, expect, it } from "vitest"
import { Mapping } from "../src/index.ts"

describe("the mapping JSON Schema", () => {
  it("is up to date (regenerate with pnpm mapping-schema)", () => {
    const shipped = readFileSync(resolve(import.meta.dirname, "../../../scenarios/tables/mapping.schema.json"), "utf8")
    expect(shipped).toBe(Mapping.renderJsonSchema())
  })
  it("rejects unknown keys, as the loader does", () => {
    const schema = Mapping.jsonSchema() as { additionalProperties?: boolean; properties: { headers: { additionalProperties?: boolean } } }
    expect([schema.additionalProperties, schema.properties.headers.additionalProperties]).toEqual([false, false])
  })
})
