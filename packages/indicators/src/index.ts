export * as Kpis from "./Kpis.ts"
export * as Replay from "./Replay.ts"
