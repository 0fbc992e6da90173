/**
 * Files a command writes (exports, reports, rejected lines, simulated paths):
 * checked before the work starts, and written whole or not at all. Content
 * goes to a temporary file beside the target, which is renamed into place
 * only when everything was written, so a failed or interrupted write never
 * leaves a truncated file, and never replaces a good one. An output path
 * that is the store itself, or one of its files, is refused.
 */
import { accessSync, closeSync, constants, fsyncSync, openSync, realpathSync, renameSync, rmSync, statSync, writeSync } from "node:fs"
import { basename, dirname, join, resolve } from "node:path"
import { Data, Effect, Option } from "effect"
import { PostgresUrl } from "@groundbreak/event-store"

export class OutputError extends Data.TaggedError("OutputError")<{ readonly message: string }> {}

const describe = (error: unknown): string => {
  const code = (error as { code?: string }).code
  return code === "ENOENT" ? "its folder does not exist"
    : code === "EISDIR" ? "it is a folder"
    : code === "EACCES" || code === "EPERM" ? "permission denied"
    : code === "ENOSPC" ? "the disk is full"
    : (error as Error).message
}

/** The path with links resolved, for a file that may not exist yet (its folder is resolved). */
const canonical = (path: string): string => {
  try {
    return realpathSync(path)
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path))
    } catch {
      return resolve(path)
    }
  }
}

/** Device and inode, when the file exists: two names for one file (a hard link) are the same file. */
const identity = (path: string): string | undefined => {
  try {
    const s = statSync(path)
    return `${s.dev}:${s.ino}`
  } catch {
    return undefined
  }
}

/** The files of a SQLite store: the database and its write-ahead log, shared memory and rollback journal. */
const storeFiles = (store: string): ReadonlyArray<string> => ["", "-wal", "-shm", "-journal"].map((suffix) => store + suffix)

/** Whether writing `path` would write over the store `store` (a SQLite file; a PostgreSQL URL has no files). */
export const isStoreFile = (path: string, store: string): boolean => {
  if (PostgresUrl.isPostgresUrl(store)) return false
  const target = canonical(path)
  const targetId = identity(path)
  return storeFiles(store).some((file) => canonical(file) === target || (targetId !== undefined && identity(file) === targetId))
}

/**
 * Refuses, before any work, an output path that cannot or must not be
 * written: in a folder that does not exist, a folder itself, or the store
 * (`store`, when given) or one of its files.
 */
export const check = (path: string, options?: { readonly store?: string; readonly flag?: string }) =>
  Effect.suspend(() => {
    const name = options?.flag === undefined ? path : `--${options.flag} ${path}`
    const fail = (why: string) => Effect.fail(new OutputError({ message: `cannot write ${name}: ${why}` }))
    if (options?.store !== undefined && isStoreFile(path, options.store)) {
      return fail(`it is the store ${options.store} or one of its files, which writing would destroy`)
    }
    try {
      if (statSync(path).isDirectory()) return fail("it is a folder")
    } catch {
      // A file that does not exist yet: its folder must.
    }
    try {
      if (!statSync(dirname(path)).isDirectory()) return fail(`${dirname(path)} is not a folder`)
    } catch {
      return fail(`the folder ${dirname(path)} does not exist`)
    }
    try {
      accessSync(dirname(path), constants.W_OK)
    } catch {
      return fail(`the folder ${dirname(path)} is not writable`)
    }
    return Effect.void
  })

/** `check` for an optional `--flag PATH`: nothing to check when the flag is absent. */
export const checkFlag = (flag: string, path: Option.Option<string>, store?: string) =>
  Option.isNone(path) ? Effect.void : check(path.value, store === undefined ? { flag } : { flag, store })

const writeAll = (fd: number, bytes: Uint8Array) => {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done)
}

/**
 * Runs `use` with a function that appends text to a temporary file beside
 * `path`; when `use` succeeds the file is flushed to disk and renamed to
 * `path`, and when it fails (or is interrupted) the temporary file is removed.
 */
export const withFile = <A, E, R>(
  path: string,
  use: (write: (text: string | Uint8Array) => Effect.Effect<void, OutputError>) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | OutputError, R> => {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`)
  const failed = (error: unknown) => new OutputError({ message: `cannot write ${path}: ${describe(error)}` })
  return Effect.acquireUseRelease(
    Effect.try({ try: () => ({ fd: openSync(temporary, "wx"), open: true }), catch: failed }),
    (file) =>
      Effect.flatMap(
        use((text) => Effect.try({ try: () => writeAll(file.fd, typeof text === "string" ? Buffer.from(text) : text), catch: failed })),
        (result) =>
          Effect.try({
            try: () => {
              fsyncSync(file.fd)
              closeSync(file.fd)
              file.open = false
              renameSync(temporary, path)
              return result
            },
            catch: failed
          })
      ),
    (file) =>
      Effect.sync(() => {
        if (file.open) closeSync(file.fd)
        rmSync(temporary, { force: true })
      })
  )
}

/** Writes `content` to `path`, whole or not at all. */
export const writeFile = (path: string, content: string | Uint8Array): Effect.Effect<void, OutputError> =>
  withFile(path, (write) => write(content))
