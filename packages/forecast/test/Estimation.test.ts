import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Calendar, ProjectFacts } from "@groundbreak/domain"
import { CounterRandom, Estimation, Survival } from "../src/index.ts"

describe("work calendar", () => {
  /**
   * Projects starting in every month of 2018–2021, each spending evenly over 12 months, with work in month m
   * scaled by `calendar[m]`. The aggregate monthly shares rise through a year whose projects all start that year
   * (the portfolio ramps up), but each project's own calendar is what the simulator needs.
   */
  const portfolio = (calendar: ReadonlyArray<number>) => {
    const facts: Array<ProjectFacts.ProjectFacts> = []
    for (let year = 2018; year <= 2021; year++) {
      for (let month = 1; month <= 12; month++) {
        for (let k = 0; k < 4; k++) {
          const f = ProjectFacts.empty(`P-${year}-${month}-${k}`)
          const startIndex = year * 12 + month - 1
          f.startedOn = Calendar.parseDate(`${year}-${String(month).padStart(2, "0")}-01`)!
          const end = startIndex + 11
          f.commissionedOn = Calendar.parseDate(`${Math.floor(end / 12)}-${String((end % 12) + 1).padStart(2, "0")}-15`)!
          let total = 0
          for (let i = startIndex; i <= end; i++) {
            const amount = 100 * calendar[i % 12]!
            total += amount
            f.investment.set(Math.floor(i / 12) * 100 + (i % 12) + 1, { amount, knownAt: 0, position: 0 })
          }
          f.totalInvestment = total
          facts.push(f)
        }
      }
    }
    return facts
  }

  it("is flat when every project works evenly, whatever the ramp-up of the portfolio", () => {
    const model = Estimation.fit(portfolio(Array.from({ length: 12 }, () => 1)), 2023, Calendar.parseDate("2023-09-30")!)
    for (const factor of model.workCalendar) expect(factor).toBeCloseTo(1, 1)
  })

  it("recovers a winter stop: little work in January, February and December", () => {
    const calendar = [0.1, 0.1, 1, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 0.1]
    const model = Estimation.fit(portfolio(calendar), 2023, Calendar.parseDate("2023-09-30")!)
    const mean = calendar.reduce((a, b) => a + b, 0) / 12
    model.workCalendar.forEach((factor, m) => expect(factor).toBeCloseTo(calendar[m]! / mean, 0))
    expect(model.workCalendar[11]!).toBeLessThan(0.2)
  })
})

describe("start pace", () => {
  /** Waits of `n` projects with a constant monthly start hazard from month −1, seen until month `censorAt`. */
  const waits = (n: number, hazard: number, censorAt: number, stream: number, district = "A") =>
    Array.from({ length: n }, (_, i) => {
      const u = CounterRandom.uniform(7, i, stream, 0)
      const months = -1 + Math.floor(Math.log(1 - u) / Math.log(1 - hazard))
      return months <= censorAt ? { months, observed: true, district } : { months: censorAt, observed: false, district }
    })

  it("is 1 when this year's starts follow the model, and finds a year starting at half the hazard", () => {
    const history = waits(2000, 0.3, 30, 1)
    const model = Survival.kaplanMeier(history, { from: -1, mean: 1, span: 24 })
    const same = Estimation.startPaceOf(model, waits(300, 0.3, 6, 2))
    expect(Math.exp(same.logRatio)).toBeGreaterThan(0.85)
    expect(Math.exp(same.logRatio)).toBeLessThan(1.15)
    const slow = Estimation.startPaceOf(model, waits(300, 0.15, 6, 3))
    expect(Math.exp(slow.logRatio)).toBeGreaterThan(0.4)
    expect(Math.exp(slow.logRatio)).toBeLessThan(0.62)
    expect(slow.sigma).toBeLessThan(0.1)
  })

  it("stays near 1 with little evidence, with a wide spread", () => {
    const model = Survival.kaplanMeier(waits(2000, 0.3, 30, 1), { from: -1, mean: 1, span: 24 })
    const thin = Estimation.startPaceOf(model, [{ months: 2, observed: false, district: "A" }])
    expect(Math.abs(thin.logRatio)).toBeLessThan(0.5)
    expect(thin.sigma).toBeGreaterThan(0.3)
  })

  it("finds a district starting slower than the rest, and keeps districts that agree at the city's pace", () => {
    const model = Survival.kaplanMeier(waits(2000, 0.3, 30, 1), { from: -1, mean: 1, span: 24 })
    const mixed = Estimation.startPaceOf(model, [...waits(200, 0.3, 6, 4, "A"), ...waits(200, 0.3, 6, 5, "B"), ...waits(200, 0.1, 6, 6, "C")])
    expect(mixed.byDistrict["C"]!).toBeLessThan(0.7)
    expect(mixed.byDistrict["A"]!).toBeGreaterThan(1)
    expect(mixed.byDistrict["B"]!).toBeGreaterThan(1)
    // Two districts drawn alike: their spread is Poisson noise, so no district pace of their own.
    const alike = Estimation.startPaceOf(model, [...waits(200, 0.3, 6, 7, "A"), ...waits(200, 0.3, 6, 8, "B")])
    expect(Object.values(alike.byDistrict).every((f) => Math.abs(f - 1) < 0.1)).toBe(true)
  })
})

