// Builds the CLI's bundle (packages/cli/dist), run by the root `prepare` script after every install. A failed build
// does not fail the install: the bin then tries again when it is run, and runs the sources if that fails too.
import { build } from "../bin/Bundle.mjs"

try {
  await build()
} catch (error) {
  console.warn(`groundbreak: the CLI bundle was not built (${error instanceof Error ? error.message : String(error)}); the command will run from the TypeScript sources`)
}
