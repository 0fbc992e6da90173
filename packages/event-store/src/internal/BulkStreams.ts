/**
 * What the SQL stores' bulk writers track per stream: its id, its version
 * before the bulk append, and its version now.
 */
export interface StreamState {
  readonly id: number
  /** Version before the bulk append. */
  readonly before: number
  version: number
}

/** For each stream written to that existed before the bulk append, its version then (`BulkWriter.versionsBefore`). */
export const versionsBefore = (streams: ReadonlyMap<string, StreamState>): ReadonlyMap<string, number> => {
  const before = new Map<string, number>()
  for (const [projectId, s] of streams) if (s.before > 0 && s.version > s.before) before.set(projectId, s.before)
  return before
}
