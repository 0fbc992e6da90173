/**
 * The command line's flags and file arguments, each checked as it is parsed,
 * before any work starts: numbers and dates with the same ranges and formats
 * as the scenario Schema (a plan year 1990–2100, paths 1–1,000,000, real
 * calendar dates), and every path resolved against the user's folder
 * (`UserPaths`). A bad value is one line naming the flag, what it expects and
 * what it found.
 */
import { statSync } from "node:fs"
import { Option, Result, Schema } from "effect"
import { Argument, Flag } from "effect/cli"
import { Calendar, KnowledgeCut, Problems } from "@groundbreak/domain"
import { Scenario } from "@groundbreak/scenario"
import * as UserPaths from "./UserPaths.ts"

type Check<A> = (text: string) => Result.Result<A, string>

/** The scenario Schema's verdict on a value: the value, or what it expects (lower-cased, as a flag message reads). */
const bySchema = <S extends Schema.Top>(schema: S, wrap: (n: number) => unknown, unwrap: (decoded: S["Type"]) => number) => {
  const decode = Schema.decodeUnknownResult(schema as unknown as Schema.Codec<S["Type"], unknown>)
  return (n: number): Result.Result<number, string> => {
    const input = wrap(n)
    const decoded = decode(input)
    if (Result.isSuccess(decoded)) return Result.succeed(unwrap(decoded.success))
    const problem = Problems.flatten(decoded.failure.issue, input)[0]
    return Result.fail((problem?.message ?? "a valid value").replace(/^Expected /, ""))
  }
}

/** A decimal integer written out in digits (no exponent, no fraction). */
const integer = (then: (n: number) => Result.Result<number, string>, expected: string): Check<number> => (text) => {
  if (!/^[+-]?\d{1,16}$/.test(text.trim())) return Result.fail(expected)
  const n = Number(text.trim())
  if (!Number.isSafeInteger(n)) return Result.fail(expected)
  // The Schema decides the range; the flag's own wording says what it expected.
  return Result.isSuccess(then(n)) ? then(n) : Result.fail(expected)
}

const yearCheck = bySchema(Scenario.Scenario.fields.year, (n) => n, (n) => n)
const pathsCheck = bySchema(Scenario.Simulation, (n) => ({ paths: n }), (s) => s.paths!)
const seedCheck = bySchema(Scenario.Simulation, (n) => ({ seed: n }), (s) => s.seed!)

export const checkYear: Check<number> = integer(yearCheck, "a plan year between 1990 and 2100")
export const checkPaths: Check<number> = integer(pathsCheck, "a number of paths from 1 to 1,000,000")
export const checkSeed: Check<number> = integer(seedCheck, "an integer")

export const checkDate: Check<string> = (text) =>
  Calendar.parseDate(text) === undefined ? Result.fail("a date YYYY-MM-DD that exists in the calendar") : Result.succeed(text)

/** A knowledge cut, parsed once here: commands receive the cut, never its text to parse again. */
export const checkKnownAt: Check<KnowledgeCut.KnowledgeCut> = (text) =>
  Result.mapError(KnowledgeCut.parse(text, "--known-at"), () => KnowledgeCut.expected)

export const checkMonth: Check<string> = (text) =>
  Calendar.parseMonth(text) === undefined ? Result.fail("a month YYYY-MM") : Result.succeed(text)

const expectedOf = <A>(check: Check<A>) => (text: string): string => {
  const result = check(text)
  return Result.isFailure(result) ? result.failure : ""
}

const checked = <A>(flag: Flag.Flag<string>, check: Check<A>): Flag.Flag<A> =>
  Flag.filterMap(flag, (text) => Result.getSuccess(check(text)), expectedOf(check))

const checkedArgument = <A>(argument: Argument.Argument<string>, check: Check<A>): Argument.Argument<A> =>
  Argument.filterMap(argument, (text) => Result.getSuccess(check(text)), expectedOf(check))

/** A checked flag: `check` gives the value or what was expected. */
export const make = <A>(name: string, description: string, check: Check<A>): Flag.Flag<A> =>
  checked(Flag.String(name).pipe(Flag.withDescription(description)), check)

export const year = (description: string) => Flag.optional(make("year", description, checkYear))
export const asOf = (description: string) => Flag.optional(make("as-of", description, checkDate))
/**
 * What the knowledge cut is when neither `--known-at` nor a scenario file gives one: `now` for the indicators of
 * the store as it stands, `asOf` (the end of D in China time) for forecasts and tables made as of D. With a
 * scenario file, its `knownAt`, else the end of its `asOf` (ScenarioContext.resolve applies this, once).
 */
