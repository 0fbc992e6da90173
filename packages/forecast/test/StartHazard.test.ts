/** The start hazard: rates shrunk towards the common rate, the calendar's factors, and the calendar-aware sampler. */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Calendar, ProjectFacts } from "@groundbreak/domain"
import { CounterRandom, Estimation, StartHazard, Survival } from "../src/index.ts"

/** A Kaplan–Meier survival of start delays from −1 to 10 months, some waits censored. */
const survivalArbitrary = fc.array(fc.record({ months: fc.integer({ min: -1, max: 10 }), observed: fc.boolean() }), { minLength: 1, maxLength: 80 })
  .map((observations) => Survival.kaplanMeier(observations, { from: -1, mean: 1, span: 24 }))
const calendarArbitrary = fc.array(fc.double({ min: 0, max: 3, noNaN: true }), { minLength: 12, maxLength: 12 })

describe("relativeRates (empirical Bayes)", () => {
  it("leaves every group at the common rate when they differ by no more than Poisson noise", () => {
    expect(StartHazard.relativeRates([["A", { observed: 50, expected: 50 }], ["B", { observed: 52, expected: 50 }]], 1.02)).toBeUndefined()
    expect(StartHazard.relativeRates([["A", { observed: 50, expected: 50 }]], 1)).toBeUndefined()
  })

  it("keeps a group that clearly differs near its own rate, shrunk towards the common one", () => {
    const groups = [["A", { observed: 100, expected: 100 }], ["B", { observed: 100, expected: 100 }], ["C", { observed: 30, expected: 100 }]] as const
    const rates = StartHazard.relativeRates(groups, 230 / 300)!
    const c = rates.get("C")! * (230 / 300)
    expect(c).toBeGreaterThan(0.3)
    expect(c).toBeLessThan(0.45)
  })

  it("shrinks less with more evidence: the same rates seen over k times the expected starts move towards their own", () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 5, max: 60 })), { minLength: 2, maxLength: 6 }),
      fc.integer({ min: 2, max: 10 }),
      (raw, k) => {
        const at = (scale: number) => {
          const groups = raw.map(([o, e], i) => [String(i), { observed: o * scale, expected: e * scale }] as const)
          const ratio = groups.reduce((a, [, g]) => a + g.observed, 0) / groups.reduce((a, [, g]) => a + g.expected, 0)
          return { ratio, rates: StartHazard.relativeRates(groups, ratio) }
        }
        const one = at(1), many = at(k)
        if (one.rates === undefined) return // nothing shrunk at all to compare
        expect(many.rates).toBeDefined()
        raw.forEach(([o, e], i) => {
          if (e <= 0) return
          const own = o / e / one.ratio
          const gap = (r: Map<string, number>) => Math.abs(r.get(String(i))! - own)
          expect(gap(many.rates!)).toBeLessThanOrEqual(gap(one.rates!) + 1e-9)
        })
      }
    ))
  })
})

describe("monthsDiffer (χ² of the months against the common rate)", () => {
  it("finds no difference in months drawn alike, and finds a December with twice the starts", () => {
    const expected = Array.from({ length: 12 }, () => 40)
    // Poisson-like draws around 40 in every month: within chance.
    const alike = [38, 44, 41, 35, 42, 39, 46, 37, 40, 43, 36, 41]
    expect(StartHazard.monthsDiffer(alike, expected, alike.reduce((a, b) => a + b, 0) / 480)).toBe(false)
    expect(StartHazard.calendarOf(alike, expected)).toEqual(StartHazard.flatCalendar)
    const rush = [...alike.slice(0, 11), 80]
    expect(StartHazard.monthsDiffer(rush, expected, rush.reduce((a, b) => a + b, 0) / 480)).toBe(true)
    expect(StartHazard.calendarOf(rush, expected)[11]!).toBeGreaterThan(1.5)
  })

  it("leaves out months expecting less than one start, and needs two months to compare", () => {
    expect(StartHazard.monthsDiffer([5, 0, 0], [0.2, 0.3, 40], 1)).toBe(false)
    expect(StartHazard.monthsDiffer([0, 0], [0, 0], 1)).toBe(false)
  })
})

