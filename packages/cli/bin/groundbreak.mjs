#!/usr/bin/env node
// The package's bin. Runs the CLI from its bundle (dist/groundbreak.mjs, see Bundle.mjs), rebuilding it first when a
// source changed since it was built, so what runs is always what the sources say. GROUNDBREAK_FROM_SOURCE=1 runs the
// TypeScript sources directly (Node's type stripping), as does a failed build (its errors are then Node's own).
import { enableCompileCache } from "node:module"

const major = Number(process.versions.node.split(".")[0])
if (major < 24) {
  console.error(`groundbreak needs Node 24 or newer (this is ${process.version}); run it through "pnpm groundbreak", which uses the pinned Node.`)
  process.exit(1)
}
// V8's compiled code is kept between runs (in the system's temporary folder), for the bundle and the worker threads' modules.
enableCompileCache()

const fromSource = async () => {
  await import("../src/bin.ts")
}
if (process.env.GROUNDBREAK_FROM_SOURCE === "1") {
  await fromSource()
} else {
  const Bundle = await import("./Bundle.mjs")
  let ready = Bundle.isFresh()
  if (!ready) {
    try {
      await Bundle.build()
      ready = true
    } catch {
      ready = false
    }
  }
  if (ready) await import(Bundle.bundlePath)
  else await fromSource()
}
