/** `groundbreak simulate SCENARIO --path I --out FILE.jsonl`: one simulated future, written as events. */
import { Console, Effect } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { ProjectEvent } from "@groundbreak/domain"
import { Forecast, SimulatedEvents } from "@groundbreak/forecast"
import * as OutputFile from "../OutputFile.ts"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import { badFlag, userFacing } from "../UserFacing.ts"
import { asOfFlag, knownAtFlag, seedFlag, yearFlag } from "./ForecastCommand.ts"

export const simulateCommand = Command.make(
  "simulate",
  {
    scenario: Argument.String("scenario").pipe(Argument.withDescription("Scenario file (YAML or JSON)"), Argument.optional),
    path: Flag.Int("path").pipe(Flag.withDescription("Which simulated path (0-based)")),
    out: Flag.String("out").pipe(Flag.withDescription("JSON Lines file to write the path's events to")),
    store: storeFlag,
    year: yearFlag,
    asOf: asOfFlag,
    knownAt: knownAtFlag,
    seed: seedFlag
  },
  Effect.fn(function*(flags) {
    if (flags.path < 0) return yield* badFlag("path", "a path number ≥ 0", String(flags.path)).pipe(userFacing)
    const context = yield* ScenarioContext.resolve(flags).pipe(userFacing)
    yield* OutputFile.check(flags.out, { store: context.storeLabel, flag: "out" }).pipe(userFacing)
    const { compiled, model, prepared, knownBy } = yield* Forecast.forecast({
      scenario: context.scenario,
      year: context.year,
      asOf: context.asOf,
      knownAt: context.knownAt,
      paths: 1,
      seed: context.seed
    }).pipe(Effect.provide(context.layer), userFacing)
    const { events, outcome } = SimulatedEvents.pathEvents(compiled, model, prepared, flags.path, knownBy)
    yield* OutputFile.writeFile(flags.out, events.map((e) => ProjectEvent.toJsonLine(e) + "\n").join("")).pipe(userFacing)
    yield* Console.log(
      `path ${flags.path} (seed ${context.seed}): ${events.length} simulated events written to ${flags.out}; ` +
        `year-end investment ${(outcome.investment[0]! / 10_000).toFixed(1)} 亿元, start rate ${(outcome.startRate[0]! * 100).toFixed(1)}%`
    )
  })
).pipe(Command.withDescription("Write one simulated path of the rest of the year as events (import it over the history to inspect it)"))
