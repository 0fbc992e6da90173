/**
 * Reading a rules file (YAML or JSON) with the scenario loader's located
 * errors (`file:line:column: field.path: expected …, found …`), and the
 * rules shipped by default (`scenarios/rules.yaml`).
 */
import { fileURLToPath } from "node:url"
import { Effect, Schema } from "effect"
import { ScenarioFile } from "@groundbreak/scenario"
import { RulesFile } from "./Rules.ts"

export class RulesInvalid extends Schema.TaggedError<RulesInvalid>()("RulesInvalid", {
  file: Schema.String,
  problems: Schema.Array(Schema.String)
}) {
  override get message(): string {
    return [...this.problems, `${this.problems.length} problem(s) in ${this.file}`].join("\n")
  }
}

/** The shipped default rules. */
export const defaultPath: string = fileURLToPath(new URL("../../../scenarios/rules.yaml", import.meta.url))

export const load = (path: string = defaultPath): Effect.Effect<RulesFile, RulesInvalid> =>
  ScenarioFile.loadWith(path, RulesFile, {
    notAMapping: "a rules file is a mapping of keys (name, pace, rules, …)",
    unknownKey: "unknown key (not part of the rules format)"
  }).pipe(
    Effect.map(({ value }) => value),
    Effect.mapError((e) => new RulesInvalid({ file: e.file, problems: e.problems.map(ScenarioFile.formatLocated) }))
  )
