#!/usr/bin/env node
// The package's bin: runs the TypeScript entry point with Node's type stripping (Node 24+).
const major = Number(process.versions.node.split(".")[0])
if (major < 24) {
  console.error(`groundbreak needs Node 24 or newer (this is ${process.version}); run it through "pnpm groundbreak", which uses the pinned Node.`)
  process.exit(1)
}
await import("../src/bin.ts")
