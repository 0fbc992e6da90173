/** `groundbreak simulate SCENARIO --path I --out FILE.jsonl`: one simulated future, written as events. */
import { Console, Effect, Option, Result } from "effect"
import { Command } from "effect/cli"
import * as Commands from "../Commands.ts"
import { ProjectEvent, Units } from "@groundbreak/domain"
import { Model, SimulatedEvents, Simulator, ScenarioDraws } from "@groundbreak/forecast"
import { Replay } from "@groundbreak/indicators"
import * as OutputFile from "../OutputFile.ts"
import * as ScenarioContext from "../ScenarioContext.ts"
import { storeFlag } from "../StoreSelection.ts"
import * as Flags from "../Flags.ts"
import { userFacing } from "../UserFacing.ts"
import { asOfFlag, knownAtFlag, optionalScenario, seedFlag, yearFlag } from "./ForecastCommand.ts"

/** A path number: 0 up to one less than the most paths a scenario may ask for. */
const checkPath = (text: string) => {
  const paths = Flags.checkPaths(text.trim() === "" ? "x" : String(Number(text) + 1))
  return /^\d+$/.test(text.trim()) && Result.isSuccess(paths) ? Result.succeed(Number(text)) : Result.fail("a path number from 0 to 999,999")
}

export const simulateCommand = Command.make(
  "simulate",
  {
    scenario: optionalScenario,
    path: Flags.make("path", "Which simulated path (0-based)", checkPath),
    out: Flags.requiredFile("out", "JSON Lines file to write the path's events to"),
    store: storeFlag,
    year: yearFlag,
    asOf: asOfFlag,
    knownAt: knownAtFlag,
    seed: seedFlag
  },
  Effect.fn(function*(flags) {
    yield* OutputFile.checkFlag("out", Option.some(flags.out)).pipe(userFacing)
    const context = yield* ScenarioContext.resolve(flags).pipe(userFacing)
    yield* OutputFile.check(flags.out, { store: context.storeLabel, flag: "out" }).pipe(userFacing)
    // The model alone: one path is simulated, with its events recorded, and nothing summarized.
    const model = yield* Replay.history(context.knownAt).pipe(
      Effect.flatMap((history) => Model.fit(history, { year: context.year, asOf: context.asOf, seed: context.seed })),
      Effect.provide(context.layer),
      userFacing
    )
    const prepared = yield* ScenarioDraws.prepare(model.compiled, context.scenario, model.seed).pipe(userFacing)
    const { events, outcome } = SimulatedEvents.pathEvents(model.compiled, model.parameters, prepared, flags.path, model.cut.at)
    yield* OutputFile.writeFile(flags.out, events.map((e) => ProjectEvent.toJsonLine(e) + "\n").join("")).pipe(userFacing)
    yield* Console.log(
      `path ${flags.path} (seed ${context.seed}): ${events.length} simulated events written to ${flags.out}; ` +
        `year-end investment ${Units.formatYi(outcome.investment[0]!)} 亿元, start rate ${Units.formatPercent(outcome.startRate[0]!)}`
    )
  })
).pipe(Command.withDescription(Commands.description("simulate")))
