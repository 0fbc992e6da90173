/**
 * Synthesis is seeded: the same scenario gives the same ledger, event for
 * event, and the same findings. Each scenario's ledger is pinned by a SHA-256
 * of its canonical lines, recorded from the synthesis as it was before it was
 * split into phases; a change to any event, its order or the findings fails.
 */
import { createHash } from "node:crypto"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { ProjectEvent } from "@groundbreak/domain"
import { type Scenario, ScenarioFile } from "@groundbreak/scenario"
import { Synthesis } from "../src/index.ts"

const pinned: Record<string, { readonly events: number; readonly sha256: string; readonly findings: string }> = {
  "dandong-2022.yaml": {
    events: 15683,
    sha256: "a91a40393fcae2118b58c537e12f2af51ac00ed513a846a827f7bcdbd7e255f0",
    findings: "total.projects=335 total.newStarted=108 total.startRate=0.8244274809160306 total.continuingActive=204 total.startResumeRate=0.9313432835820895! total.plannedInvestment=2499000.110000002 byKind.continuing.continuingActive=204"
  },
  "haizhou-2021.yaml": {
    events: 4946,
    sha256: "7beb4d704c02008492a5ca4b10a810c9724397cdc5cb092f735db87ef9096a8e",
    findings: "total.newProjects=80 total.newStarted=2 total.continuingProjects=60"
  },
  "lianyungang-2020.yaml": {
    events: 20198,
    sha256: "05d72803d27b0ed3e4a45c4b138c3591761c3796c712dfeba9ef964901b3895d",
    findings: "total.projects=530 total.newProjects=286 total.newStarted=238 total.startRate=0.8321678321678322 total.continuingProjects=244 total.completedInvestment=10503000 byKind.continuing.completedInvestment=7447999.999999999 byKind.continuing.completionRate=0.7069999996876969 bySector.industrial.projects=362 bySector.industrial.completedInvestment=8331999.999999997"
  },
  "lianyungang-hitech-2022.yaml": {
    events: 2190,
    sha256: "bded30c6d3e797f2135b27a5b5dfbf339a0118e3f58d69da5480996e8ae4c36f",
    findings: "total.projects=53 total.startResumeRate=0.7169811320754716!"
  },
  "yangzhou-2023.yaml": {
    events: 24809,
    sha256: "79788aa8493b86ca1dff261cf8c6089a45685fbac52a19dc932d085d86b340b3",
    findings: "total.projects=483 total.completionRate=1.080000005781187"
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
