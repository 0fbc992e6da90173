/** Whether some connection holds a SQLite store's write lock: taking it without waiting fails. */
import { DatabaseSync } from "node:sqlite"

export const writeLocked = (path: string): boolean => {
  const probe = new DatabaseSync(path)
  try {
    probe.exec("PRAGMA busy_timeout = 0")
    probe.exec("BEGIN IMMEDIATE")
    probe.exec("ROLLBACK")
    return false
  } catch (error) {
    if (/locked|busy/i.test((error as Error).message)) return true
    throw error
  } finally {
    probe.close()
  }
}