describe("the calendar-aware sampler", () => {
  it("with a flat calendar, draws exactly what the delay's own survival draws", () => {
    fc.assert(fc.property(survivalArbitrary, fc.integer({ min: 1, max: 12 }), (s, asOfMonth) => {
      const plain = Survival.sampler(s), withCalendar = StartHazard.sampler(s, StartHazard.flatCalendar, asOfMonth)
      for (let elapsed = plain.from; elapsed <= plain.to; elapsed++) {
        for (let b = 0; b < 1024; b += 7) {
          const u = (b + 0.5) / 1024
          expect(Survival.sample(withCalendar, elapsed, u)).toBe(Survival.sample(plain, elapsed, u))
        }
      }
    }), { numRuns: 60 })
  })

  it("draws each month with the probability of its hazard times its calendar factor (to a bin)", () => {
    fc.assert(fc.property(survivalArbitrary, calendarArbitrary, fc.integer({ min: 1, max: 12 }), fc.integer({ min: -3, max: 6 }), (s, calendar, asOfMonth, elapsed) => {
      const sampler = StartHazard.sampler(s, calendar, asOfMonth)
      const draws = Array.from({ length: 1024 }, (_, b) => Survival.sample(sampler, elapsed, (b + 0.5) / 1024))
      let survival = 1
      for (let d = elapsed + 1; d <= s.from + s.survival.length - 1; d++) {
        const h = Math.min(1, StartHazard.hazardAt(s, d) * calendar[StartHazard.calendarIndex(asOfMonth - elapsed + d - 1)]!)
        survival *= 1 - h
        const share = draws.filter((x) => x <= d).length / 1024
        expect(Math.abs(share - (1 - survival))).toBeLessThanOrEqual(1 / 1024 + 1e-9)
      }
    }), { numRuns: 100 })
  })

  it("never starts a project in a month whose factor is 0", () => {
    const s = Survival.kaplanMeier(Array.from({ length: 100 }, (_, i) => ({ months: i % 6, observed: true })), { from: -1, mean: 1, span: 24 })
    const noDecember = [...StartHazard.flatCalendar.slice(0, 11), 0]
    // Valid date in September: a project planned for October (elapsed −1) would start in December after a delay of 2.
    const sampler = StartHazard.sampler(s, noDecember, 9)
    for (let elapsed = -3; elapsed <= 8; elapsed++) {
      for (let b = 0; b < 1024; b++) {
        const d = Survival.sample(sampler, elapsed, (b + 0.5) / 1024)
        if (d !== Survival.BEYOND) expect(9 - elapsed + d).not.toBe(12)
      }
    }
  })
})

/**
 * New projects of 2019–2022, `perMonth` planned for each month, starting with a monthly hazard of 0.3 (times
 * `december` in December) in their planned month and the three after it, within their plan year; the others slip
 * off the year's list and start the next year, 14 to 16 months after their planned month.
 */
const history = (december: number, perMonth = 40) => {
  const facts: Array<ProjectFacts.ProjectFacts> = []
  let i = 0
  for (let year = 2019; year <= 2022; year++) {
    for (let month = 1; month <= 12; month++) {
      for (let k = 0; k < perMonth; k++, i++) {
        const f = ProjectFacts.empty(`P-${year}-${month}-${k}`)
        f.signedOn = Calendar.parseDate(`${year - 1}-11-01`)!
        f.plans.set(year, { isNew: true, plannedInvestment: 100, plannedStart: year * 100 + month, knownAt: 0, position: 0 })
        let start: number | undefined
        for (let m = month; m <= Math.min(12, month + 3) && start === undefined; m++) {
          if (CounterRandom.uniform(11, i, m, 0) < 0.3 * (m === 12 ? december : 1)) start = year * 12 + m - 1
        }
        start ??= year * 12 + month - 1 + 14 + (k % 3)
        f.startedOn = Calendar.parseDate(`${Math.floor(start / 12)}-${String((start % 12) + 1).padStart(2, "0")}-10`)!
        facts.push(f)
      }
    }
  }
  return facts
}
const september = Calendar.parseDate("2023-09-30")!

