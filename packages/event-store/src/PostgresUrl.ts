/**
 * PostgreSQL store URLs: `postgres://user:password@host:port/database?schema=NAME`.
 *
 * - {@link redact} shows a URL with its password replaced by `***`, whatever
 *   the password holds, even when the URL is malformed: the credentials are
 *   found by position (everything between `://` and the last `@`), not by a
 *   pattern of allowed characters.
 * - {@link resolve} reads a URL (WHATWG parsing) and completes it as libpq
 *   does: from `PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER` and `PGPASSWORD`,
 *   then from the password file (`PGPASSFILE`, default `~/.pgpass`), so a
 *   password need not appear on the command line.
 * - {@link describeFailure} names the cause of a failed connection (refused,
 *   unknown host, unknown database or user, password) with a hint.
 */
import { readFileSync, statSync } from "node:fs"
import { homedir } from "node:os"
import { join } from "node:path"
import { isSqlError } from "effect/sql/SqlError"

export const isPostgresUrl = (spec: string): boolean => /^postgres(ql)?:\/\//i.test(spec)

/** Query parameters whose values are secret. */
const isSecretParameter = (key: string): boolean => key.toLowerCase().includes("password")

/** The query of `tail` (after `?`, before `#`) with secret parameters' values replaced by `***`. */
const redactQuery = (tail: string): string => {
  const q = tail.indexOf("?")
  if (q < 0) return tail
  const hash = tail.indexOf("#", q)
  const query = tail.slice(q + 1, hash < 0 ? undefined : hash)
  const params = query.split("&").map((param) => {
    const eq = param.indexOf("=")
    return eq >= 0 && isSecretParameter(param.slice(0, eq)) ? `${param.slice(0, eq)}=***` : param
  })
  return `${tail.slice(0, q)}?${params.join("&")}${hash < 0 ? "" : tail.slice(hash)}`
}

/**
 * The URL with its password replaced by `***`, for anything a person or a
 * log may see. Never throws and never shows a character of the password:
 * the user information is everything between `://` and the last `@`, of
 * which only the user name (up to the first `:`, `/`, `?` or `#`) is shown.
 * Without `@`, a non-numeric "port" (a password missing its `@host`) is hidden.
 */
