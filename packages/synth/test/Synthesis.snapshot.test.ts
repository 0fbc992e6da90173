/**
 * Synthesis is seeded: the same scenario gives the same ledger, event for
 * event, and the same findings. Each scenario's ledger is pinned by a SHA-256
 * of its canonical lines, recorded from the synthesis as it was before it was
 * split into phases; a change to any event, its order or the findings fails.
 * Re-recorded when the generator got lumpy months, winter stops and city-wide
 * shocks (session 5), and again when it got size-dependent durations, starts
 * waiting for permits, cautious plans set before the year and the Spring
 * Festival's moving date (issue 13): the same figures are reproduced (the
 * sums differ in the last floating-point digits), the ledgers under them changed.
 */
import { createHash } from "node:crypto"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { ProjectEvent } from "@groundbreak/domain"
import { type Scenario, ScenarioFile } from "@groundbreak/scenario"
import { Synthesis } from "../src/index.ts"

const pinned: Record<string, { readonly events: number; readonly sha256: string; readonly findings: string }> = {
  "dandong-2022.yaml": {
    events: 20005,
    sha256: "a2c2e96712504ff86a5bcf605a40a26357a904c592803f9cf9c3f750c0b30616",
    findings: "total.projects=335 total.newStarted=108 total.startRate=0.8244274809160306 total.continuingActive=204 total.startResumeRate=0.9313432835820895! total.plannedInvestment=2498999.96 byKind.continuing.continuingActive=204"
  },
  "haizhou-2021.yaml": {
    events: 5547,
    sha256: "1d87df340e11df71c4e532449121c775a6b16ff22badbb744c162b27b27ca96e",
    findings: "total.newProjects=80 total.newStarted=2 total.continuingProjects=60"
  },
  "lianyungang-2020.yaml": {
    events: 18993,
    sha256: "0526ea53e8d19bd82887f04f369a20afda129e5967a0ad8a0c0a5fd7971b00e9",
    findings: "total.projects=530 total.newProjects=286 total.newStarted=238 total.startRate=0.8321678321678322 total.continuingProjects=244 total.completedInvestment=10502999.999999983 byKind.continuing.completedInvestment=7447999.999999996 byKind.continuing.completionRate=0.7070000017010524 bySector.industrial.projects=362 bySector.industrial.completedInvestment=8331999.999999997"
  },
  "lianyungang-hitech-2022.yaml": {
    events: 1813,
    sha256: "e1d7d48d71720067d8d5122eb50a4606c7408a1aa31988f9a3f993f6beeaa088",
    findings: "total.projects=53 total.startResumeRate=0.7169811320754716!"
  },
  "yangzhou-2023.yaml": {
    events: 21631,
    sha256: "390207eae5af8e3c297a53efd12de6e123907ca06c8c71f3838ae9c973ac6101",
    findings: "total.projects=483 total.completionRate=1.0800000035198067"
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
