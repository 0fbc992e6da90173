/**
 * Reading a small text file a user named (a scenario, a mapping, a rules
 * file): only a regular file, at most 10 MB, valid UTF-8, read within a
 * timeout. A device (`/dev/zero`), a pipe, a directory or a huge file is
 * refused at once with one clear line instead of being read forever.
 */
import { constants } from "node:fs"
import { open } from "node:fs/promises"
import { Effect, Schema } from "effect"

export class FileUnreadable extends Schema.TaggedError<FileUnreadable>()("FileUnreadable", {
  file: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.file}: ${this.reason}`
  }
}

export interface ReadOptions {
  /** Largest size accepted, bytes (default 10 MB). */
  readonly maxBytes?: number
  /** Longest the read may take, milliseconds (default 10 s). */
  readonly timeoutMs?: number
}

export const defaultMaxBytes = 10 * 1024 * 1024
export const defaultTimeoutMs = 10_000

const kindOf = (stat: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string =>
  stat.isDirectory() ? "a directory" : stat.isFIFO() ? "a pipe" : stat.isSocket() ? "a socket" : stat.isCharacterDevice() || stat.isBlockDevice() ? "a device" : "not a regular file"

const megabytes = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`

class Refused {
  readonly reason: string
  constructor(reason: string) {
    this.reason = reason
  }
}

const readBounded = async (file: string, maxBytes: number, signal: AbortSignal): Promise<string> => {
  // O_NONBLOCK: opening a pipe with no writer must not wait.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw new Refused(`expected a regular file, found ${kindOf(stat)}`)
    if (stat.size > maxBytes) throw new Refused(`expected a file of at most ${megabytes(maxBytes)}, found ${megabytes(stat.size)}`)
    // Files such as those under /proc report size 0 and may grow while read: read at most maxBytes + 1.
    const chunks: Array<Buffer> = []
    let total = 0
    for (;;) {
      if (signal.aborted) throw new Refused("reading was interrupted")
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total))
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) break
      chunks.push(chunk.subarray(0, bytesRead))
      total += bytesRead
      if (total > maxBytes) throw new Refused(`expected a file of at most ${megabytes(maxBytes)}, found more`)
    }
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks))
    } catch {
      throw new Refused("expected UTF-8 text, found bytes that are not UTF-8")
    }
  } finally {
    await handle.close()
  }
}

const describeError = (error: unknown): string => {
  if (error instanceof Refused) return error.reason
  const code = (error as { code?: string }).code
  return code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : code === "EISDIR" ? "expected a regular file, found a directory" : (error as Error).message
}

/** The text of a regular UTF-8 file of at most `maxBytes`, read within `timeoutMs`. */
export const read = (file: string, options: ReadOptions = {}): Effect.Effect<string, FileUnreadable> => {
  const maxBytes = options.maxBytes ?? defaultMaxBytes
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs
  return Effect.tryPromise({
    try: (signal) => readBounded(file, maxBytes, signal),
    catch: (error) => new FileUnreadable({ file, reason: describeError(error) })
  }).pipe(
    Effect.timeoutOrElse({
      duration: timeoutMs,
      orElse: () => Effect.fail(new FileUnreadable({ file, reason: `not read within ${timeoutMs / 1000} s` }))
    })
  )
}