describe("this year's pace of work (empirical Bayes)", () => {
  const evidence = (district: string, ratio: number, count: number, months = 6, lengthVariance = 0): Array<Estimation.PaceEvidence> =>
    Array.from({ length: count }, (_, k) => ({ district, known: ratio * (100 + k), expected: 100 + k, months, lengthVariance }))

  it("pools districts that agree into the city's pace, and keeps a district that clearly differs near its own", () => {
    const agree = Estimation.investmentPaceOf([...evidence("A", 0.9, 40), ...evidence("B", 0.9, 40)], 0.3)
    expect(agree.overall).toBeCloseTo(0.9, 2)
    expect(agree.byDistrict["A"]).toBeCloseTo(agree.overall, 12)
    expect(agree.byDistrict["B"]).toBeCloseTo(agree.overall, 12)
    const differ = Estimation.investmentPaceOf([...evidence("A", 0.6, 40), ...evidence("B", 1.2, 40), ...evidence("C", 0.9, 40)], 0.3)
    expect(differ.byDistrict["A"]!).toBeLessThan(0.7)
    expect(differ.byDistrict["B"]!).toBeGreaterThan(1.1)
    // Shrunk towards the city, never past it.
    expect(differ.byDistrict["A"]!).toBeGreaterThanOrEqual(0.6)
    expect(differ.byDistrict["B"]!).toBeLessThanOrEqual(1.2)
  })

  it("measures how far projects stray from the model beyond the monthly noise, and weighs a project's own reports by it", () => {
    // Half the projects at 0.5 of the model, half at 2: a log spread of ln 2 around the model's pace.
    const spread = Estimation.investmentPaceOf([...evidence("A", 0.5, 50, 12), ...evidence("A", 2, 50, 12)], 0.3)
    expect(spread.projectVariance).toBeCloseTo(Math.log(2) ** 2 - 0.09 / 12, 9)
    const tight = Estimation.investmentPaceOf(evidence("A", 1, 100, 12), 0.3)
    expect(tight.projectVariance).toBeLessThan(spread.projectVariance)
    // What the lengths still to be drawn explain is not the projects' own pace.
    const lengths = Estimation.investmentPaceOf([...evidence("A", 0.5, 50, 12, 0.1), ...evidence("A", 2, 50, 12, 0.1)], 0.3)
    expect(lengths.projectVariance).toBeCloseTo(spread.projectVariance - 0.1, 9)
    // Projects that stray far: their own reports count for more than the model's expectation.
    expect(Estimation.projectPriorWeight(spread, 0.3, 6)).toBeLessThan(Estimation.projectPriorWeight(tight, 0.3, 6))
  })

  it("trusts a project's reports more with every month of them (the prior's weight falls as 1 / months)", () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 2, noNaN: true }), fc.integer({ min: 1, max: 11 }), (sigma, months) => {
      const pace = Estimation.investmentPaceOf(evidence("A", 1.3, 20), sigma)
      const w = Estimation.projectPriorWeight(pace, sigma, months)
      expect(w).toBeGreaterThan(0)
      expect(Estimation.projectPriorWeight(pace, sigma, months + 1)).toBeCloseTo((w * months) / (months + 1), 9)
    }))
  })

  it("without evidence, the model's pace", () => {
    expect(Estimation.investmentPaceOf([], 0.3)).toEqual(Estimation.neutralInvestmentPace)
  })
})

describe("budgetScaleWeight (budget left against the reports' scale)", () => {
  const progress = (budgetVariance: number): Estimation.ProgressEvidence => ({ ...Estimation.noProgress, budgetVariance })
  const pace = (projectVariance: number): Estimation.InvestmentPace => ({ ...Estimation.neutralInvestmentPace, projectVariance })

  it("trusts the budget fully when budgets are exact, and less as less of it is left and the more budgets stray", () => {
    fc.assert(fc.property(
      fc.double({ min: 1e-5, max: 0.1, noNaN: true }), fc.double({ min: 0.01, max: 1, noNaN: true }), fc.double({ min: 0.1, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 12 }), fc.double({ min: 0.02, max: 0.98, noNaN: true }),
      (variance, projectVariance, noise, months, left) => {
        const w = Estimation.budgetScaleWeight(progress(variance), pace(projectVariance), noise, months, left)
        expect(w).toBeGreaterThan(0)
        expect(w).toBeLessThan(1)
        expect(Estimation.budgetScaleWeight(progress(variance), pace(projectVariance), noise, months, Math.min(1, left + 0.01))).toBeGreaterThanOrEqual(w)
        expect(Estimation.budgetScaleWeight(progress(variance * 2), pace(projectVariance), noise, months, left)).toBeLessThan(w)
        expect(Estimation.budgetScaleWeight(progress(0), pace(projectVariance), noise, months, left)).toBe(1)
      }
    ))
  })
})
