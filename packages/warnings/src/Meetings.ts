/**
 * The monthly dispatch meetings (月度调度会) of a plan year up to D: the
 * meeting of D and those at the ends of the months before it, back to
 * January, each seeing the ledger as of its own date and as known at its
 * own cut (K moved back by the same number of days). One scan of the store serves
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

const previousMonth = (yyyymm: number): number => (yyyymm % 100 === 1 ? yyyymm - 100 + 11 : yyyymm - 1)

/**
 * The meetings of `year` up to D, oldest first: the last is (D, K); the
 * earlier ones are the ends of the months before D's, back to January (the
 * monthly statistics close at month end), each known at K moved back as
 * many days. Re-running an earlier meeting on its own (D, K) gives the same
 * schedule before it.
 */
export const schedule = (year: number, asOf: number, knownBy: number): Array<Meeting> => {
  const meetings: Array<Meeting> = [{ asOf, knownBy }]
  for (let month = previousMonth(Calendar.monthOfDay(asOf)); Math.floor(month / 100) === year; month = previousMonth(month)) {
    const day = Calendar.endOfMonth(month)
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
