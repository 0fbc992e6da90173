/**
 * Writes a benchmark ledger from ledgers that Groundbreak did not generate
 * (the twelve cities of an independent simulator, in /work/shared/worlds by
 * default), concatenated `--copies` times. Each copy after the first gets its
 * own event ids and project ids (prefixed `c2-`, `c3-`, …), so the copies are
 * different projects and nothing collides; an id met twice is refused.
 *
 *   pnpm exec node test/bench/worldLedger.ts --out /tmp/perf-worlds-x5.jsonl [--copies 5] [--worlds DIR]
 *
 * then `pnpm bench:store --ledger /tmp/perf-worlds-x5.jsonl`.
 */
import { createReadStream, createWriteStream, readdirSync } from "node:fs"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { createGunzip } from "node:zlib"

const args = process.argv.slice(2)
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1]! : fallback
}
const worlds = flag("worlds", "/work/shared/worlds")
const copies = Math.max(1, Number(flag("copies", "5")))
const outFile = flag("out", "")
if (outFile === "") throw new Error("--out FILE is required")

const sources = readdirSync(worlds, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(worlds, d.name, "events.jsonl.gz"))
  .sort()

const out = createWriteStream(outFile)
const write = async (line: string) => {
  if (!out.write(line + "\n")) await new Promise<void>((r) => out.once("drain", () => r()))
}
const seen = new Set<string>()
let events = 0
for (let copy = 1; copy <= copies; copy++) {
  const prefix = copy === 1 ? "" : `c${copy}-`
  for (const file of sources) {
    for await (const line of createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })) {
      if (line === "") continue
      const event = JSON.parse(line) as { eventId: string; projectId: string }
      const rewritten = { ...event, eventId: prefix + event.eventId, projectId: prefix + event.projectId }
      if (seen.has(rewritten.eventId)) throw new Error(`${file}: event id ${rewritten.eventId} met twice`)
      seen.add(rewritten.eventId)
      await write(JSON.stringify(rewritten))
      events++
    }
  }
}
await new Promise<void>((r) => out.end(() => r()))
console.log(JSON.stringify({ out: outFile, copies, cities: sources.length, events }))
