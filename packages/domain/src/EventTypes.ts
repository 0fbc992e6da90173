/**
 * The event types of a key project's life, each declared once: its `data`
 * fields, its stored numeric code, where it sits among the events of one
 * day, its lifecycle rule, when it can first be known, its compact form and
 * how it folds into a project's facts. Everything else is derived from this
 * table: the schema (`ProjectEvent`), the quick decoder (`QuickDecode`), the
 * compact form (`CompactEvent`), the rules (`Lifecycle`, `FactTiming`) and
 * the fold (`ProjectFacts.apply`), and the stores' codes ({@link code}).
 *
 * Adding an event type is adding one entry to {@link definitions} (with a
 * code never used before: stored events keep theirs), plus, when it records
 * a fact the indicators read, that fact's field in `ProjectFacts`.
 */
import type { Schema } from "effect"
import * as Calendar from "./Calendar.ts"
import type { CompactEvent, CompactFields } from "./CompactEvent.ts"
import * as Field from "./EventFields.ts"
import { earliest, isLater } from "./internal/Versions.ts"
import type { ProjectFacts } from "./ProjectFacts.ts"

/** The lifecycle state the rules look at (see `Lifecycle`). */
export interface LifecycleState {
  readonly signed: boolean
  readonly started: boolean
  readonly toppedOut: boolean
  readonly commissioned: boolean
  readonly cancelled: boolean
  readonly suspended: boolean
}

export const initialState: LifecycleState = {
  signed: false,
  started: false,
  toppedOut: false,
  commissioned: false,
  cancelled: false,
  suspended: false
}

/**
 * When an event can first be known (see `FactTiming`): at any time (an
 * annual plan), from the start of its `occurredOn` day in China time, or
 * also no earlier than the end of the month in its `period` field.
 */
export type Knowable = "anytime" | "fromItsDay" | "fromEndOfItsPeriod"

/** The fields of an event's `data`, in the order the schema (and so export) writes them. */
export type DataFields = Readonly<Record<string, Field.Field>>

/** The schema fields of a data declaration. */
export type SchemaFields<F extends DataFields> = { readonly [K in keyof F]: F[K]["schema"] }

/** The decoded `data` of a declaration. */
export type DataOf<F extends DataFields> = Schema.Struct.Type<SchemaFields<F>>

/** The compact columns an event type fills besides the common ones (the rest are 0 or null). */
export type CompactData = Partial<Pick<CompactFields, "key" | "amount" | "isNew" | "plannedStart" | "district" | "sector">>

export interface Definition<T extends string = string, F extends DataFields = DataFields> {
  readonly type: T
  /** Stored with every event (a byte): never change or reuse one. */
  readonly code: number
  readonly data: F
  /** Events of one day are checked in this order (lower first). */
  readonly stage: number
  /** The step's name in messages: "the signing on 2020-01-01". */
  readonly step: string
  readonly knowable: Knowable
  /** Whether it may follow commissioning or cancellation. */
  readonly afterEnd: boolean
  /** Why it may not happen in `state`; `undefined` when it may. */
  readonly check: (state: LifecycleState) => string | undefined
  readonly evolve: (state: LifecycleState) => LifecycleState
  /** The step it needs, which must then also be known no later than it (knowledge order). */
  readonly knownAfter: "ProjectSigned" | "ProjectStarted" | undefined
  /** Suspensions and resumptions: they alternate, in valid time and at every knowledge cut. */
  readonly alternates: boolean
  /** Its compact columns (a method, so that a definition of any one type is a definition of any type). */
  compact(data: DataOf<F>): CompactData
  /** Folds a compact event of this type, known by the cut, into its project's facts (in any arrival order). */
  readonly fold: (facts: ProjectFacts, e: CompactEvent) => void
}

type Required = "type" | "code" | "data" | "stage" | "step" | "knowable" | "fold"
type Declaration<T extends string, F extends DataFields> = Pick<Definition<T, F>, Required> & Partial<Omit<Definition<T, F>, Required>>

const define = <const T extends string, const F extends DataFields>(d: Declaration<T, F>): Definition<T, F> => ({
  afterEnd: false,
  check: () => undefined,
  evolve: (state) => state,
  knownAfter: undefined,
  alternates: false,
  compact: () => ({}),
  ...d
})

