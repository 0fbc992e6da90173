/**
 * The scenario file: the question a planner asks ("what if the cold wave
 * stops northern sites a month early?") as data. A scenario names the
 * portfolio, the plan year and the forecast date, the targets, the
 * simulation settings and the assumptions. Every assumption may be a fixed
 * number or a distribution; its uncertainty flows through the simulation.
 */
import { Schema } from "effect"
import { Calendar, Units } from "@groundbreak/domain"

const describe = <S extends Schema.Top>(schema: S, description: string): S => schema.annotate({ description }) as S

const Finite = Schema.Finite

const show = (n: number): string => String(n)

/**
 * A number in [min, max], checked by the loader and written into the JSON
 * Schema (`minimum`/`maximum`), so an editor refuses what the CLI refuses.
 */
const within = (min: number, max: number, expected: string, hint?: (n: number) => string | undefined) =>
  Schema.Finite.check(Schema.makeFilter(
    (n: number) => (n >= min && n <= max) || `expected ${expected}, found ${show(n)}${hint?.(n) ?? ""}`,
    { expected, toJsonSchema: () => ({ minimum: min, maximum: max }) }
  ))

/** A rate written as a percentage (90 for 0.9) is the usual mistake: suggest the fraction. */
const percentHint = (n: number): string | undefined => n >= 2 && n <= 100 ? `; did you mean ${show(Number((n / 100).toPrecision(6)))}?` : undefined

/** The largest amount of money a scenario may name: 10^12 万元. */
export const maxMoney = 1e12

const NonNegative = within(0, Number.MAX_VALUE, "a number ≥ 0")
const Positive = Schema.Finite.check(Schema.makeFilter((n: number) => n > 0 || `expected a number > 0, found ${show(n)}`, {
  expected: "a number > 0",
  toJsonSchema: () => ({ exclusiveMinimum: 0 })
}))
const Fraction = within(0, 1, "a fraction 0–1", percentHint)
const MoneyAmount = within(0, maxMoney, "an amount ≥ 0 (at most 10^12)")
const Text = Schema.String.check(Schema.makeFilter((s: string) => s.trim().length > 0, { expected: "a non-empty string", toJsonSchema: () => ({ minLength: 1, pattern: "\\S" }) }))

export const IsoDate = Schema.String.check(Schema.makeFilter(Calendar.isDate, {
  expected: "a date YYYY-MM-DD",
  toJsonSchema: () => ({ format: "date", pattern: "^\\d{4}-\\d{2}-\\d{2}$" })
}))
export const KnowledgeCut = Schema.String.check(
  Schema.makeFilter((s: string) => Calendar.parseKnowledgeCut(s) !== undefined, {
    expected: "a date YYYY-MM-DD (end of that day, China time) or a date-time with offset",
    toJsonSchema: () => ({ anyOf: [{ format: "date" }, { format: "date-time" }] })
  })
)

// ── Quantities: a fixed number or a distribution ────────────────────────────

/** The distributions, with their location parameters drawn from `Bound` (a range the quantity must keep to). */
const distributions = (Bound: typeof Schema.Finite) => {
  const Normal = Schema.Struct({ dist: Schema.Literal("normal"), mean: Bound, sd: NonNegative })
  const Uniform = Schema.Struct({ dist: Schema.Literal("uniform"), min: Bound, max: Bound }).check(
    Schema.makeFilter((u: { min: number; max: number }) => u.min <= u.max || { path: ["max"], issue: "max must be ≥ min" })
  )
  const Triangular = Schema.Struct({ dist: Schema.Literal("triangular"), min: Bound, mode: Bound, max: Bound }).check(
    Schema.makeFilter((t: { min: number; mode: number; max: number }) =>
      (t.min <= t.mode && t.mode <= t.max) || { path: ["mode"], issue: "expected min ≤ mode ≤ max" })
  )
  const LogNormal = Schema.Struct({ dist: Schema.Literal("lognormal"), median: Bound.check(Schema.makeFilter((n: number) => n > 0 || `expected a median > 0, found ${show(n)}`, { toJsonSchema: () => ({ exclusiveMinimum: 0 }) })), sigma: NonNegative })
  return { Normal, Uniform, Triangular, LogNormal, Distribution: Schema.Union([Normal, Uniform, Triangular, LogNormal]) }
}

const unbounded = distributions(Finite)
export const Normal = unbounded.Normal
export const Uniform = unbounded.Uniform
export const Triangular = unbounded.Triangular
export const LogNormal = unbounded.LogNormal
export const Distribution = unbounded.Distribution
export type Distribution = typeof Distribution.Type

const quantityHelp = "{dist: normal, mean, sd} | {dist: uniform, min, max} | {dist: triangular, min, mode, max} | {dist: lognormal, median, sigma}"

