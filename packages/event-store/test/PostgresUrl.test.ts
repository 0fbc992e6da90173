/** Store URLs: redaction that never shows a password, libpq's environment and password file, pure (no server). */
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { PostgresUrl } from "../src/index.ts"
import { urlSpecials } from "./urlSpecials.ts"


const noEnv: PostgresUrl.Environment = { env: {}, home: "/nonexistent" }

describe("PostgresUrl.redact", () => {
  it("hides a password holding any URL-special character, written raw or percent-encoded", () => {
    for (const c of urlSpecials) {
      const secret = `pw1${c}2Secret`
      for (const written of [secret, encodeURIComponent(secret)]) {
        for (const url of [`postgres://postgres:${written}@127.0.0.1/test`, `postgres://postgres:${written}@127.0.0.1:5432/test?schema=s`]) {
          const shown = PostgresUrl.redact(url)
          assert.notInclude(shown, "pw1", url)
          assert.notInclude(shown, "Secret", url)
          assert.include(shown, "postgres://postgres:***@127.0.0.1", url)
        }
      }
    }
  })

  it("hides the issue's example: a password with an unencoded /", () => {
    assert.strictEqual(PostgresUrl.redact("postgres://postgres:ab/cdSecret@127.0.0.1/test"), "postgres://postgres:***@127.0.0.1/test")
  })

  it("never shows a character of a password made of arbitrary text", () => {
    fc.assert(fc.property(fc.string({ minLength: 1, unit: fc.constantFrom(...urlSpecials, "a", "Z", "9", "é", "密") }), (pw) => {
      const secret = `Q${pw}Q`
      const shown = PostgresUrl.redact(`postgres://u:${secret}@h:5432/db?schema=x`)
      return !shown.includes("Q") && shown.startsWith("postgres://u:***@")
    }))
  })

  it("hides password parameters and a password missing its @host, and leaves URLs without a password alone", () => {
    assert.strictEqual(PostgresUrl.redact("postgres://u@h/db?password=s3cret&sslmode=disable"), "postgres://u@h/db?password=***&sslmode=disable")
    assert.strictEqual(PostgresUrl.redact("postgres://u:s3cret"), "postgres://u:***")
    assert.strictEqual(PostgresUrl.redact("postgres://u@h:5432/db?schema=x"), "postgres://u@h:5432/db?schema=x")
    assert.strictEqual(PostgresUrl.redact("postgres://h:5432/db"), "postgres://h:5432/db")
  })
})

