/**
 * The monthly dispatch meetings (月度调度会) of a plan year up to D: the
 * meeting of D and those one, two, … months before it, back to January,
 * each seeing the ledger as of its own date and as known at its own cut
 * (K moved back by the same number of days). One scan of the store serves
 * them all: events known by the first meeting's cut are folded at once,
 * later ones are held in the interval of cuts they fall in and folded just
 * before the meeting that first sees them, so every meeting sees exactly
 * what was known at its cut.
 */
import { Effect } from "effect"
import { Calendar, CompactEvent, ProjectFacts } from "@groundbreak/domain"
import { EventStore } from "@groundbreak/event-store"

export interface Meeting {
  /** Valid date, epoch day. */
  readonly asOf: number
  /** Knowledge cut, epoch ms. */
  readonly knownBy: number
}

const MS_PER_DAY = 86_400_000

/** D moved back `months` months, the day clamped to the month's length. */
export const monthsBefore = (asOf: number, months: number): number => {
  const month = Calendar.monthOfDay(asOf)
  const dayOfMonth = asOf - Calendar.endOfMonth(previousMonth(month))
  let target = month
  for (let k = 0; k < months; k++) target = previousMonth(target)
  const first = Calendar.endOfMonth(previousMonth(target)) + 1
  return Math.min(first + dayOfMonth - 1, Calendar.endOfMonth(target))
}

const previousMonth = (yyyymm: number): number => (yyyymm % 100 === 1 ? yyyymm - 100 + 11 : yyyymm - 1)

/** The meetings of `year` from January to D's, oldest first; the last is (D, K). */
export const schedule = (year: number, asOf: number, knownBy: number): Array<Meeting> => {
  const meetings: Array<Meeting> = []
  for (let back = 0; ; back++) {
    const day = monthsBefore(asOf, back)
    if (Calendar.yearOfDay(day) !== year) break
    meetings.unshift({ asOf: day, knownBy: knownBy - (asOf - day) * MS_PER_DAY })
  }
  return meetings
}

/** The first known plan of the year per project: what a later revision is compared with. */
export interface FirstPlan {
  readonly amount: number
  readonly knownAt: number
  readonly position: number
}

/** The ledger as a meeting sees it. */
export interface MeetingState {
  readonly portfolio: ProjectFacts.Portfolio
  readonly firstPlans: ReadonlyMap<string, FirstPlan>
}

/**
 * Folds the store once and calls `visit` at each meeting (oldest first)
 * with the ledger as known at that meeting's cut.
 */
export const sweep = Effect.fn("Meetings.sweep")(function*(
  year: number,
  meetings: ReadonlyArray<Meeting>,
  visit: (meeting: Meeting, index: number, state: MeetingState) => void
) {
  const store = yield* EventStore
  const portfolio = new ProjectFacts.Portfolio()
  const firstPlans = new Map<string, FirstPlan>()
  const add = (e: CompactEvent.CompactEvent) => {
    portfolio.add(e)
    if (e.type === CompactEvent.EventCode.AnnualPlanSet && e.key === year) {
      const first = firstPlans.get(e.projectId)
      if (first === undefined || e.knownAt < first.knownAt || (e.knownAt === first.knownAt && e.position < first.position)) {
        firstPlans.set(e.projectId, { amount: e.amount, knownAt: e.knownAt, position: e.position })
      }
    }
  }
  const held: Array<Array<CompactEvent.CompactEvent>> = meetings.map(() => [])
  const cuts = meetings.map((m) => m.knownBy)
  const last = cuts.length - 1
  yield* store.scan(cuts[last]!, (e) => {
    if (e.knownAt <= cuts[0]!) return add(e)
    let k = 1
    while (k < last && e.knownAt > cuts[k]!) k++
    // The store's view object is refilled for the next event: keep a copy.
    held[k]!.push({ ...e })
  })
  const state: MeetingState = { portfolio, firstPlans }
  for (let k = 0; k <= last; k++) {
    for (const e of held[k]!) add(e)
    held[k] = []
    visit(meetings[k]!, k, state)
  }
})
