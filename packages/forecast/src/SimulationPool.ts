/**
 * Running the paths on worker threads, one contiguous range of paths per
 * worker. Draws are addressed by path (CounterRandom), so the outcome is
 * the same for any number of workers.
 */
import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import type { Model } from "./Estimation.ts"
import type { Compiled } from "./Portfolio.ts"
import * as RiskTally from "./RiskTally.ts"
import { type PathOutcomes, type Prepared, run } from "./Simulator.ts"

export const defaultWorkers = (): number => Math.max(1, Math.min(8, availableParallelism()))

export const runPaths = async (
  compiled: Compiled,
  model: Model,
  prepared: Prepared,
  paths: number,
  options: { readonly workers?: number; readonly onProgress?: (done: number) => void } = {}
): Promise<PathOutcomes> => {
  const workers = Math.min(options.workers ?? defaultWorkers(), paths)
  // Small jobs are not worth a thread's start-up.
  if (workers <= 1 || compiled.count * paths < 200_000) return run(compiled, model, prepared, 0, paths, undefined, options.onProgress)
  const bounds = Array.from({ length: workers + 1 }, (_, k) => Math.round((k * paths) / workers))
  const done = new Array<number>(workers).fill(0)
  const parts = await Promise.all(bounds.slice(0, -1).map((from, k) =>
    new Promise<PathOutcomes>((resolve, reject) => {
      const worker = new Worker(new URL("./simulationWorker.ts", import.meta.url))
      worker.on("message", (m: { progress?: number; outcomes?: PathOutcomes }) => {
        if (m.progress !== undefined) {
          done[k] = m.progress
          options.onProgress?.(done.reduce((a, b) => a + b, 0))
        } else if (m.outcomes !== undefined) {
          resolve(m.outcomes)
          void worker.terminate()
        }
      })
      worker.on("error", reject)
      worker.postMessage({ compiled, model, prepared, from, to: bounds[k + 1]! })
    })))
  const join = (key: "investment" | "startRate" | "startResumeRate" | "commissioned" | "newProjects" | "monthlyInvestment" | "monthlyStarts", width = 1) => {
    const all = new Float64Array(paths * width)
    parts.forEach((part, k) => all.set(part[key], bounds[k]! * width))
    return all
  }
  // District means: each part's mean weighted by its paths.
  const districtMeans = new Float64Array(compiled.districts.length)
  parts.forEach((part, k) => part.districtMeans.forEach((m, d) => (districtMeans[d]! += (m * (bounds[k + 1]! - bounds[k]!)) / paths)))
  return {
    investment: join("investment"),
    startRate: join("startRate"),
    startResumeRate: join("startResumeRate"),
    commissioned: join("commissioned"),
    newProjects: join("newProjects"),
    monthlyInvestment: join("monthlyInvestment", 12),
    monthlyStarts: join("monthlyStarts", 12),
    districtMeans,
    ...(prepared.tally === undefined ? {} : RiskTally.merge(parts, compiled.count))
  }
}
