/** `groundbreak import FILE`: load a ledger in the interchange format, all or nothing. */
import { createReadStream, statSync } from "node:fs"
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as Commands from "../Commands.ts"
import { LedgerImport } from "@groundbreak/ingest"
import * as OutputFile from "../OutputFile.ts"
import { progressBar } from "../Progress.ts"
import { resolveStore, storeFlag, storeLayer } from "../StoreSelection.ts"
import * as Flags from "../Flags.ts"
import * as UserPaths from "../UserPaths.ts"
import { BadInput, userFacing } from "../UserFacing.ts"

/** The size of an input file, or why it cannot be read (missing, a folder). */
const inputSize = (file: string) =>
  Effect.suspend(() => {
    const stat = statSync(file, { throwIfNoEntry: false })
    if (stat === undefined) return Effect.fail(new BadInput({ reason: `${file}: no such file` }))
    if (!stat.isFile()) return Effect.fail(new BadInput({ reason: `${file}: not a file (expected a JSON Lines file of events)` }))
    return Effect.succeed(stat.size)
  })

export const importCommand = Command.make(
  "import",
  {
    file: Flags.fileArgument("file", "JSON Lines file of events, or - for standard input"),
    skipInvalid: Flag.Boolean("skip-invalid").pipe(
      Flag.withDescription("Import the valid events and write the invalid lines to FILE.rejects.jsonl (reasons in FILE.rejects.txt)"),
      Flag.withDefault(false)
    ),
    store: storeFlag
  },
  Effect.fn(function*({ file, skipInvalid, store }) {
    const fromStdin = file === "-"
    // A file is opened afresh for each reading (--skip-invalid reads it twice when it has lines to skip).
    const input = fromStdin ? process.stdin : () => createReadStream(file, { highWaterMark: 1 << 20 })
    const total = fromStdin ? 0 : yield* inputSize(file).pipe(userFacing)
    // Rejected lines go beside the input (standard input's into the user's folder): checked before the import starts.
    const label = fromStdin ? "stdin" : file
    const rejects = fromStdin ? UserPaths.resolve("stdin") : file
    if (skipInvalid) yield* OutputFile.checkFlag("skip-invalid", Option.some(`${rejects}.rejects.jsonl`)).pipe(userFacing)
    const bar = progressBar(`importing ${fromStdin ? "stdin" : file}`, total)
    const summary = yield* LedgerImport.importLedger(fromStdin ? "stdin" : file, input, {
      skipInvalid,
      onProgress: ({ bytes }) => bar.update(bytes)
    }).pipe(
      Effect.ensuring(Effect.sync(() => bar.stop())),
      Effect.provide(storeLayer(resolveStore(store), "write")),
      userFacing
    )
    if (summary.rejected.length > 0) {
      yield* OutputFile.writeFile(`${rejects}.rejects.jsonl`, summary.rejected.map((r) => r.text + "\n").join("")).pipe(userFacing)
      yield* OutputFile.writeFile(`${rejects}.rejects.txt`, summary.rejected.map((r) => `${label}:${r.line}: ${r.reason}\n`).join("")).pipe(userFacing)
      for (const r of summary.rejected.slice(0, 20)) yield* Console.error(`${label}:${r.line}: ${r.reason}`)
      if (summary.rejected.length > 20) yield* Console.error(`… ${summary.rejected.length - 20} more in ${rejects}.rejects.txt`)
      yield* Console.error(`${summary.rejected.length} line(s) rejected: written to ${rejects}.rejects.jsonl`)
    }
    yield* Console.log(
      `imported ${summary.appended} new event(s) for ${summary.projects} project(s) from ${summary.lines} line(s)` +
        (summary.alreadyStored > 0 ? `; ${summary.alreadyStored} already stored` : "") +
        (summary.repeatedInFile > 0 ? `; ${summary.repeatedInFile} repeated in the file` : "")
    )
  })
).pipe(Command.withDescription(Commands.description("import")))
