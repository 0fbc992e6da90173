/**
 * The warning rules of a city (预警规则), as data: each rule is a set of
 * conditions on a project's state as of D, known at K, and the colour and
 * reason (in Chinese and English) it gives when they all hold. A city
 * changes thresholds in its rules file, not in code.
 */
import { Schema } from "effect"

const describe = <S extends Schema.Top>(schema: S, description: string): S => schema.annotate({ description }) as S

const Finite = Schema.Finite
const Text = Schema.String.check(Schema.makeFilter((s: string) => s.trim().length > 0, { expected: "a non-empty string" }))

/** How the time-elapsed pace (序时进度) is measured. */
export const PaceKind = describe(
  Schema.Literals(["days", "months", "seasonal"]),
  "\"days\" | \"months\" | \"seasonal\" (days elapsed / days in the year; months of data / 12; the share usually completed by then in earlier complete years)"
)
export type PaceKind = typeof PaceKind.Type

/** A range of a measure: every bound given must hold. */
export const Range = describe(
  Schema.Struct({
    atLeast: Schema.optionalKey(Finite),
    moreThan: Schema.optionalKey(Finite),
    atMost: Schema.optionalKey(Finite),
    lessThan: Schema.optionalKey(Finite)
  }).check(Schema.makeFilter((r: object) => Object.keys(r).length > 0 || "give at least one of atLeast, moreThan, atMost, lessThan")),
  "Bounds on a measure: {atLeast, moreThan, atMost, lessThan}, each optional, all given must hold"
)
export type Range = typeof Range.Type

export const inRange = (value: number, r: Range): boolean =>
  (r.atLeast === undefined || value >= r.atLeast) &&
  (r.moreThan === undefined || value > r.moreThan) &&
  (r.atMost === undefined || value <= r.atMost) &&
  (r.lessThan === undefined || value < r.lessThan)

/** The measures a condition can bound (each undefined for a project it does not apply to). */
export const measures = [
  "startOverdueMonths",
  "pointsBehindPace",
  "suspendedDays",
  "monthsWithoutInvestment",
  "planCutShare"
] as const
export type Measure = (typeof measures)[number]

export const Conditions = describe(
  Schema.Struct({
    startOverdueMonths: Schema.optionalKey(describe(Range,
      "New project not started by D: calendar months from its planned start month to D's month (1 = it missed its planned start month)")),
    pointsBehindPace: Schema.optionalKey(describe(Range,
      "Pace − progress in percentage points, rounded half-up to 0.1 as printed; progress = completed this year / annual plan")),
    suspendedDays: Schema.optionalKey(describe(Range, "Suspended on D: days since the suspension began")),
    monthsWithoutInvestment: Schema.optionalKey(describe(Range,
      "Started, not commissioned or cancelled by D: months from the last month with investment reported (else the start month) to D's month")),
    planCutShare: Schema.optionalKey(describe(Range,
      "The year's plan revised downwards: (first known plan − latest plan) / first known plan, as a fraction")),
    kind: Schema.optionalKey(Schema.Literals(["new", "continuing"])),
    started: Schema.optionalKey(describe(Schema.Boolean, "Whether the project has started by D"))
  }).check(Schema.makeFilter((c: object) =>
    measures.some((m) => m in c) || "a rule needs at least one measure: " + measures.join(", "))),
  "Conditions on the project's state as of D known at K; all must hold"
)
export type Conditions = typeof Conditions.Type

/** Placeholders a reason may use: `{pointsBehindPace}` etc. */
export const placeholders = [...measures, "progress", "pace", "plannedStart", "probability"] as const

const Template = Text.check(Schema.makeFilter((s: string) => {
  const unknown = [...s.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).filter((p) => !(placeholders as ReadonlyArray<string>).includes(p))
  return unknown.length === 0 || `unknown placeholder {${unknown[0]}}; use one of ${placeholders.map((p) => `{${p}}`).join(", ")}`
}))

export const Reason = describe(Schema.Struct({ zh: Template, en: Template }), "The reason shown, in Chinese and English; {measure} placeholders are filled in")
export type Reason = typeof Reason.Type

export const Colour = describe(Schema.Literals(["red", "yellow"]), "\"red\" | \"yellow\"")
export type Colour = typeof Colour.Type | "green"

export const Rule = Schema.Struct({
  id: describe(Text, "A short name for the rule, shown in JSON and CSV"),
  colour: Colour,
  when: Conditions,
  /** This rule's pace (default: the file's). */
  pace: Schema.optionalKey(PaceKind),
  reason: Reason
})
export type Rule = typeof Rule.Type

export const RulesFile = Schema.Struct({
  name: Text,
  /** The pace progress is measured against, unless a rule says otherwise; also the ranking's. */
  pace: PaceKind,
  rules: Schema.Array(Rule),
  recovery: Schema.optionalKey(describe(
    Schema.Struct({ colour: Schema.Literal("yellow"), reason: Reason }),
    "A project red at the previous monthly meeting that no red rule catches now turns this colour (red → yellow once caught up)"
  )),
  likelyToMiss: Schema.optionalKey(describe(
    Schema.Struct({ probability: Range, reason: Reason }),
    "With --forecast: a green or yellow project whose simulated probability of missing its annual plan (or, for a new project not started, of not starting by 31 December) is in this range"
  ))
})
export type RulesFile = typeof RulesFile.Type

/** The worse of two colours. */
export const worse = (a: Colour, b: Colour): Colour => (a === "red" || b === "red" ? "red" : a === "yellow" || b === "yellow" ? "yellow" : "green")

/**
 * The points behind the pace from which the rules give yellow and red (the
 * lowest lower bound of `pointsBehindPace` among rules of that colour), for
 * charts that colour groups the way the rules colour projects.
 */
export const progressBands = (file: RulesFile): { readonly yellow: number | null; readonly red: number | null } => {
  const from = (colour: "red" | "yellow") => {
    const bounds = file.rules.filter((r) => r.colour === colour && r.when.pointsBehindPace !== undefined)
      .map((r) => r.when.pointsBehindPace!.atLeast ?? r.when.pointsBehindPace!.moreThan)
      .filter((b): b is number => b !== undefined)
    return bounds.length === 0 ? null : Math.min(...bounds)
  }
  return { yellow: from("yellow"), red: from("red") }
}
