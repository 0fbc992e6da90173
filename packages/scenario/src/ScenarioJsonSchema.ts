/**
 * The JSON Schema of scenario files, generated from the Schema so editors
 * can complete and check them (`# yaml-language-server: $schema=…`). Objects
 * that declare their properties reject unknown keys, as the loader does.
 *
 * A file with `extends` is only part of a scenario: the rest comes from its
 * base. For it, no key is required and any key may be `null` (which removes
 * the base's key), except inside arrays, which a child replaces whole. A file
 * without `extends` must be complete (`$defs.complete`).
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

/** What a file with `extends` may hold: objects merged into the base's, so nothing required and null allowed. */
const partial = (node: unknown): unknown => {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return node
  const out: Record<string, unknown> = { ...(node as Record<string, unknown>) }
  for (const union of ["anyOf", "oneOf"]) if (Array.isArray(out[union])) out[union] = (out[union] as Array<unknown>).map(partial)
  if (out["type"] === "object" && typeof out["properties"] === "object") {
    delete out["required"]
    out["properties"] = Object.fromEntries(Object.entries(out["properties"] as Record<string, unknown>).map(([key, value]) => [
      key,
      { anyOf: [partial(value), { type: "null", description: "removes the base's value" }] }
    ]))
  }
  return out
}

export const generate = (): object => {
  const document = Schema.toJsonSchemaDocument(Scenario)
  const complete = closeObjects(document.schema) as Record<string, unknown>
  const { title, description, ...body } = partial(complete) as Record<string, unknown>
  const { extends: extendsKey } = body["properties"] as Record<string, { anyOf: [unknown, unknown] }>
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://groundbreak.dev/scenario.schema.json",
    title,
    description,
    ...body,
    properties: { ...(body["properties"] as object), extends: extendsKey!.anyOf[0] },
    if: { not: { required: ["extends"] } },
    then: { $ref: "#/$defs/complete" },
    $defs: { complete, ...(closeObjects(document.definitions) as object) }
  }
}

export const render = (): string => JSON.stringify(generate(), null, 2) + "\n"

/** The JSON Schema of any other file format's Schema (rules and mapping files), objects closed as above. */
export const generateFor = (schema: Schema.Top, id: string): object => {
  const document = Schema.toJsonSchemaDocument(schema)
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: id,
    ...(closeObjects(document.schema) as object),
    ...(Object.keys(document.definitions).length > 0 ? { $defs: closeObjects(document.definitions) } : {})
  }
}
