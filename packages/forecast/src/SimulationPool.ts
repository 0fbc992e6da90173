/**
 * Running the paths on worker threads, one contiguous range of paths per
 * worker. Draws are addressed by path (CounterRandom), so the outcome is
 * the same for any number of workers. The workers are a scoped resource:
 * they are terminated when the run ends, fails or is interrupted (Ctrl-C),
 * and a worker's failure is a `SimulationFailed` error, not a crash. A
 * command that simulates several times (or that fits a model first) can
 * start a {@link Pool} ahead, so the workers load while the main thread fits,
 * and every run reuses them.
 */
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import { Effect, Schema, type Scope } from "effect"
import type { Model } from "./Estimation.ts"
import type { Compiled } from "./CompiledPlan.ts"
import * as RiskTally from "./RiskTally.ts"
import { type PathOutcomes, run } from "./Simulator.ts"
import type { Prepared } from "./ScenarioDraws.ts"

export const defaultWorkers = (): number => Math.max(1, Math.min(8, availableParallelism()))

export class SimulationFailed extends Schema.TaggedError<SimulationFailed>()("SimulationFailed", { reason: Schema.String }) {
  override get message(): string {
    return `the simulation failed: ${this.reason}`
  }
}

/** Workers started and not yet terminated, in this process (for tests and diagnostics). */
let live = 0
export const liveWorkers = (): number => live

/** Whether `paths` paths of `projects` projects are worth the workers' start-up; smaller jobs run on the calling thread. */
export const worthWorkers = (projects: number, paths: number): boolean => projects * paths >= 200_000

/** Worker threads started ahead of the runs that use them; terminated when their scope closes. */
export type Pool = ReadonlyArray<Worker>

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

/** Starts `count` workers now (they load their modules meanwhile), for the runs of the enclosing scope. */
export const pool = (count: number = defaultWorkers()): Effect.Effect<Pool, never, Scope.Scope> => startWorkers(Math.max(1, count))

/** One worker's share of the paths: its outcomes, or the reason it failed. The worker can take the next job after it. */
const runOn = (worker: Worker, job: object, onProgress: (done: number) => void) =>
  Effect.callback<PathOutcomes, SimulationFailed>((resume) => {
    let settled = false
    const settle = (effect: Effect.Effect<PathOutcomes, SimulationFailed>) => {
      if (settled) return
      settled = true
      worker.off("message", message).off("error", error).off("exit", exit).off("messageerror", error)
      resume(effect)
    }
    const message = (m: { progress?: number; outcomes?: PathOutcomes }) => {
      if (m.progress !== undefined) onProgress(m.progress)
      else if (m.outcomes !== undefined) settle(Effect.succeed(m.outcomes))
    }
    const error = (e: Error) => settle(Effect.fail(new SimulationFailed({ reason: e.message })))
    const exit = (code: number) => settle(Effect.fail(new SimulationFailed({ reason: `a worker thread stopped (exit code ${code})` })))
    worker.on("message", message).on("error", error).on("exit", exit).on("messageerror", error)
    worker.postMessage(job)
  })

export const runPaths = (
  compiled: Compiled,
  model: Model,
  prepared: Prepared,
  paths: number,
  options: { readonly workers?: number; readonly onProgress?: (done: number) => void; readonly pool?: Pool } = {}
): Effect.Effect<PathOutcomes, SimulationFailed> => {
  const workers = Math.min(options.pool?.length ?? options.workers ?? defaultWorkers(), paths)
  // Small jobs are not worth a thread's start-up.
  if (workers <= 1 || !worthWorkers(compiled.count, paths)) {
    return Effect.sync(() => run(compiled, model, prepared, 0, paths, undefined, options.onProgress))
  }
  const bounds = Array.from({ length: workers + 1 }, (_, k) => Math.round((k * paths) / workers))
  const done = new Array<number>(workers).fill(0)
  // The project ids, which only a recorder needs, stay here.
  const forWorkers: Compiled = { ...compiled, projectIds: [] }
  return Effect.scoped(Effect.gen(function*() {
    const pool = options.pool === undefined ? yield* startWorkers(workers) : options.pool.slice(0, workers)
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
