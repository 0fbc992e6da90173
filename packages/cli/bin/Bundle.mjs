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
 * Workers keep starting from their sources: `import.meta.url` in each module
 * is replaced with the module's own source URL, so `new URL("./worker.ts",
 * import.meta.url)` names the same file as when running from the sources.
 *
 * Plain JavaScript (no TypeScript) so that the bin can load it without type
 * stripping.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
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

/** Replaces `import.meta.url` with the module's own source URL (see the module comment). */
const sourceUrls = {
  name: "source-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\/packages\/.*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8")
      if (!text.includes("import.meta.url")) return undefined
      return { contents: text.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)), loader: "ts" }
    })
  }
}

/**
 * Builds the bundle and its record of inputs. Written to temporary files and
 * renamed into place, so a process starting meanwhile sees the old bundle or
 * the new one, never half of one.
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
  const result = await esbuild.build({
    absWorkingDir: workspaceRoot,
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node24",
    outfile: bundlePath,
    write: false,
    metafile: true,
    logLevel: "silent",
    legalComments: "none",
    // Some CommonJS dependencies call require(); an ES module bundle needs one made for it.
    banner: { js: "import { createRequire as __gbCreateRequire } from 'node:module'; const require = __gbCreateRequire(import.meta.url);" },
    plugins: [sourceUrls]
  })
  const files = {}
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = resolve(workspaceRoot, input)
    if (file.includes(`${"/"}node_modules${"/"}`)) continue
    files[relative(workspaceRoot, file)] = before.get(file) ?? "unknown"
  }
  files["pnpm-lock.yaml"] = stamp(join(workspaceRoot, "pnpm-lock.yaml"))
  mkdirSync(dirname(bundlePath), { recursive: true })
  const suffix = `.${process.pid}.tmp`
  writeFileSync(bundlePath + suffix, result.outputFiles[0].contents)
  writeFileSync(inputsPath + suffix, JSON.stringify({ files }, null, 1))
  renameSync(bundlePath + suffix, bundlePath)
  renameSync(inputsPath + suffix, inputsPath)
}
