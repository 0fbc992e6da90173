/**
 * Synthesis is seeded: the same scenario gives the same ledger, event for
 * event, and the same findings. Each scenario's ledger is pinned by a SHA-256
 * of its canonical lines, recorded from the synthesis as it was before it was
 * split into phases; a change to any event, its order or the findings fails.
 * Re-recorded when the generator got lumpy months, winter stops and city-wide
 * shocks (session 5): the same figures are reproduced (the sums differ in the
 * last floating-point digits), the ledgers under them changed.
 */
import { createHash } from "node:crypto"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { ProjectEvent } from "@groundbreak/domain"
import { type Scenario, ScenarioFile } from "@groundbreak/scenario"
import { Synthesis } from "../src/index.ts"

const pinned: Record<string, { readonly events: number; readonly sha256: string; readonly findings: string }> = {
  "dandong-2022.yaml": {
    events: 21277,
    sha256: "3b475e660cb928ff049628755e734550e5874c9e69e512652e260b8a9fc5eb0e",
    findings: "total.projects=335 total.newStarted=108 total.startRate=0.8244274809160306 total.continuingActive=204 total.startResumeRate=0.9313432835820895! total.plannedInvestment=2499000.0400000014 byKind.continuing.continuingActive=204"
  },
  "haizhou-2021.yaml": {
    events: 5350,
    sha256: "71118f96d3164e3404abf309282eb04f1543b43a0e86e0ac01d6db42fd0c3826",
    findings: "total.newProjects=80 total.newStarted=2 total.continuingProjects=60"
  },
  "lianyungang-2020.yaml": {
    events: 19013,
    sha256: "184af2b1a58addc44fd333becaf45ccb220978c31aa019892707988a5bb84afc",
    findings: "total.projects=530 total.newProjects=286 total.newStarted=238 total.startRate=0.8321678321678322 total.continuingProjects=244 total.completedInvestment=10503000.000000004 byKind.continuing.completedInvestment=7448000.000000006 byKind.continuing.completionRate=0.7070000070700005 bySector.industrial.projects=362 bySector.industrial.completedInvestment=8332000.000000002"
  },
  "lianyungang-hitech-2022.yaml": {
    events: 2088,
    sha256: "146871c6cb2e17cb24acecbd5781fbf2dd8ddcfa89ac15684217ab76f963813e",
    findings: "total.projects=53 total.startResumeRate=0.7169811320754716!"
  },
  "yangzhou-2023.yaml": {
    events: 27050,
    sha256: "4a333383a5ab0e9658fb0714c07fd42aab18cc9345d3e1c3b787d1cd89d9ae9c",
    findings: "total.projects=483 total.completionRate=1.0799999996379832"
  }
}

const synthesized = async (file: string) => {
  const loaded = await Effect.runPromise(ScenarioFile.load(new URL(`../../../scenarios/${file}`, import.meta.url).pathname))
  const portfolio = loaded.scenario.portfolio as { readonly synthesize: Scenario.Synthesize }
  return Synthesis.synthesize(portfolio.synthesize, loaded.scenario)
}

const digest = (events: ReadonlyArray<ProjectEvent.ProjectEvent>): string =>
  createHash("sha256").update(events.map(ProjectEvent.toJsonLine).join("\n")).digest("hex")

const findingsText = (findings: ReadonlyArray<Synthesis.Finding>): string =>
  findings.map((f) => `${f.figure}=${f.reproduced}${f.ok ? "" : "!"}`).join(" ")

describe("Synthesis.synthesize (fixed seeds)", () => {
  for (const [file, want] of Object.entries(pinned)) {
    it(`reproduces the pinned ledger of ${file}`, async () => {
      const result = await synthesized(file)
      expect(result.events.length).toBe(want.events)
      expect(findingsText(result.findings)).toBe(want.findings)
      expect(digest(result.events)).toBe(want.sha256)
    }, 120_000)
  }
})
