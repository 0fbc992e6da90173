/**
 * Writes the demo ledger shipped in `scenarios/ledgers/demo-city.jsonl`: a
 * Lianyungang-sized city (about 280 new key projects a year, 2018–2020) as
 * the ledger stood on 15 October 2020. Deterministic: rerunning it rewrites
 * the same bytes.
 *
 *   node packages/synth/scripts/demo-ledger.ts scenarios/ledgers/demo-city.jsonl
 */
import { writeFileSync } from "node:fs"
import { ProjectEvent } from "@groundbreak/domain"
import { LedgerGenerator } from "../src/index.ts"

const out = process.argv[2] ?? "scenarios/ledgers/demo-city.jsonl"
const events = [...LedgerGenerator.generateLedger({
  seed: 2020,
  prefix: "LYG",
  firstYear: 2018,
  lastYear: 2020,
  newPerYear: 280,
  until: "2020-10-15"
})]
// A ledger arrives in the order things became known, not project by project.
events.sort((a, b) => (a.knownAt < b.knownAt ? -1 : a.knownAt > b.knownAt ? 1 : 0))
writeFileSync(out, events.map((e) => ProjectEvent.toJsonLine(e) + "\n").join(""))
console.log(`wrote ${events.length} events to ${out}`)
