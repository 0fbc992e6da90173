/**
 * The JSON Schema of rules files (`scenarios/rules.schema.json`), generated
 * from the Schema like the scenarios' so editors can complete and check them.
 */
import { ScenarioJsonSchema } from "@groundbreak/scenario"
import { RulesFile } from "./Rules.ts"

export const generate = (): object => ScenarioJsonSchema.generateFor(RulesFile, "https://groundbreak.dev/rules.schema.json")

export const render = (): string => JSON.stringify(generate(), null, 2) + "\n"
