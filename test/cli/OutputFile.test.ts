/** Output files: the store is never an output, checks before the work, whole-or-nothing writes; and safe text. */
import { linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { Effect, Exit } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as OutputFile from "../../packages/cli/src/OutputFile.ts"
import { SafeText } from "@groundbreak/domain"
import { plainTable } from "../../packages/cli/src/Tables.ts"

describe("OutputFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "gb-output-"))
  const store = join(dir, "s.sqlite")
  writeFileSync(store, "db")
  mkdirSync(join(dir, "sub"))
  symlinkSync(store, join(dir, "sub", "link.sqlite"))
  linkSync(store, join(dir, "sub", "hard.sqlite"))

  it("knows the store by any of its names and files, and nothing else", () => {
    for (const out of [store, `${store}-wal`, `${store}-shm`, `${store}-journal`, join(dir, "sub", "..", "s.sqlite"), join(dir, "sub", "link.sqlite"), join(dir, "sub", "hard.sqlite"), relative(process.cwd(), store)]) {
      expect(OutputFile.isStoreFile(out, store), out).toBe(true)
    }
    for (const out of [join(dir, "s.sqlite.jsonl"), join(dir, "sub", "s.sqlite"), `${store}-walx`]) expect(OutputFile.isStoreFile(out, store), out).toBe(false)
    expect(OutputFile.isStoreFile(store, "postgres://u@h/db")).toBe(false)
  })

  it("refuses a missing folder, a folder and the store before any work; accepts a new file in an existing folder", async () => {
    const message = async (path: string) => {
      const exit = await Effect.runPromiseExit(OutputFile.check(path, { store, flag: "out" }))
      return Exit.isFailure(exit) ? String((exit.cause as unknown as { reasons?: Array<{ error: { message: string } }> }).reasons?.[0]?.error.message ?? exit.cause) : "ok"
    }
    expect(await message(join(dir, "nope", "x"))).toContain(`cannot write --out ${join(dir, "nope", "x")}: the folder ${join(dir, "nope")} does not exist`)
    expect(await message(join(dir, "sub"))).toContain("it is a folder")
    expect(await message(`${store}-wal`)).toContain(`it is the store ${store} or one of its files`)
    expect(await message(join(dir, "new.jsonl"))).toBe("ok")
  })

  it("renames the file into place only when everything was written; a failure leaves the old file and no temporary one", async () => {
    const out = join(dir, "sub", "out.txt")
    writeFileSync(out, "old\n")
    const failing = OutputFile.withFile(out, (write) => Effect.flatMap(write("partial\n"), () => Effect.fail("boom")))
    expect(Exit.isFailure(await Effect.runPromiseExit(failing))).toBe(true)
    expect(readFileSync(out, "utf8")).toBe("old\n")
    await Effect.runPromise(OutputFile.withFile(out, (write) => Effect.andThen(write("a\n"), write(new TextEncoder().encode("b\n")))))
    expect(readFileSync(out, "utf8")).toBe("a\nb\n")
    expect(readdirSync(join(dir, "sub")).sort()).toEqual(["hard.sqlite", "link.sqlite", "out.txt"])
  })
})

describe("SafeText", () => {
  const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
  const hostile = fc.string({
    unit: fc.oneof(
      fc.constantFrom("\r", "\n", "\t", "\u0000", "\u001b", "\u007f", "\u0085", "\u009b", "\u202E", "\u2066", "\u2069", "\u200E", "\u200F", "\u061C", "\u2028", "=", "+", "-", "@", "１", "海", "a", "\\"),
      fc.string({ minLength: 1, maxLength: 1 })
    )
  })

  it("leaves no control or bidi character for the terminal, and leaves other text as it is", () => {
    fc.assert(fc.property(hostile, (text) => {
      const shown = SafeText.forTerminal(text)
      return !unsafe.test(shown) && (unsafe.test(text) || shown === text)
    }))
    expect(SafeText.forTerminal("a\r\tb\n\u202Ec\u0007")).toBe("a\\r\\tb\\n\\u202Ec\\u0007")
  })

  it("prefixes text that would start a formula with ', and nothing else", () => {
    fc.assert(fc.property(hostile, (text) => {
      const cell = SafeText.forSpreadsheet(text)
      return /^[=+\-@\t\r]/.test(text) ? cell === `'${text}` : cell === text
    }))
    fc.assert(fc.property(fc.double(), (n) => Object.is(SafeText.forSpreadsheet(n), n)))
    expect(SafeText.forSpreadsheet(null)).toBe(null)
  })

  it("is applied to every cell and heading of a table", () => {
    const table = plainTable(["\u202Ehead", "n"])
    table.push(["=cmd\r\u2066x", "-1"])
    table.push([{ content: "\tcell" }, "2"])
    const text = table.toString()
    for (const line of text.split("\n")) expect(line).not.toMatch(unsafe)
    expect(text).toContain("\\u202Ehead")
    expect(text).toContain("=cmd\\r\\u2066x")
    expect(text).toContain("\\tcell")
  })
})
