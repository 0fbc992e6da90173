/**
 * The JSON Schema of scenario files, generated from the Schema so editors
 * can complete and check them (`# yaml-language-server: $schema=…`). Objects
 * that declare their properties reject unknown keys, as the loader does.
 */
import { Schema } from "effect"
import { Scenario } from "./Scenario.ts"

/** Objects that declare their properties reject unknown keys. */
export const closeObjects = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(closeObjects)
  if (typeof node !== "object" || node === null) return node
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) out[key] = closeObjects(value)
  if (out["type"] === "object" && "properties" in out && out["additionalProperties"] === true) out["additionalProperties"] = false
  return out
}

export const generate = (): object => {
  const document = Schema.toJsonSchemaDocument(Scenario)
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://groundbreak.dev/scenario.schema.json",
    ...(closeObjects(document.schema) as object),
    ...(Object.keys(document.definitions).length > 0 ? { $defs: closeObjects(document.definitions) } : {})
  }
}

export const render = (): string => JSON.stringify(generate(), null, 2) + "\n"
