/**
 * A city's own table conventions, in a YAML (or JSON) mapping file: its
 * header spellings for each column, its district and sector spellings, the
 * sheet to read and the money unit when the table does not say. Checked
 * against its Schema (unknown keys are errors) with errors that point into
 * the file; `tables/mapping.schema.json` is generated from the same Schema.
 *
 * ```yaml
 * sheet: 进展表
 * unit: 万元
 * headers:
 *   projectId: [项目代码]
 *   yearToDate: [本年完成投资额]
 * districts: { 海州: 海州区 }
 * sectors: { 制造业: industrial }
 * ```
 */
import { Effect, Schema } from "effect"
import { Sectors } from "@groundbreak/domain"
import { ScenarioFile, ScenarioJsonSchema } from "@groundbreak/scenario"
import * as Columns from "./Columns.ts"

const Spellings = Schema.Array(Schema.String)

export const MoneyUnit = Schema.Literals(["万元", "亿元"])
export type MoneyUnit = typeof MoneyUnit.Type

export const Mapping = Schema.Struct({
  sheet: Schema.optionalKey(Schema.String.annotate({ description: "The sheet to read (default: the first sheet with a recognised header)" })),
  unit: Schema.optionalKey(MoneyUnit.annotate({ description: "万元 or 亿元, the money unit when neither a unit row nor a header names one (default 万元)" })),
  headers: Schema.optionalKey(
    Schema.Struct(Object.fromEntries(Columns.fields.map((f) => [f, Schema.optionalKey(Spellings)])) as {
      readonly [F in Columns.Field]: Schema.optionalKey<typeof Spellings>
    }).annotate({ description: "Extra header spellings per column, tried before the built-in ones" })
  ),
  districts: Schema.optionalKey(Schema.Record(Schema.String, Schema.String).annotate({ description: "District spelling → the name the store uses" })),
  sectors: Schema.optionalKey(Schema.Record(Schema.String, Schema.String).annotate({ description: "Sector spelling → the name the store uses" }))
})
export type Mapping = typeof Mapping.Type

export const empty: Mapping = {}

export class MappingInvalid extends Schema.TaggedError<MappingInvalid>()("MappingInvalid", {
  file: Schema.String,
  problems: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return [...this.problems, `${this.problems.length} problem(s) in ${this.file}`].join("\n")
  }
}

/**
 * Loads and checks a mapping file, read as safely as a scenario (a regular file under the size limit, with a
 * timeout) and located the same way: `file:line:column: field.path: what was expected, found what`.
 */
export const load = (file: string): Effect.Effect<Mapping, MappingInvalid> =>
  ScenarioFile.loadWith(file, Mapping, {
    notAMapping: "a mapping file is a mapping of keys (sheet, unit, headers, districts, sectors)",
    unknownKey: "unknown key (not part of the mapping format)"
  }).pipe(
    Effect.map(({ value }) => value),
    Effect.mapError((e) => new MappingInvalid({ file: e.file, problems: e.problems.map(ScenarioFile.formatLocated) }))
  )

/** The field a header names: the mapping's spellings first, then the built-in ones. */
export const fieldOf = (mapping: Mapping, header: string): Columns.Field | undefined => {
  const h = Columns.normalizeHeader(header)
  if (h.length === 0) return undefined
  for (const field of Columns.fields) {
    const spellings = mapping.headers?.[field]
    if (spellings?.some((s) => Columns.normalizeHeader(s) === h)) return field
  }
  return Columns.defaultFieldOf(header)
}

/** Spellings folded for comparison: full-width to half-width, no spaces. */
const fold = (text: string): string => text.normalize("NFKC").replace(/[\s\u3000]+/g, "")

/** The district the store uses for a spelling in the table. */
export const district = (mapping: Mapping, spelling: string): string => {
  const f = fold(spelling)
  for (const [from, to] of Object.entries(mapping.districts ?? {})) if (fold(from) === f) return to
  return f
}

/** The sector the store uses for a spelling in the table. */
export const sector = (mapping: Mapping, spelling: string): string => {
  const f = fold(spelling)
  for (const [from, to] of Object.entries(mapping.sectors ?? {})) if (fold(from) === f) return to
  return Sectors.codeOf(f) ?? f
}

/** How a sector code is written in a table of language `lang` (the one sector mapping, `Sectors`). */
export const sectorLabel = (code: string, lang: "zh" | "en"): string => Sectors.label(code, lang)

/** The JSON Schema of mapping files, for editors. */
export const jsonSchema = (): object => ScenarioJsonSchema.generateFor(Mapping, "https://groundbreak.dev/tables/mapping.schema.json")

export const renderJsonSchema = (): string => JSON.stringify(jsonSchema(), null, 2) + "\n"