export const ProjectSigned = define({
  type: "ProjectSigned",
  code: 0,
  data: { name: Field.text, district: Field.text, sector: Field.text, totalInvestment: Field.wan },
  stage: 0,
  step: "signing",
  knowable: "fromItsDay",
  check: (s) => s.signed ? "the project is already signed" : undefined,
  evolve: (s) => ({ ...s, signed: true }),
  compact: (d) => ({ amount: d.totalInvestment, district: d.district, sector: d.sector }),
  fold: (facts, e) => {
    facts.signedOn = earliest(facts.signedOn, e.occurredOn)
    facts.district = e.district ?? undefined
    facts.sector = e.sector ?? undefined
    facts.totalInvestment = e.amount
  }
})

export const AnnualPlanSet = define({
  type: "AnnualPlanSet",
  code: 1,
  data: { year: Field.year, kind: Field.planKind, plannedInvestment: Field.wan, plannedStart: Field.optionalMonth },
  stage: 1,
  step: "annual plan",
  // Normally known before its year begins, whatever the date the ledger gives its setting.
  knowable: "anytime",
  check: (s) => s.signed ? undefined : "a project must be signed before it is put on an annual plan",
  knownAfter: "ProjectSigned",
  compact: (d) => ({
    key: d.year,
    amount: d.plannedInvestment,
    isNew: d.kind === "new" ? 1 : 0,
    plannedStart: d.plannedStart === undefined ? 0 : Calendar.parseMonth(d.plannedStart)!
  }),
  fold: (facts, e) => {
    const current = facts.plans.get(e.key)
    if (current === undefined || isLater(e.knownAt, e.position, current)) {
      facts.plans.set(e.key, { isNew: e.isNew === 1, plannedInvestment: e.amount, plannedStart: e.plannedStart, knownAt: e.knownAt, position: e.position })
    }
  }
})

export const ProjectStarted = define({
  type: "ProjectStarted",
  code: 2,
  data: {},
  stage: 2,
  step: "start",
  knowable: "fromItsDay",
  check: (s) => !s.signed ? "a project must be signed before it starts" : s.started ? "the project has already started" : undefined,
  evolve: (s) => ({ ...s, started: true }),
  knownAfter: "ProjectSigned",
  fold: (facts, e) => {
    facts.startedOn = earliest(facts.startedOn, e.occurredOn)
  }
})

export const ProjectToppedOut = define({
  type: "ProjectToppedOut",
  code: 3,
  data: {},
  stage: 4,
  step: "topping out",
  knowable: "fromItsDay",
  check: (s) =>
    !s.started ? "a project must be started before it is topped out" : s.toppedOut ? "the project is already topped out" : undefined,
  evolve: (s) => ({ ...s, toppedOut: true }),
  knownAfter: "ProjectStarted",
  fold: (facts, e) => {
    facts.toppedOutOn = earliest(facts.toppedOutOn, e.occurredOn)
  }
})

export const ProjectCommissioned = define({
  type: "ProjectCommissioned",
  code: 4,
  data: {},
  stage: 6,
  step: "commissioning",
  knowable: "fromItsDay",
  check: (s) => s.started ? undefined : "a project must be started before it is commissioned",
  evolve: (s) => ({ ...s, commissioned: true, suspended: false }),
  knownAfter: "ProjectStarted",
  fold: (facts, e) => {
    facts.commissionedOn = earliest(facts.commissionedOn, e.occurredOn)
  }
})

const foldSwitch = (facts: ProjectFacts, e: CompactEvent) => {
  facts.suspensions.push({ on: e.occurredOn, suspended: e.type === ProjectSuspended.code, position: e.position })
}

export const ProjectSuspended = define({
  type: "ProjectSuspended",
  code: 5,
  data: { reason: Field.reason },
  stage: 5,
  step: "suspension",
  knowable: "fromItsDay",
  check: (s) => !s.started ? "a project must be started before it is suspended" : s.suspended ? "the project is already suspended" : undefined,
  evolve: (s) => ({ ...s, suspended: true }),
  knownAfter: "ProjectStarted",
  alternates: true,
  fold: foldSwitch
})