export const redact = (url: string): string => {
  const start = url.indexOf("://")
  if (start < 0) return url
  const scheme = url.slice(0, start + 3)
  const rest = url.slice(start + 3)
  const at = rest.lastIndexOf("@")
  if (at >= 0) {
    const userinfo = rest.slice(0, at)
    const userEnd = userinfo.search(/[:/?#]/)
    const user = userEnd < 0 ? userinfo : `${userinfo.slice(0, userEnd)}:***`
    return `${scheme}${user}@${redactQuery(rest.slice(at + 1))}`
  }
  const authorityEnd = rest.search(/[/?#]/)
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd)
  const colon = authority.lastIndexOf(":")
  const port = colon < 0 ? "" : authority.slice(colon + 1)
  const shown = colon >= 0 && !/^\d*$/.test(port) && !authority.endsWith("]") ? `${authority.slice(0, colon)}:***` : authority
  return `${scheme}${shown}${redactQuery(authorityEnd < 0 ? "" : rest.slice(authorityEnd))}`
}

/** A URL that cannot be used, with the reason (the URL itself, redacted, is added by the caller). */
export class InvalidUrl {
  readonly reason: string
  constructor(reason: string) {
    this.reason = reason
  }
}

/** One line of a password file. `*` in the first four fields matches anything. */
export interface PgpassEntry {
  readonly host: string
  readonly port: string
  readonly database: string
  readonly username: string
  readonly password: string
}

/**
 * The entries of a password file (`host:port:database:username:password`,
 * one a line, `\:` and `\\` escaping `:` and `\`; lines starting with `#`
 * and lines with fewer than five fields are ignored), as libpq reads it.
 */
export const parsePgpass = (text: string): Array<PgpassEntry> => {
  const entries: Array<PgpassEntry> = []
  for (const raw of text.split(/\r?\n/)) {
    if (raw.length === 0 || raw.startsWith("#")) continue
    const fields: Array<string> = []
    let field = ""
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i]!
      if (c === "\\" && i + 1 < raw.length) {
        field += raw[++i]
      } else if (c === ":" && fields.length < 4) {
        fields.push(field)
        field = ""
      } else {
        field += c
      }
    }
    if (fields.length < 4) continue
    entries.push({ host: fields[0]!, port: fields[1]!, database: fields[2]!, username: fields[3]!, password: field })
  }
  return entries
}

/** The password of the first entry matching the connection, as libpq chooses it. */
export const lookupPgpass = (
  entries: ReadonlyArray<PgpassEntry>,
  target: { readonly host: string; readonly port: number; readonly database: string; readonly username: string }
): string | undefined => {
  // libpq compares a socket connection's host as "localhost".
  const host = target.host.startsWith("/") ? "localhost" : target.host
  const matches = (pattern: string, value: string) => pattern === "*" || pattern === value
  return entries.find((e) =>
    matches(e.host, host) && matches(e.port, String(target.port)) && matches(e.database, target.database) &&
    matches(e.username, target.username)
  )?.password
}

/** Where libpq's settings come from: the environment and the home folder. */
export interface Environment {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly home: string
}

export const processEnvironment = (): Environment => ({ env: process.env, home: homedir() })

/** The password file's entries, or a note on why it was not read (libpq refuses a file others can read). */
const readPgpass = (path: string): { readonly entries: ReadonlyArray<PgpassEntry>; readonly note?: string } => {
  try {
    const stat = statSync(path)
    if (!stat.isFile()) return { entries: [] }
    if (process.platform !== "win32" && (stat.mode & 0o077) !== 0) {
      return { entries: [], note: `the password file ${path} was ignored: others may read it (chmod 600 ${path})` }
    }
    return { entries: parsePgpass(readFileSync(path, "utf8")) }
  } catch {
    return { entries: [] }
  }
}

/** Everything needed to connect, resolved. */
export interface Settings {
  /** The URL as given, redacted: what messages show. */
  readonly redacted: string
  /** The URL for the driver (without our `schema` parameter: its other parameters, such as `sslmode`, still apply). */
  readonly driverUrl: string
  readonly schema: string
  readonly host: string
  readonly port: number
  readonly database: string
  readonly username: string
  readonly password: string | undefined
  /** Where the password came from, for hints. */
  readonly passwordFrom: "url" | "PGPASSWORD" | "password file" | undefined
  /** Why the password file was not used, when it was not. */
  readonly pgpassNote: string | undefined
}

const schemaName = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

const decode = (value: string, what: string): string => {
  try {
    return decodeURIComponent(value)
  } catch {
    throw new InvalidUrl(`the ${what} holds a % that does not start a %XX escape (write % as %25)`)
  }
}

/**
 * Reads a store URL and completes it from the environment as libpq would:
 * a part missing from the URL comes from `PGHOST`, `PGPORT`, `PGDATABASE`,
 * `PGUSER`, then the defaults (localhost, 5432, the user name, `$USER`); a
 * missing password from `PGPASSWORD`, then the password file. Throws
 * {@link InvalidUrl}.
 */
export const resolve = (url: string, environment: Environment = processEnvironment()): Settings => {
  if (!isPostgresUrl(url)) throw new InvalidUrl("expected postgres://user@host:port/database")
  const rest = url.slice(url.indexOf("://") + 3)
  const at = rest.lastIndexOf("@")
  if (at >= 0) {
    // Everything before the last @ is user information: a / ? or # in it would make a URL parser end the host early.
    const special = /[/?#]/.exec(rest.slice(0, at))?.[0]
    if (special !== undefined) {
      throw new InvalidUrl(
        `the user name or password holds "${special}", which must be percent-encoded in a URL (${encodeURIComponent(special)}); ` +
          "or leave the password out of the URL and set PGPASSWORD or use ~/.pgpass"
      )
    }
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new InvalidUrl("not a valid URL (expected postgres://user@host:port/database)")
  }
  const params = parsed.searchParams
  const schema = params.get("schema") ?? "public"
  if (!schemaName.test(schema)) throw new InvalidUrl(`schema must be a plain identifier (letters, digits, _), got ${JSON.stringify(schema)}`)
  params.delete("schema")
  const { env, home } = environment
  const nonEmpty = (...values: ReadonlyArray<string | null | undefined>): string | undefined =>
    values.find((v): v is string => v !== undefined && v !== null && v !== "")
  const hostname = parsed.hostname.startsWith("[") ? parsed.hostname.slice(1, -1) : decode(parsed.hostname, "host")
  const host = nonEmpty(hostname, params.get("host"), env["PGHOST"]) ?? "localhost"
  const portText = nonEmpty(parsed.port, params.get("port"), env["PGPORT"]) ?? "5432"
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new InvalidUrl(`the port must be a number from 1 to 65535, got ${JSON.stringify(portText)}`)
  const username = nonEmpty(decode(parsed.username, "user name"), params.get("user"), env["PGUSER"], env["USER"], env["USERNAME"])
  if (username === undefined) throw new InvalidUrl("no user name: give one in the URL (postgres://USER@host/database) or PGUSER")
  const database = nonEmpty(decode(parsed.pathname.replace(/^\//, ""), "database name"), params.get("dbname"), env["PGDATABASE"]) ?? username
  const fromUrl = nonEmpty(decode(parsed.password, "password"), params.get("password"))
  const fromEnv = fromUrl === undefined ? nonEmpty(env["PGPASSWORD"]) : undefined
  const pgpass = fromUrl === undefined && fromEnv === undefined ? readPgpass(nonEmpty(env["PGPASSFILE"]) ?? join(home, ".pgpass")) : undefined
  const fromFile = pgpass === undefined ? undefined : lookupPgpass(pgpass.entries, { host, port, database, username })
  const password = fromUrl ?? fromEnv ?? fromFile
  return {
    redacted: redact(url),
    driverUrl: parsed.toString(),
    schema,
    host,
    port,
    database,
    username,
    password,
    passwordFrom: fromUrl !== undefined ? "url" : fromEnv !== undefined ? "PGPASSWORD" : fromFile !== undefined ? "password file" : undefined,
    pgpassNote: pgpass?.note
  }
}

/** Whether the URL carries a password (which then shows in the process list). */
export const hasPassword = (url: string): boolean => {
  try {
    const parsed = new URL(url)
    return parsed.password !== "" || [...parsed.searchParams.keys()].some(isSecretParameter)
  } catch {
    return url.slice(url.indexOf("://") + 3).includes("@")
  }
}

/** `text` with every occurrence of the password, raw or as written in the URL, replaced by `***`. */
export const scrub = (text: string, settings: Pick<Settings, "password">): string => {
  const secret = settings.password
  if (secret === undefined || secret === "") return text
  return [secret, encodeURIComponent(secret)].reduce((t, s) => t.split(s).join("***"), text)
}

type ReasonLike = { readonly _tag?: string; readonly message?: string; readonly cause?: { readonly code?: string; readonly message?: string } }

/**
 * A failed connection's cause in words, with the redacted URL and a hint;
 * undefined when `error` is not a connection failure.
 */
export const describeFailure = (error: unknown, settings: Settings): string | undefined => {
  if (!isSqlError(error)) return undefined
  const reason = error.reason as ReasonLike
  const operation = (error.reason as { readonly operation?: string }).operation
  if (operation !== "connect" && reason._tag !== "ConnectionError" && reason._tag !== "AuthenticationError") return undefined
  const code = reason.cause?.code
  const detail = scrub(reason.cause?.message ?? reason.message ?? "", settings)
  const where = `${settings.host}:${settings.port}`
  const passwordHint = settings.passwordFrom === undefined
    ? `none was given: set PGPASSWORD or add a line to ~/.pgpass (host:port:database:user:password)${settings.pgpassNote ? `; ${settings.pgpassNote}` : ""}`
    : `check the password (it came from ${settings.passwordFrom === "url" ? "the URL" : settings.passwordFrom})`
  const cause = (() => {
    switch (code) {
      case "ECONNREFUSED":
        return `connection refused at ${where}: is PostgreSQL running, and listening on port ${settings.port}?`
      case "ENOTFOUND":
      case "EAI_AGAIN":
      case "EAI_NONAME":
        return `unknown host ${JSON.stringify(settings.host)}: check the host name`
      case "ETIMEDOUT":
      case "EHOSTUNREACH":
      case "ENETUNREACH":
        return `no answer from ${where} (${code}): check the host, the port and the network`
      case "ENOENT":
        return `no server socket under ${settings.host}: check PGHOST or the host in the URL`
      case "3D000":
        return `database ${JSON.stringify(settings.database)} does not exist: check the database name, or create it (createdb ${settings.database})`
      case "28000":
        return /role .* does not exist/.test(detail)
          ? `user ${JSON.stringify(settings.username)} does not exist: check the user name`
          : `the server refused user ${JSON.stringify(settings.username)}: ${detail}`
      case "28P01":
        return `password authentication failed for user ${JSON.stringify(settings.username)}: ${passwordHint}`
      default:
        if (reason.message === "PgConnection: No password configured") return `the server asks for a password and ${passwordHint}`
        return detail === "" ? reason.message ?? "the connection failed" : detail
    }
  })()
  return `cannot connect to the PostgreSQL store ${settings.redacted}: ${cause}`
}
