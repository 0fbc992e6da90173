/** A worker thread of the simulation pool: runs a range of paths and sends back their outcomes. */
import { parentPort } from "node:worker_threads"
import type { Model } from "./Estimation.ts"
import type { Compiled } from "./CompiledPlan.ts"
import { buffers } from "./RiskTally.ts"
import { run } from "./Simulator.ts"
import type { Prepared } from "./ScenarioDraws.ts"

parentPort!.on("message", (job: { compiled: Compiled; model: Model; prepared: Prepared; from: number; to: number }) => {
  const outcomes = run(job.compiled, job.model, job.prepared, job.from, job.to, undefined, (done) =>
    parentPort!.postMessage({ progress: done }))
  parentPort!.postMessage(
    { outcomes },
    [outcomes.investment.buffer, outcomes.plannedInvestment.buffer, outcomes.startRate.buffer, outcomes.startResumeRate.buffer, outcomes.commissioned.buffer,
      outcomes.monthlyInvestment.buffer, outcomes.monthlyStarts.buffer, outcomes.newProjects.buffer, outcomes.districtMeans.buffer, ...buffers(outcomes)] as Array<ArrayBuffer>
  )
})
