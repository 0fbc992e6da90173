/**
 * A scenario checked against what it runs on: the portfolio (its districts
 * and sectors) and the forecast date. A district, sector or kind that
 * matches nothing in the portfolio is an error pointing into the file, with
 * the valid names and the nearest one ("did you mean 东城区?"); sectors may
 * be named in Chinese or by code (`Sectors`), and come out under the
 * portfolio's own names. An assumption, or the part of one, dated before the
 * simulation starts is a warning: it cannot change the forecast.
 */
import { Calendar, Sectors } from "@groundbreak/domain"
import type * as Scenario from "./Scenario.ts"
import type { Located, Position } from "./ScenarioFile.ts"

export interface PortfolioNames {
  readonly districts: ReadonlyArray<string>
  readonly sectors: ReadonlyArray<string>
}

export interface Checked {
  /** The scenario with every name written as the portfolio writes it. */
  readonly scenario: Scenario.Scenario
  readonly problems: ReadonlyArray<Located>
  readonly warnings: ReadonlyArray<Located>
}

/** Where a field path was written; without a file (the baseline), the path alone. */
export type Locate = (path: ReadonlyArray<PropertyKey>, atKey?: boolean) => Position

const editDistance = (a: string, b: string): number => {
  const x = [...a], y = [...b]
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const current = [i]
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[y.length]!
}

/** The valid name nearest to a misspelt one: one is a prefix of the other, or few edits apart. */
export const nearest = (name: string, valid: ReadonlyArray<string>): string | undefined => {
  const n = Sectors.normalize(name)
  let best: string | undefined, bestScore = Infinity
  for (const candidate of valid) {
    const c = Sectors.normalize(candidate)
    const score = c.startsWith(n) || n.startsWith(c) ? Math.abs(c.length - n.length) / 10 : editDistance(n, c)
    const allowed = Math.max(1, Math.floor(Math.max([...n].length, [...c].length) / 3))
    if (score <= allowed && score < bestScore) {
      best = candidate
      bestScore = score
    }
  }
  return best
}

const listed = (names: ReadonlyArray<string>): string =>
  names.length === 0 ? "none" : names.length <= 20 ? names.join(", ") : `${names.slice(0, 20).join(", ")}, … and ${names.length - 20} more`

const real = (names: ReadonlyArray<string>) => names.filter((n) => n !== "(unknown)")

/** Checks the names a scenario uses against its portfolio (unless none is known), and dates against the forecast start. */
export const check = (
  scenario: Scenario.Scenario,
  portfolio: PortfolioNames | undefined,
  timing: Timing,
  locate: Locate
): Checked => {
  const problems: Array<Located> = []
  const warnings: Array<Located> = []
  const districts = real(portfolio?.districts ?? []), sectors = real(portfolio?.sectors ?? [])
  const pathText = (path: ReadonlyArray<PropertyKey>) =>
    path.map((k, i) => typeof k === "number" ? `[${k}]` : `${i === 0 ? "" : "."}${String(k)}`).join("")
  const problem = (path: ReadonlyArray<PropertyKey>, atKey: boolean, message: string) =>
    problems.push({ ...locate(path, atKey), path: pathText(path), message })
  const warn = (path: ReadonlyArray<PropertyKey>, message: string) => warnings.push({ ...locate(path, false), path: pathText(path), message })

  /** The portfolio's names a district name denotes (empty when none: a problem is reported). */
  const district = (name: string, path: ReadonlyArray<PropertyKey>, atKey = false): Array<string> => {
    if (portfolio === undefined) return [name]
    const found = districts.filter((d) => Sectors.normalize(d) === Sectors.normalize(name))
    if (found.length === 0) {
      const guess = nearest(name, districts)
      problem(path, atKey, `expected a district of the portfolio (${listed(districts)}), found ${JSON.stringify(name)}${guess === undefined ? "" : `; did you mean ${guess}?`}`)
    }
    return found
  }
  const sector = (name: string, path: ReadonlyArray<PropertyKey>, atKey = false): Array<string> => {
    if (portfolio === undefined) return [name]
    const found = sectors.filter((s) => Sectors.same(s, name))
    if (found.length === 0) {
      const shown = sectors.map((s) => Sectors.label(s, "zh") === s ? s : `${s} (${Sectors.label(s, "zh")})`)
      const guess = nearest(name, [...sectors, ...sectors.map((s) => Sectors.label(s, "zh"))])
      problem(path, atKey, `expected a sector of the portfolio (${listed(shown)}), found ${JSON.stringify(name)}${guess === undefined ? "" : `; did you mean ${guess}?`}`)
    }
    return found
  }
  const record = <V>(values: Readonly<Record<string, V>> | undefined, path: ReadonlyArray<PropertyKey>, names: typeof district) =>
    values === undefined ? undefined : Object.fromEntries(Object.entries(values).flatMap(([key, value]) => names(key, [...path, key], true).map((n) => [n, value] as const)))

  const a = scenario.assumptions
  let assumptions: Scenario.Assumptions | undefined = a
  if (a !== undefined) {
    const byDistrict = record(a.pace?.byDistrict, ["assumptions", "pace", "byDistrict"], district)
    const bySector = record(a.pace?.bySector, ["assumptions", "pace", "bySector"], sector)
    const pauses = a.pauses?.map((pause, i) => {
      const scope = pause.scope
      if (scope === undefined) return pause
      const at = ["assumptions", "pauses", i, "scope"] as const
      return {
        ...pause,
        scope: {
          ...scope,
          ...(scope.districts === undefined ? {} : { districts: scope.districts.flatMap((d, j) => district(d, [...at, "districts", j])) }),
          ...(scope.sectors === undefined ? {} : { sectors: scope.sectors.flatMap((s, j) => sector(s, [...at, "sectors", j])) })
        }
      }
    })
    const extraProjects = a.extraProjects?.map((entry, i) => {
      const at = ["assumptions", "extraProjects", i] as const
      const d = entry.district === undefined ? undefined : district(entry.district, [...at, "district"])[0]
      const s = entry.sector === undefined ? undefined : sector(entry.sector, [...at, "sector"])[0]
      return { ...entry, ...(d === undefined ? {} : { district: d }), ...(s === undefined ? {} : { sector: s }) }
    })
    assumptions = {
      ...a,
      ...(a.pace === undefined ? {} : {
        pace: { ...a.pace, ...(byDistrict === undefined ? {} : { byDistrict }), ...(bySector === undefined ? {} : { bySector }) }
      }),
      ...(pauses === undefined ? {} : { pauses }),
      ...(extraProjects === undefined ? {} : { extraProjects })
    }
    datedWarnings(a, timing, warn)
  }
  const { assumptions: _, ...rest } = scenario
  warnings.sort((x, y) => x.file === y.file ? x.line - y.line || x.column - y.column : x.file < y.file ? -1 : 1)
  return { scenario: assumptions === undefined ? rest : { ...rest, assumptions }, problems, warnings }
}

