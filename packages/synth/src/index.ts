export * as LedgerGenerator from "./LedgerGenerator.ts"
export { SeededRandom } from "./SeededRandom.ts"
export * as Synthesis from "./Synthesis.ts"