export type KnownAtDefault = "now" | "asOf"

const knownAtDefaults: Record<KnownAtDefault, string> = { now: "now", asOf: "the end of --as-of in China time" }

/** `--known-at`, the knowledge cut K, as every command takes it (`scenario`: the command also reads a scenario file's). */
export const knownAt = (defaultTo: KnownAtDefault, options: { readonly scenario: boolean } = { scenario: true }) =>
  Flag.optional(make(
    "known-at",
    "Knowledge cut K: an ISO date-time with offset, or a date meaning its end in China time " +
      `(default: ${options.scenario && defaultTo === "asOf" ? "the scenario's, else " : ""}${knownAtDefaults[defaultTo]})`,
    checkKnownAt
  ))
export const paths = Flag.optional(make("paths", "Simulated paths, 1–1,000,000 (default: the scenario's, else 2000)", checkPaths))
/** Paths per forecast date of a backtest without --paths: fewer than a forecast's, as a backtest runs one forecast per date. */
export const backtestPaths = 1000
export const backtestPathsFlag = Flag.optional(make("paths", `Simulated paths per forecast date, 1–1,000,000 (default: ${backtestPaths})`, checkPaths))
export const seed = Flag.optional(make("seed", "Random seed, an integer (default: the scenario's, else 1)", checkSeed))

export const lang = Flag.Literals("lang", ["zh", "en"]).pipe(Flag.withDescription("Language of the output's labels"), Flag.withDefault("zh"))
export type Lang = "zh" | "en"

/** A path the user typed, as an absolute path (resolved against the user's folder). */
const checkPath: Check<string> = (text) =>
  text.trim() === "" ? Result.fail("a file path") : Result.succeed(UserPaths.resolve(text))

/** An existing file to read, resolved against the user's folder. */
const checkInput: Check<string> = (text) => {
  const path = checkPath(text)
  if (Result.isFailure(path)) return path
  const stat = statSync(path.success, { throwIfNoEntry: false })
  if (stat === undefined) return Result.fail(`an existing file (${path.success} does not exist)`)
  if (!stat.isFile()) return Result.fail(`a file (${path.success} is ${stat.isDirectory() ? "a folder" : "not a regular file"})`)
  return path
}

/** An input file flag (`--scenario`): it must exist. */
export const inputFile = (name: string, description: string): Flag.Flag<Option.Option<string>> => Flag.optional(make(name, description, checkInput))

/** A required file flag, resolved against the user's folder. */
export const requiredFile = (name: string, description: string): Flag.Flag<string> => make(name, description, checkPath)

/** A file flag (`--out`, `--report`, `--scenario`), resolved against the user's folder. */
export const file = (name: string, description: string): Flag.Flag<Option.Option<string>> => Flag.optional(requiredFile(name, description))

/** An input file argument, resolved against the user's folder; it must exist (`-` is standard input and stays as it is). */
export const fileArgument = (name: string, description: string): Argument.Argument<string> =>
  checkedArgument(Argument.String(name).pipe(Argument.withDescription(description)), (text) => text === "-" ? Result.succeed(text) : checkInput(text))

/** An optional file argument, resolved against the user's folder. */
export const optionalFileArgument = (name: string, description: string): Argument.Argument<Option.Option<string>> =>
  Argument.optional(fileArgument(name, description))

/** Plan years separated by commas, each 1990–2100. */
export const checkYears: Check<ReadonlyArray<number>> = (text) => {
  const parts = text.split(",").map((s) => s.trim())
  const years: Array<number> = []
  for (const part of parts) {
    const year = checkYear(part)
    if (Result.isFailure(year)) return Result.fail("plan years between 1990 and 2100 separated by commas, e.g. 2021,2022")
    years.push(year.success)
  }
  return Result.succeed(years)
}

/** Days of the year `MM-DD` separated by commas (a day must exist in a leap year: 02-29 is checked against each year later). */
export const checkMonthDays: Check<ReadonlyArray<string>> = (text) => {
  const parts = text.split(",").map((s) => s.trim())
  const ok = parts.every((md) => /^\d{2}-\d{2}$/.test(md) && Calendar.parseDate(`2020-${md}`) !== undefined)
  return ok ? Result.succeed(parts) : Result.fail("days MM-DD separated by commas, e.g. 06-30,09-30")
}

/** A month number 1–12 (`9` or `09`). */
export const checkMonthNumber: Check<number> = (text) =>
  /^(0?[1-9]|1[0-2])$/.test(text.trim()) ? Result.succeed(Number(text.trim())) : Result.fail("a month number 01–12")