/** A number in `Bound`, or a distribution whose location parameters are in it (draws are clamped to the range). */
const quantityOf = (Bound: typeof Schema.Finite, what: string) =>
  describe(Schema.Union([Bound, distributions(Bound).Distribution]), `${what}, or ${quantityHelp}`)

/** A number, or a distribution it is drawn from (once per simulated path). */
export const Quantity = quantityOf(Finite, "A number")
export type Quantity = typeof Quantity.Type
/** A probability or a share: 0–1. */
export const FractionQuantity = quantityOf(Fraction, "A fraction 0–1")
/** A multiplier or an amount: ≥ 0. */
export const NonNegativeQuantity = quantityOf(NonNegative, "A number ≥ 0")
const MoneyValue = quantityOf(MoneyAmount, "An amount ≥ 0")

export const MoneyUnit = describe(Schema.Literals(["万元", "亿元"]), "万元 (10,000 yuan) or 亿元 (100,000,000 yuan)")
export type MoneyUnit = typeof MoneyUnit.Type

/** Money with its unit spelled out: `{unit: 亿元, value: 1600}`. */
export const Money = Schema.Struct({ unit: MoneyUnit, value: MoneyAmount })
export const MoneyQuantity = Schema.Struct({ unit: MoneyUnit, value: MoneyValue })

// ── Scope: which projects an assumption touches ─────────────────────────────

export const Scope = describe(
  Schema.Struct({
    districts: Schema.optionalKey(Schema.Array(Text)),
    sectors: Schema.optionalKey(Schema.Array(Text)),
    kinds: Schema.optionalKey(Schema.Array(Schema.Literals(["new", "continuing"])))
  }),
  "Projects in any of the listed districts, sectors and kinds (an omitted list matches all)"
)
export type Scope = typeof Scope.Type

// ── Assumptions ─────────────────────────────────────────────────────────────

const MonthKey = Schema.String.check(Schema.makeFilter((k: string) => /^(1[0-2]|[1-9])$/.test(k), {
  expected: "a month number 1–12",
  toJsonSchema: () => ({ pattern: "^(1[0-2]|[1-9])$" })
}))

export const Pace = describe(
  Schema.Struct({
    overall: Schema.optionalKey(NonNegativeQuantity),
    byDistrict: Schema.optionalKey(Schema.Record(Text, NonNegativeQuantity)),
    bySector: Schema.optionalKey(Schema.Record(Text, NonNegativeQuantity)),
    byMonth: Schema.optionalKey(Schema.Record(MonthKey, NonNegativeQuantity))
  }),
  "Multipliers of the monthly investment pace (1 = as estimated)"
)

export const Pause = Schema.Struct({
  name: Text,
  from: IsoDate,
  to: IsoDate,
  scope: Schema.optionalKey(Scope),
  intensity: describe(FractionQuantity, "Share of the work stopped while the pause lasts, 0–1"),
  blocksStarts: Schema.optionalKey(describe(Schema.Boolean, "Whether new starts wait for the pause to end (default true)"))
}).check(Schema.makeFilter((p: { from: string; to: string }) => p.from <= p.to || { path: ["to"], issue: "the pause must end on or after it starts" }))
export type Pause = typeof Pause.Type

export const ExtraProjects = Schema.Struct({
  name: Text,
  perMonth: describe(Schema.Record(MonthKey, within(0, 100_000, "a number of projects 0–100,000")), "How many projects are signed and put on the plan in each month, e.g. {\"10\": 5}"),
  size: describe(MoneyQuantity, "Total investment of each project"),
  planShare: Schema.optionalKey(describe(Fraction, "Share of the total investment planned for this year (default 0.3)")),
  startProbability: describe(FractionQuantity, "Probability that such a project starts this year"),
  district: Schema.optionalKey(Text),
  sector: Schema.optionalKey(Text)
})
export type ExtraProjects = typeof ExtraProjects.Type

/** The simulator keeps the pauses covering a project in a 32-bit mask. */
export const maxPauses = 32

export const Assumptions = Schema.Struct({
  pace: Schema.optionalKey(Pace),
  startDelayShift: Schema.optionalKey(describe(quantityOf(within(-36, 36, "a number of months −36 to 36"), "A number of months −36 to 36"), "Months added to every start delay still to come (negative = earlier)")),
  pauses: Schema.optionalKey(Schema.Array(Pause).check(Schema.makeFilter(
    (pauses: ReadonlyArray<unknown>) => pauses.length <= maxPauses || `expected at most ${maxPauses} pauses, found ${pauses.length}; merge pauses that share a scope`,
    { expected: `at most ${maxPauses} pauses`, toJsonSchema: () => ({ maxItems: maxPauses }) }
  ))),
  extraProjects: Schema.optionalKey(Schema.Array(ExtraProjects)),
  cancellationProbability: Schema.optionalKey(describe(FractionQuantity, "Probability that a project not yet commissioned is cancelled before year end"))
})
export type Assumptions = typeof Assumptions.Type

