import { readdirSync } from "node:fs"
import { defineConfig } from "vitest/config"

// One project per package (its own root, as before) and one for test/, all with generous limits: worker threads and
// child processes start slowly on a loaded 2-core machine, and no test asserts a duration (speed is measured by the
// benchmarks, never by a test).
const packages = readdirSync(new URL("./packages", import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      ...packages.map((name) => ({ extends: true as const, test: { name: `@groundbreak/${name}`, root: `packages/${name}` } })),
      { extends: true as const, test: { name: "@groundbreak/test", root: "test" } }
    ]
  }
})
