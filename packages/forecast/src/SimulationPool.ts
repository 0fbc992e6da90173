/**
 * Running the paths on worker threads, one contiguous range of paths per
 * worker. Draws are addressed by path (CounterRandom), so the outcome is
 * the same for any number of workers. The workers are a scoped resource:
 * they are terminated when the run ends, fails or is interrupted (Ctrl-C),
 * and a worker's failure is a `SimulationFailed` error, not a crash.
 */
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import { Effect, Schema } from "effect"
import type { Model } from "./Estimation.ts"
import type { Compiled } from "./Portfolio.ts"
import * as RiskTally from "./RiskTally.ts"
import { type PathOutcomes, type Prepared, run } from "./Simulator.ts"

export const defaultWorkers = (): number => Math.max(1, Math.min(8, availableParallelism()))

export class SimulationFailed extends Schema.TaggedError<SimulationFailed>()("SimulationFailed", { reason: Schema.String }) {
  override get message(): string {
    return `the simulation failed: ${this.reason}`
  }
}

/** Workers started and not yet terminated, in this process (for tests and diagnostics). */
let live = 0
export const liveWorkers = (): number => live

const startWorkers = (count: number) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const workers = Array.from({ length: count }, () => new Worker(new URL("./simulationWorker.ts", import.meta.url)))
      live += count
      for (const worker of workers) worker.once("exit", () => live--)
      return workers
    }),
    (workers) => Effect.promise(() => Promise.all(workers.map((w) => w.terminate())))
  )

/** One worker's share of the paths: its outcomes, or the reason it failed. */
const runOn = (worker: Worker, job: object, onProgress: (done: number) => void) =>
  Effect.callback<PathOutcomes, SimulationFailed>((resume) => {
    let settled = false
    const settle = (effect: Effect.Effect<PathOutcomes, SimulationFailed>) => {
      if (settled) return
      settled = true
      resume(effect)
    }
    worker.on("message", (m: { progress?: number; outcomes?: PathOutcomes }) => {
      if (m.progress !== undefined) onProgress(m.progress)
      else if (m.outcomes !== undefined) settle(Effect.succeed(m.outcomes))
    })
    worker.on("error", (error) => settle(Effect.fail(new SimulationFailed({ reason: error.message }))))
    worker.on("exit", (code) => settle(Effect.fail(new SimulationFailed({ reason: `a worker thread stopped (exit code ${code})` }))))
    worker.on("messageerror", (error) => settle(Effect.fail(new SimulationFailed({ reason: error.message }))))
    worker.postMessage(job)
  })

export const runPaths = (
  compiled: Compiled,
  model: Model,
  prepared: Prepared,
  paths: number,
  options: { readonly workers?: number; readonly onProgress?: (done: number) => void } = {}
): Effect.Effect<PathOutcomes, SimulationFailed> => {
  const workers = Math.min(options.workers ?? defaultWorkers(), paths)
  // Small jobs are not worth a thread's start-up.
  if (workers <= 1 || compiled.count * paths < 200_000) {
    return Effect.sync(() => run(compiled, model, prepared, 0, paths, undefined, options.onProgress))
  }
  const bounds = Array.from({ length: workers + 1 }, (_, k) => Math.round((k * paths) / workers))
  const done = new Array<number>(workers).fill(0)
  // The project ids, which only a recorder needs, stay here.
  const forWorkers: Compiled = { ...compiled, projectIds: [] }
  return Effect.scoped(Effect.gen(function*() {
    const pool = yield* startWorkers(workers)
    const parts = yield* Effect.forEach(pool, (worker, k) =>
      runOn(worker, { compiled: forWorkers, model, prepared, from: bounds[k]!, to: bounds[k + 1]! }, (progress) => {
        done[k] = progress
        options.onProgress?.(done.reduce((a, b) => a + b, 0))
      }), { concurrency: "unbounded" })
    const join = (key: "investment" | "plannedInvestment" | "startRate" | "startResumeRate" | "commissioned" | "newProjects" | "monthlyInvestment" | "monthlyStarts", width = 1) => {
      const all = new Float64Array(paths * width)
      parts.forEach((part, k) => all.set(part[key], bounds[k]! * width))
      return all
    }
    // District means: each part's mean weighted by its paths.
    const districtMeans = new Float64Array(compiled.districts.length)
    parts.forEach((part, k) => part.districtMeans.forEach((m, d) => (districtMeans[d]! += (m * (bounds[k + 1]! - bounds[k]!)) / paths)))
    return {
      investment: join("investment"),
      plannedInvestment: join("plannedInvestment"),
      startRate: join("startRate"),
      startResumeRate: join("startResumeRate"),
      commissioned: join("commissioned"),
      newProjects: join("newProjects"),
      monthlyInvestment: join("monthlyInvestment", 12),
      monthlyStarts: join("monthlyStarts", 12),
      districtMeans,
      ...(prepared.tally === undefined ? {} : RiskTally.merge(parts, compiled.count))
    } satisfies PathOutcomes
  }))
}