// ── Where the projects come from: a store, or a synthesized portfolio reproducing published facts ────

const Count = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0, { expected: "a count ≥ 0" }))

export const PublishedFigures = Schema.Struct({
  projects: Schema.optionalKey(Count),
  newProjects: Schema.optionalKey(Count),
  newStarted: Schema.optionalKey(Count),
  startRate: Schema.optionalKey(Fraction),
  continuingProjects: Schema.optionalKey(Count),
  continuingActive: Schema.optionalKey(Count),
  startResumeRate: Schema.optionalKey(Fraction),
  plannedInvestment: Schema.optionalKey(Money),
  completedInvestment: Schema.optionalKey(Money),
  completionRate: Schema.optionalKey(describe(NonNegative, "Completed / planned investment, e.g. 0.707; above 1 when a plan is beaten"))
})
export type PublishedFigures = typeof PublishedFigures.Type

export const Synthesize = Schema.Struct({
  seed: Schema.Int,
  prefix: Text,
  northern: Schema.optionalKey(describe(Schema.Boolean, "Sites stop for the northern winter (December–February)")),
  districts: Schema.optionalKey(Schema.Array(Text)),
  historyFrom: Schema.optionalKey(describe(Schema.Int, "First plan year of the synthesized history (default: three years before)")),
  published: describe(
    Schema.Struct({
      year: Schema.optionalKey(describe(Schema.Int, "Plan year of the figures (default: the scenario's)")),
      asOf: Schema.optionalKey(describe(IsoDate, "Date of the figures (default: the scenario's asOf)")),
      knownAt: Schema.optionalKey(describe(KnowledgeCut, "When the figures were known (default: the scenario's knownAt, else asOf)")),
      total: PublishedFigures,
      byKind: Schema.optionalKey(Schema.Struct({ new: Schema.optionalKey(PublishedFigures), continuing: Schema.optionalKey(PublishedFigures) })),
      bySector: Schema.optionalKey(Schema.Record(Text, PublishedFigures))
    }),
    "The aggregate figures the article published"
  ),
  unreproducible: Schema.optionalKey(describe(
    Schema.Array(Schema.Struct({ figure: Text, reason: Text })),
    "Published figures that contradict the others, and why; scenario check reports them"
  ))
})
export type Synthesize = typeof Synthesize.Type

export const PortfolioSource = Schema.Union([
  Schema.Struct({ store: describe(Text, "A SQLite file or postgres:// URL") }),
  Schema.Struct({ synthesize: Synthesize })
])
export type PortfolioSource = typeof PortfolioSource.Type

// ── The scenario ────────────────────────────────────────────────────────────

export const Targets = Schema.Struct({
  investment: Schema.optionalKey(describe(Money, "Completed investment of the plan by 31 December")),
  startRate: Schema.optionalKey(Fraction),
  startResumeRate: Schema.optionalKey(Fraction)
})
export type Targets = typeof Targets.Type

/** The most paths a simulation runs. */
export const maxPaths = 1_000_000

export const Simulation = Schema.Struct({
  paths: Schema.optionalKey(Schema.Int.check(Schema.makeFilter((n: number) => n >= 1 && n <= maxPaths || `expected a number of paths from 1 to 1,000,000, found ${show(n)}`, {
    expected: "a number of paths from 1 to 1,000,000",
    toJsonSchema: () => ({ minimum: 1, maximum: maxPaths })
  }))),
  seed: Schema.optionalKey(Schema.Int)
})

export const Scenario = Schema.Struct({
  name: Text,
  description: Schema.optionalKey(Schema.String),
  question: Schema.optionalKey(describe(Schema.String, "The what-if question the scenario asks")),
  source: Schema.optionalKey(describe(Schema.String, "Where the figures come from")),
  extends: Schema.optionalKey(describe(Text, "A base scenario file, relative to this one; this file's keys override it")),
  portfolio: Schema.optionalKey(PortfolioSource),
  year: Schema.Int.check(Schema.makeFilter((y: number) => y >= 1990 && y <= 2100, {
    expected: "a plan year between 1990 and 2100",
    toJsonSchema: () => ({ minimum: 1990, maximum: 2100 })
  })),
  asOf: describe(IsoDate, "The forecast date D: the state as of this date is the starting point"),
  knownAt: Schema.optionalKey(describe(KnowledgeCut, "The knowledge cut K (default: the end of asOf, China time)")),
  targets: Schema.optionalKey(Targets),
  simulation: Schema.optionalKey(Simulation),
  assumptions: Schema.optionalKey(Assumptions)
}).annotate({ title: "Groundbreak scenario", description: "A what-if question about a year's key projects" })
export type Scenario = typeof Scenario.Type

/** 万元 of a money value. */
export const toWan = (unit: MoneyUnit, value: number): number => unit === "亿元" ? Units.yiToWan(value) : value
