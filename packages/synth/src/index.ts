export * as LedgerGenerator from "./LedgerGenerator.ts"
export * as Raking from "./Raking.ts"
export { SeededRandom } from "./SeededRandom.ts"
export * as Synthesis from "./Synthesis.ts"
