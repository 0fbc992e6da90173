export * as Scenario from "./Scenario.ts"
export * as ScenarioFile from "./ScenarioFile.ts"
export * as ScenarioJsonSchema from "./ScenarioJsonSchema.ts"
export * as UserFile from "./UserFile.ts"
