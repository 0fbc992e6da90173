/** The parse pool's own failure: a tagged error, so callers can tell a stopped pool from any other. */
import { assert, describe, it } from "@effect/vitest"
import * as ParsePool from "../../src/internal/ParsePool.ts"

describe("ParsePool", () => {
  it("a reading of a closed pool ends with PoolStopped, a tagged error naming why", async () => {
    const pool = ParsePool.makePool(1)
    await pool.close()
    const source = (async function*() {
      yield new TextEncoder().encode("{}\n")
    })()
    const failure = await pool.parse(source).next().then(() => undefined, (error: unknown) => error)
    assert.instanceOf(failure, ParsePool.PoolStopped)
    assert.deepInclude(failure, { _tag: "PoolStopped", reason: "the import was stopped" })
    assert.strictEqual((failure as ParsePool.PoolStopped).message, "the import was stopped")
    assert.instanceOf(failure, Error)
  })
})
