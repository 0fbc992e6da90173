/**
 * The JSON Schema of scenario files, generated from the Schema so editors
 * can complete and check them (`# yaml-language-server: $schema=…`). Objects
 * that declare their properties reject unknown keys, as the loader does.
 */
import { Schema } from "effect"
import { Scenario } from "./Scenario.ts"

const closeObjects = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(closeObjects)
  if (typeof node !== "object" || node === null) return node
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) out[key] = closeObjects(value)
  if (out["type"] === "object" && "properties" in out && out["additionalProperties"] === true) out["additionalProperties"] = false
  return out
}

/** The JSON Schema of any file format's Schema (rules files use it too). */
export const generateFor = (schema: Schema.Top, id: string): object => {
  const document = Schema.toJsonSchemaDocument(schema)
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: id,
    ...(closeObjects(document.schema) as object),
    ...(Object.keys(document.definitions).length > 0 ? { $defs: closeObjects(document.definitions) } : {})
  }
}

export const generate = (): object => generateFor(Scenario, "https://groundbreak.dev/scenario.schema.json")

export const render = (): string => JSON.stringify(generate(), null, 2) + "\n"
