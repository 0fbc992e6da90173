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
import { readFileSync } from "node:fs"
import { Effect, Result, Schema } from "effect"
import { isMap, isNode, isScalar, LineCounter, parseDocument } from "yaml"
import { Problems } from "@groundbreak/domain"
import { ScenarioJsonSchema } from "@groundbreak/scenario"
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

const decode = Schema.decodeUnknownResult(Mapping, { errors: "all", onExcessProperty: "error" })

/** Loads and checks a mapping file: `file:line:column: field.path: what was expected, found what`. */
export const load = (file: string): Effect.Effect<Mapping, MappingInvalid> =>
  Effect.suspend(() => {
    let text: string
    try {
      text = readFileSync(file, "utf8")
    } catch (error) {
      return Effect.fail(new MappingInvalid({ file, problems: [`${file}: cannot read the file: ${(error as Error).message}`] }))
    }
    const lineCounter = new LineCounter()
    const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false })
    const at = (offset: number) => {
      const pos = lineCounter.linePos(offset)
      return `${file}:${pos.line}:${pos.col}`
    }
    if (doc.errors.length > 0) return Effect.fail(new MappingInvalid({ file, problems: doc.errors.map((e) => `${at(e.pos[0])}: ${e.message.split("\n")[0]}`) }))
    const value = doc.toJS() as unknown
    const decoded = decode(value ?? {})
    if (Result.isSuccess(decoded)) return Effect.succeed(decoded.success)
    const problems = Problems.flatten(decoded.failure.issue, value).map((p) => {
      // An unknown key: the key itself; otherwise the deepest node of the path that exists in the file.
      let node: unknown
      if (p.kind === "unknown") {
        const parent = doc.getIn(p.path.slice(0, -1) as Array<unknown>, true)
        if (isMap(parent)) node = parent.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === String(p.path[p.path.length - 1]))?.key
      }
      for (let n = p.path.length; n >= 0 && !isNode(node); n--) node = doc.getIn(p.path.slice(0, n) as Array<unknown>, true)
      const offset = isNode(node) && node.range ? node.range[0] : 0
      return `${at(offset)}: ${Problems.describe(p, "unknown key (not part of the mapping format)")}`
    })
    return Effect.fail(new MappingInvalid({ file, problems }))
  })

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

/** Built-in sector spellings: the generator's English codes for the usual Chinese names. */
const defaultSectors: Readonly<Record<string, string>> = {
  工业: "industrial",
  工业项目: "industrial",
  产业: "industrial",
  产业项目: "industrial",
  基础设施: "infrastructure",
  基础设施项目: "infrastructure",
  基础设施类: "infrastructure",
  社会民生: "social",
  社会事业: "social",
  民生: "social",
  社会民生项目: "social"
}

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
  return defaultSectors[f] ?? f
}

/** How a sector code is written in a table of language `lang`. */
export const sectorLabel = (code: string, lang: "zh" | "en"): string =>
  lang === "en" ? code : ({ industrial: "工业", infrastructure: "基础设施", social: "社会民生" } as Record<string, string>)[code] ?? code

/** The JSON Schema of mapping files, for editors. */
export const jsonSchema = (): object => ScenarioJsonSchema.generateFor(Mapping, "https://groundbreak.dev/tables/mapping.schema.json")

export const renderJsonSchema = (): string => JSON.stringify(jsonSchema(), null, 2) + "\n"
