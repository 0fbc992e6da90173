/**
 * The CLI's bundle: `src/bin.ts` and everything it imports, as one JavaScript
 * file (`dist/groundbreak.mjs`), so that a command starts without resolving
 * and type-stripping hundreds of modules. It is built at install time (the
 * root `prepare` script) and rebuilt whenever a source it was built from
 * changed: beside the bundle, `dist/inputs.json` records every workspace file
 * that went into it with its size and modification time, and `isFresh`
 * compares them with the files as they are now (a stat per file, a few
 * milliseconds). A bundle is never run stale.
 *
 * The worker threads it starts (`new Worker(new URL("./x.ts",
 * import.meta.url))`) get bundles of their own beside it, so a worker too
 * starts without type stripping (a parse worker's start costs about a third
 * of the CPU it did).
 *
 * Plain JavaScript (no TypeScript) so that the bin can load it without type
 * stripping.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs"
import { basename, dirname, join, relative, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..")
export const workspaceRoot = resolve(cliRoot, "../..")
export const bundlePath = join(cliRoot, "dist", "groundbreak.mjs")
const inputsPath = join(cliRoot, "dist", "inputs.json")
const entry = join(cliRoot, "src", "bin.ts")

/** The size and modification time of a file, or undefined when it is missing. */
const stamp = (file) => {
  try {
    const s = statSync(file)
    return `${s.size}:${s.mtimeMs}`
  } catch {
    return undefined
  }
}

/**
 * True when the bundle exists and every workspace file it was built from is
 * as it was then (files under node_modules change only with an install, which
 * rebuilds the bundle; the lockfile stands for them).
 */
export const isFresh = () => {
  let recorded
  try {
    recorded = JSON.parse(readFileSync(inputsPath, "utf8"))
  } catch {
    return false
  }
  if (stamp(bundlePath) === undefined) return false
  for (const [file, was] of Object.entries(recorded.files)) {
    if (stamp(join(workspaceRoot, file)) !== was) return false
  }
  return true
}

const workerUrl = /new URL\("\.\/([A-Za-z0-9_-]+)\.ts", import\.meta\.url\)/g

/**
 * Module URLs in the bundle: `new URL("./worker.ts", import.meta.url)` (a
 * worker's entry point) becomes the worker's own bundle beside this one,
 * `worker.mjs`, recorded in `workers`; any other `import.meta.url` becomes the
 * module's source URL, so it names what it named when running from the sources.
 */
const moduleUrls = (workers) => ({
  name: "module-urls",
  setup(build) {
    build.onLoad({ filter: /\/packages\/.*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8")
      if (!text.includes("import.meta.url")) return undefined
      const contents = text
        .replace(workerUrl, (_, name) => {
          workers.set(name, join(dirname(args.path), `${name}.ts`))
          return `new URL("./${name}.mjs", import.meta.url)`
        })
        .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href))
        // The worker URLs' own import.meta.url, put back: they are relative to the bundle.
        .replace(/new URL\("\.\/([A-Za-z0-9_-]+)\.mjs", "file:[^"]*"\)/g, (_, name) => `new URL("./${name}.mjs", import.meta.url)`)
      return { contents, loader: "ts" }
    })
  }
})

/**
 * Bundles `entry` into memory, as `outfile` and the chunks its dynamic
 * imports load (`chunk-HASH.mjs` beside it, named by their contents); the
 * output files and the files they were built from.
 */
const bundle = async (esbuild, entry, outfile, workers) => {
  const result = await esbuild.build({
    absWorkingDir: workspaceRoot,
    entryPoints: [{ in: entry, out: basename(outfile, ".mjs") }],
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node24",
    outdir: dirname(outfile),
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunk-[hash]",
    write: false,
    metafile: true,
    logLevel: "silent",
    legalComments: "none",
    // Some CommonJS dependencies call require(); an ES module needs one made for it (each chunk gets its own).
    banner: { js: "import { createRequire as __gbCreateRequire } from 'node:module'; const require = __gbCreateRequire(import.meta.url);" },
    plugins: [moduleUrls(workers)]
  })
  return { files: result.outputFiles.map((f) => ({ path: f.path, contents: f.contents })), inputs: Object.keys(result.metafile.inputs) }
}

/**
 * Builds the bundle, the bundles of the workers it starts, and the record of
 * their inputs. Written to temporary files and renamed into place (workers
 * first, the record last), so a process starting meanwhile sees the old
 * bundle or the new one, never half of one.
 */
export const build = async () => {
  // Stamps taken before building: a file edited during the build then differs from its stamp, and the next run rebuilds.
  const before = new Map()
  for (const entry of readdirSync(join(workspaceRoot, "packages"), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.parentPath.includes("node_modules")) continue
    const file = join(entry.parentPath, entry.name)
    before.set(file, stamp(file))
  }
  const esbuild = await import("esbuild")
  const workers = new Map()
  const outputs = [await bundle(esbuild, entry, bundlePath, workers)]
  const built = new Set()
  for (let pending = [...workers]; pending.length > 0; pending = [...workers].filter(([name]) => !built.has(name))) {
    for (const [name, source] of pending) {
      built.add(name)
      outputs.unshift(await bundle(esbuild, source, join(dirname(bundlePath), `${name}.mjs`), workers))
    }
  }
  const files = {}
  for (const input of outputs.flatMap((o) => o.inputs)) {
    const file = resolve(workspaceRoot, input)
    if (file.includes(`${"/"}node_modules${"/"}`)) continue
    files[relative(workspaceRoot, file)] = before.get(file) ?? "unknown"
  }
  files["pnpm-lock.yaml"] = stamp(join(workspaceRoot, "pnpm-lock.yaml"))
  const dist = dirname(bundlePath)
  mkdirSync(dist, { recursive: true })
  // Chunks first (named by their contents, so one already there is the same file), then the workers' entries, the
  // bundle's entry and the record last.
  const written = outputs.flatMap((o) => o.files).sort((a, b) => rank(a.path) - rank(b.path))
  const suffix = `.${process.pid}.tmp`
  for (const f of written) writeFileSync(f.path + suffix, f.contents)
  writeFileSync(inputsPath + suffix, JSON.stringify({ files }, null, 1))
  for (const f of written) renameSync(f.path + suffix, f.path)
  renameSync(inputsPath + suffix, inputsPath)
  // Chunks of earlier builds: removed once no process started before this build can still be loading them.
  const current = new Set(written.map((f) => basename(f.path)))
  for (const name of readdirSync(dist)) {
    if (!name.startsWith("chunk-") || current.has(name)) continue
    const file = join(dist, name)
    if (Date.now() - (statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > staleChunkMs) rmSync(file, { force: true })
  }
}

/** Order of writing: chunks, then the other entries, the bundle's entry last. */
const rank = (path) => basename(path).startsWith("chunk-") ? 0 : path === bundlePath ? 2 : 1

/** How long a chunk no build uses any more is kept: a command started before the rebuild may still load one (a report is loaded when written, at the end). */
const staleChunkMs = 60 * 60 * 1000
