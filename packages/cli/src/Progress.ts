/**
 * A progress bar on standard error, only when it is a terminal (so pipes and
 * CI logs stay clean).
 */
import cliProgress from "cli-progress"

export interface Progress {
  readonly update: (value: number) => void
  readonly stop: () => void
}

export const progressBar = (title: string, total: number): Progress => {
  if (!process.stderr.isTTY || total <= 0) return { update: () => {}, stop: () => {} }
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {percentage}% · {eta_formatted} left`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic
  )
  bar.start(total, 0)
  return { update: (value) => bar.update(value), stop: () => bar.stop() }
}