/** The months a forecast simulates: those after the month of its start day, to December. */
export interface Timing {
  readonly year: number
  /** The day the simulation starts from (epoch day): the later of D and the day of K, within the year. */
  readonly startDay: number
}

const datedWarnings = (a: Scenario.Assumptions, timing: Timing, warn: (path: ReadonlyArray<PropertyKey>, message: string) => void) => {
  const startMonth = Calendar.monthOfDay(timing.startDay)
  const first = Math.floor(startMonth / 100) < timing.year ? 1 : (startMonth % 100) + 1
  const start = Calendar.formatDate(timing.startDay)
  const why = `the forecast simulates ${first > 12 ? "no month" : `${Calendar.formatMonth(timing.year * 100 + first)} to ${timing.year}-12`} (it starts from ${start})`
  for (const month of Object.keys(a.pace?.byMonth ?? {})) {
    if (Number(month) < first) warn(["assumptions", "pace", "byMonth", month], `month ${month} is not simulated and is ignored: ${why}`)
  }
  a.extraProjects?.forEach((entry, i) => {
    for (const [month, count] of Object.entries(entry.perMonth)) {
      if (Number(month) < first && count > 0) {
        warn(["assumptions", "extraProjects", i, "perMonth", month], `${count} project(s) in month ${month} are not simulated and are ignored: ${why}`)
      }
    }
  })
  const simulatedFrom = first > 12 ? Calendar.startOfYear(timing.year + 1) : Calendar.parseDate(`${Calendar.formatMonth(timing.year * 100 + first)}-01`)!
  const yearEnd = Calendar.startOfYear(timing.year + 1) - 1
  a.pauses?.forEach((pause, i) => {
    const from = Calendar.parseDate(pause.from)!, to = Calendar.parseDate(pause.to)!
    const path = ["assumptions", "pauses", i]
    if (to < simulatedFrom) warn(path, `pause ${JSON.stringify(pause.name)} (${pause.from} to ${pause.to}) ends before the simulated months and is ignored: ${why}`)
    else if (from > yearEnd) warn(path, `pause ${JSON.stringify(pause.name)} (${pause.from} to ${pause.to}) begins after the plan year ${timing.year} and is ignored`)
    else {
      if (from < simulatedFrom) {
        warn(path, `pause ${JSON.stringify(pause.name)}: the part from ${pause.from} to ${Calendar.formatDate(simulatedFrom - 1)} is not simulated and is ignored (${why}); only ${Calendar.formatDate(simulatedFrom)} to ${Calendar.formatDate(Math.min(to, yearEnd))} counts`)
      }
      if (to > yearEnd) warn(path, `pause ${JSON.stringify(pause.name)}: the part from ${timing.year + 1}-01-01 to ${pause.to} is after the plan year and is ignored`)
    }
  })
}
