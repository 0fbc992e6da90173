/**
 * Terminal tables, one look everywhere: no colours (pipes and logs stay
 * clean), no rules between rows, numbers right-aligned.
 */
import Table from "cli-table3"

const compact = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" }

/** A table whose first column is text and the rest are numbers (unless `aligns` says otherwise). */
export const plainTable = (head: ReadonlyArray<string>, aligns?: ReadonlyArray<"left" | "right">): Table.Table =>
  new Table({
    head: [...head],
    colAligns: [...(aligns ?? head.map((_, i) => (i === 0 ? "left" : "right")))],
    style: { head: [], border: [] },
    chars: compact
  })
