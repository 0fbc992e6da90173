/** `groundbreak export`: write the whole store in the interchange format. */
import { createWriteStream } from "node:fs"
import type { Writable } from "node:stream"
import { Effect, Option, Stream } from "effect"
import { Command } from "effect/cli"
import { LedgerExport } from "@groundbreak/event-store"
import { resolveStore, storeFlag, storeLayer } from "../StoreSelection.ts"
import * as Flags from "../Flags.ts"
import * as OutputPath from "../OutputPath.ts"
import { userFacing } from "../UserFacing.ts"

const write = (out: Writable, text: string) =>
  Effect.callback<void>((resume) => {
    if (out.write(text)) resume(Effect.void)
    else out.once("drain", () => resume(Effect.void))
  })

export const exportCommand = Command.make(
  "export",
  {
    out: Flags.file("out", "Write to this file instead of standard output"),
    store: storeFlag
  },
  Effect.fn(function*({ out, store }) {
    yield* OutputPath.check("out", out).pipe(userFacing)
    const target: Writable = Option.isSome(out) ? createWriteStream(out.value) : process.stdout
    yield* LedgerExport.exportLines().pipe(
      Stream.runForEachArray((lines) => write(target, lines.map((l) => l + "\n").join(""))),
      Effect.provide(storeLayer(resolveStore(store))),
      userFacing
    )
    if (target !== process.stdout) {
      yield* Effect.callback<void>((resume) => {
        target.end(() => resume(Effect.void))
      })
    }
  })
).pipe(Command.withDescription("Export every event, in position order, as JSON Lines"))