export const ProjectResumed = define({
  type: "ProjectResumed",
  code: 6,
  data: {},
  stage: 5,
  step: "resumption",
  knowable: "fromItsDay",
  check: (s) => s.suspended ? undefined : "only a suspended project can be resumed",
  evolve: (s) => ({ ...s, suspended: false }),
  alternates: true,
  fold: foldSwitch
})

export const ProjectCancelled = define({
  type: "ProjectCancelled",
  code: 7,
  data: { reason: Field.reason },
  stage: 7,
  step: "cancellation",
  knowable: "fromItsDay",
  evolve: (s) => ({ ...s, cancelled: true }),
  fold: (facts, e) => {
    facts.cancelledOn = earliest(facts.cancelledOn, e.occurredOn)
  }
})

export const InvestmentReported = define({
  type: "InvestmentReported",
  code: 8,
  data: { period: Field.month, amount: Field.wan },
  stage: 3,
  step: "investment report",
  knowable: "fromEndOfItsPeriod",
  afterEnd: true,
  check: (s) => s.started ? undefined : "an investment report needs the project to be started first",
  knownAfter: "ProjectStarted",
  compact: (d) => ({ key: Calendar.parseMonth(d.period)!, amount: d.amount }),
  fold: (facts, e) => facts.investment.keepLatest(e.key, e.amount, e.knownAt, e.position)
})

/**
 * The project leaves the year's list of key projects (调出年度计划) on
 * `occurredOn`: from that day it is no longer on the plan of `year`, until a
 * plan for that year becomes known after the withdrawal (re-listing). It is
 * about the list, not the site, so it may follow commissioning or
 * cancellation.
 */
export const PlanWithdrawn = define({
  type: "PlanWithdrawn",
  code: 9,
  data: { year: Field.year, reason: Field.reason },
  stage: 8,
  step: "withdrawal from the plan",
  knowable: "fromItsDay",
  afterEnd: true,
  check: (s) => s.signed ? undefined : "a project must be signed (and on a plan) before it is withdrawn from one",
  knownAfter: "ProjectSigned",
  compact: (d) => ({ key: d.year }),
  fold: (facts, e) => {
    const withdrawals = facts.withdrawals ??= new Map()
    const current = withdrawals.get(e.key)
    if (current === undefined || isLater(e.knownAt, e.position, current)) {
      withdrawals.set(e.key, { on: e.occurredOn, knownAt: e.knownAt, position: e.position })
    }
  }
})

/** Every event type. */
export const definitions = [
  ProjectSigned,
  AnnualPlanSet,
  ProjectStarted,
  ProjectToppedOut,
  ProjectCommissioned,
  ProjectSuspended,
  ProjectResumed,
  ProjectCancelled,
  InvestmentReported,
  PlanWithdrawn
] as const

export type AnyDefinition = (typeof definitions)[number]
export type EventType = AnyDefinition["type"]

/** A definition with its `data` erased, for code that handles every type alike. */
export type ErasedDefinition = Definition<EventType, DataFields>

/** The definitions indexed by stored code (codes are 0, 1, 2, …: a test holds them to it). */
const byCode: ReadonlyArray<ErasedDefinition> = [...(definitions as ReadonlyArray<ErasedDefinition>)].sort((a, b) => a.code - b.code)

/** Every event type name, in the order of their stored codes (`names[code]`). */
export const names: ReadonlyArray<EventType> = byCode.map((d) => d.type)

const byName = new Map<string, ErasedDefinition>(byCode.map((d) => [d.type, d]))

/** The definition of a type, looked up by name; `undefined` for a name that is not an event type. */
export const lookup = (type: string): ErasedDefinition | undefined => byName.get(type)

/** The definition of an event type. */
export const of = (type: EventType): ErasedDefinition => byName.get(type)!

/** The definition of a stored code (`undefined` for a code no type has). */
export const ofCode = (code: number): ErasedDefinition | undefined => byCode[code]

/** The stored code of an event type, e.g. `code("ProjectSigned")` is 0: what SQL compares the `type` column with. */
export const code = (type: EventType): number => of(type).code

/** Whether a string is the name of an event type. */
export const isEventType = (type: unknown): type is EventType => typeof type === "string" && byName.has(type)