describe("PostgresUrl.resolve", () => {
  it("refuses an unencoded / ? or # in the credentials, naming the encoding, without showing the password", () => {
    for (const c of ["/", "?", "#"]) {
      const url = `postgres://postgres:ab${c}cdSecret@127.0.0.1/test`
      try {
        PostgresUrl.resolve(url, noEnv)
        assert.fail("accepted")
      } catch (error) {
        assert.instanceOf(error, PostgresUrl.InvalidUrl)
        const reason = (error as PostgresUrl.InvalidUrl).reason
        assert.include(reason, encodeURIComponent(c))
        assert.notInclude(reason, "cdSecret")
      }
    }
  })

  it("decodes every special character of a percent-encoded password", () => {
    const secret = urlSpecials.join("")
    const settings = PostgresUrl.resolve(`postgres://postgres:${encodeURIComponent(secret)}@127.0.0.1/test`, noEnv)
    assert.strictEqual(settings.password, secret)
    assert.strictEqual(settings.passwordFrom, "url")
    assert.notInclude(settings.redacted, encodeURIComponent(secret))
  })

  it("takes what the URL lacks from PGHOST, PGPORT, PGDATABASE, PGUSER and PGPASSWORD; the URL wins", () => {
    const env = { PGHOST: "db.example", PGPORT: "6543", PGDATABASE: "ledger", PGUSER: "planner", PGPASSWORD: "from-env" }
    const s = PostgresUrl.resolve("postgres://", { env, home: "/nonexistent" })
    assert.deepInclude(s, { host: "db.example", port: 6543, database: "ledger", username: "planner", password: "from-env", passwordFrom: "PGPASSWORD", schema: "public" })
    const t = PostgresUrl.resolve("postgres://alice:pw@h:5000/db?schema=s1", { env, home: "/nonexistent" })
    assert.deepInclude(t, { host: "h", port: 5000, database: "db", username: "alice", password: "pw", passwordFrom: "url", schema: "s1" })
    assert.notInclude(t.driverUrl, "schema=")
  })

  it("defaults as libpq does: localhost, 5432, the database named after the user", () => {
    const s = PostgresUrl.resolve("postgres://?user=bob", noEnv)
    assert.deepInclude(s, { host: "localhost", port: 5432, database: "bob", username: "bob", password: undefined, passwordFrom: undefined })
  })

  it("reads the password file named by PGPASSFILE (or ~/.pgpass) when neither the URL nor PGPASSWORD has a password", () => {
    const home = mkdtempSync(join(tmpdir(), "gb-home-"))
    const file = join(home, ".pgpass")
    writeFileSync(file, "# comment\nother:*:*:*:wrong\n127.0.0.1:5432:test:postgres:right\\:one\n*:*:*:*:fallback\n")
    chmodSync(file, 0o600)
    assert.strictEqual(PostgresUrl.resolve("postgres://postgres@127.0.0.1/test", { env: {}, home }).password, "right:one")
    assert.strictEqual(PostgresUrl.resolve("postgres://x@127.0.0.1/test", { env: {}, home }).password, "fallback")
    const named = join(home, "elsewhere")
    writeFileSync(named, "*:*:*:*:named\n")
    chmodSync(named, 0o600)
    const s = PostgresUrl.resolve("postgres://postgres@127.0.0.1/test", { env: { PGPASSFILE: named }, home })
    assert.deepInclude(s, { password: "named", passwordFrom: "password file" })
    assert.strictEqual(PostgresUrl.resolve("postgres://postgres@127.0.0.1/test", { env: { PGPASSWORD: "env" }, home }).password, "env")
  })

  it("ignores a password file others can read, as libpq does, and says why", () => {
    const home = mkdtempSync(join(tmpdir(), "gb-home-"))
    writeFileSync(join(home, ".pgpass"), "*:*:*:*:exposed\n")
    chmodSync(join(home, ".pgpass"), 0o644)
    const s = PostgresUrl.resolve("postgres://postgres@127.0.0.1/test", { env: {}, home })
    assert.strictEqual(s.password, undefined)
    assert.include(s.pgpassNote, "chmod 600")
  })

  it("says whether a URL carries a password", () => {
    assert.isTrue(PostgresUrl.hasPassword("postgres://u:p@h/db"))
    assert.isTrue(PostgresUrl.hasPassword("postgres://u@h/db?password=p"))
    assert.isTrue(PostgresUrl.hasPassword("postgres://u:a/b@h/db"))
    assert.isFalse(PostgresUrl.hasPassword("postgres://u@h/db"))
  })
})

describe("PostgresUrl.parsePgpass", () => {
  it("splits on unescaped colons, unescapes \\: and \\\\, keeps the rest of the line as the password, skips comments and short lines", () => {
    assert.deepStrictEqual(PostgresUrl.parsePgpass("h\\:x:5432:db:u:p:w\\\\d\n#h:1:2:3:4\n\nshort:line\n*:*:*:*:\n"), [
      { host: "h:x", port: "5432", database: "db", username: "u", password: "p:w\\d" },
      { host: "*", port: "*", database: "*", username: "*", password: "" }
    ])
  })

  it("matches the first entry whose fields equal the connection's or are *; a socket connection is localhost", () => {
    const entries = PostgresUrl.parsePgpass("localhost:5432:db:u:one\n*:5433:*:u:two\n*:*:*:*:three\n")
    assert.strictEqual(PostgresUrl.lookupPgpass(entries, { host: "/var/run/postgresql", port: 5432, database: "db", username: "u" }), "one")
    assert.strictEqual(PostgresUrl.lookupPgpass(entries, { host: "h", port: 5433, database: "x", username: "u" }), "two")
    assert.strictEqual(PostgresUrl.lookupPgpass(entries, { host: "h", port: 5433, database: "x", username: "v" }), "three")
    assert.strictEqual(PostgresUrl.lookupPgpass(entries.slice(0, 2), { host: "h", port: 1, database: "x", username: "v" }), undefined)
  })

  it("round-trips any fields written with escapes", () => {
    const field = fc.string({ unit: fc.constantFrom(":", "\\", "a", "*", " ", "密") })
    fc.assert(fc.property(field, field, field, field, (host, database, username, password) => {
      const esc = (s: string) => s.replace(/[\\:]/g, (c) => `\\${c}`)
      const line = `${esc(host)}:5432:${esc(database)}:${esc(username)}:${esc(password)}`
      const parsed = PostgresUrl.parsePgpass(line)
      if (line.startsWith("#")) return parsed.length === 0
      return parsed.length === 1 && parsed[0]!.host === host && parsed[0]!.database === database && parsed[0]!.username === username &&
        parsed[0]!.password === password
    }))
  })
})
