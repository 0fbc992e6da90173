/** `groundbreak export`: write the whole store in the interchange format. */
import { Effect, Option, Stream } from "effect"
import { Command } from "effect/cli"
import * as Commands from "../Commands.ts"
import { LedgerExport } from "@groundbreak/event-store"
import * as OutputFile from "../OutputFile.ts"
import { resolveStore, storeFlag, storeLayer } from "../StoreSelection.ts"
import * as Flags from "../Flags.ts"
import { userFacing } from "../UserFacing.ts"

/** Writes to standard output, waiting when the reader is behind (a closed pipe ends the process: see OutputFile). */
const writeStdout = (text: string) =>
  Effect.callback<void>((resume) => {
    if (process.stdout.write(text)) resume(Effect.void)
    else process.stdout.once("drain", () => resume(Effect.void))
  })

export const exportCommand = Command.make(
  "export",
  {
    out: Flags.file("out", "Write to this file instead of standard output (whole or not at all)"),
    store: storeFlag
  },
  Effect.fn(function*({ out, store }) {
    const spec = resolveStore(store)
    const exportTo = <E>(write: (text: string) => Effect.Effect<void, E>) =>
      LedgerExport.exportLines().pipe(
        Stream.runForEachArray((lines) => write(lines.map((l) => l + "\n").join(""))),
        Effect.provide(storeLayer(spec, "read"))
      )
    if (Option.isNone(out)) return yield* exportTo(writeStdout).pipe(userFacing)
    yield* OutputFile.check(out.value, { store: spec, flag: "out" }).pipe(userFacing)
    yield* OutputFile.withFile(out.value, exportTo).pipe(userFacing)
  })
).pipe(Command.withDescription(Commands.description("export")))
