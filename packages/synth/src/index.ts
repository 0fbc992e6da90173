export * as LedgerGenerator from "./LedgerGenerator.ts"
export { SeededRandom } from "./SeededRandom.ts"