describe("Estimation: the start hazard learned from the earlier years", () => {
  it("finds a December rush the earlier years show, and no calendar effect where there is none", () => {
    const rush = Estimation.fit(history(2.5), 2023, september)
    expect(rush.startCalendar[11]!).toBeGreaterThan(1.6)
    for (const factor of rush.startCalendar.slice(0, 11)) expect(Math.abs(factor - 1)).toBeLessThan(0.3)
    const flat = Estimation.fit(history(1), 2023, september)
    for (const factor of flat.startCalendar) expect(Math.abs(factor - 1)).toBeLessThan(0.1)
  })

  it("measures this year's pace against the calendar: a December rush the model expects is not a fast year", () => {
    const model = Survival.kaplanMeier(Array.from({ length: 400 }, (_, i) => ({ months: i % 4, observed: true })), { from: -1, mean: 1, span: 24 })
    const calendar = [...StartHazard.flatCalendar.slice(0, 11), 3]
    // Projects planned for December, all started: with the calendar, three times the starts are expected.
    const waits = Array.from({ length: 100 }, () => ({ months: 0, observed: true, district: "A", planned: 11 }))
    const flat = Estimation.startPaceOf(model, waits)
    const withCalendar = Estimation.startPaceOf(model, waits, calendar)
    expect(withCalendar.expected).toBeCloseTo(3 * flat.expected, 9)
    expect(withCalendar.logRatio).toBeLessThan(flat.logRatio)
  })
})

describe("Estimation: the start delay is a start within the plan year", () => {
  /**
   * New projects of 2019–2022 planned for every month: half start in their planned month or the two after it (never
   * later within the year), the rest slip off the year's list and start the next February, 3 to 13 months after
   * their planned month.
   */
  const slipping = () => {
    const facts: Array<ProjectFacts.ProjectFacts> = []
    for (let year = 2019; year <= 2022; year++) {
      for (let month = 1; month <= 12; month++) {
        for (let k = 0; k < 30; k++) {
          const f = ProjectFacts.empty(`S-${year}-${month}-${k}`)
          f.plans.set(year, { isNew: true, plannedInvestment: 100, plannedStart: year * 100 + month, knownAt: 0, position: 0 })
          const inYear = Math.min(12, month + (k % 3))
          f.startedOn = k < 15 ? Calendar.parseDate(`${year}-${String(inYear).padStart(2, "0")}-10`)! : Calendar.parseDate(`${year + 1}-02-10`)!
          facts.push(f)
        }
      }
    }
    return facts
  }

  it("gives a project months behind its planned start, in the autumn, the in-year chance the history shows: none", () => {
    const { startDelay } = Estimation.fit(slipping(), 2023, september)
    // Planned for March, still waiting on 30 September (six months late): starts by December are delays 7 to 9.
    const startsByDecember = 1 - Survival.survivalAt(startDelay, 9) / Survival.survivalAt(startDelay, 6)
    expect(startsByDecember).toBeLessThan(0.01)
    // The in-year starts are all there: in its planned month, a sixth of the projects start (a fifth with December's).
    expect(StartHazard.hazardAt(startDelay, 0)).toBeGreaterThan(0.15)
  })
})

describe("hazardAt (one hazard, with or without a survival floor)", () => {
  it("is 1 − S(d)/S(d − 1) without a floor, and with one telescopes to the floored survival", () => {
    fc.assert(fc.property(survivalArbitrary, fc.double({ min: 0.001, max: 0.2, noNaN: true }), (s, floor) => {
      let product = 1, productFloored = 1
      for (let d = s.from; d < s.from + s.survival.length; d++) {
        const before = Survival.survivalAt(s, d - 1)
        const h = StartHazard.hazardAt(s, d), hf = StartHazard.hazardAt(s, d, floor)
        expect(h).toBeCloseTo(before > 0 ? 1 - Survival.survivalAt(s, d) / before : 0, 12)
        // The floored hazard never reaches 1: a long wait cannot weigh more than the floor allows.
        expect(hf).toBeGreaterThanOrEqual(0)
        expect(hf).toBeLessThanOrEqual(1 - floor + 1e-12)
        product *= 1 - h
        productFloored *= 1 - hf
        expect(productFloored).toBeCloseTo(Math.max(floor, Survival.survivalAt(s, d)), 9)
        if (before > 0) expect(product).toBeCloseTo(Survival.survivalAt(s, d), 9)
      }
      expect(StartHazard.hazardAt(s, s.from - 1, floor)).toBe(0)
    }))
  })
})
