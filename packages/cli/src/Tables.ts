/**
 * Terminal tables, one look everywhere: no colours (pipes and logs stay
 * clean), no rules between rows, numbers right-aligned. Every cell and
 * heading passes through `SafeText.forTerminal`, so text from a ledger
 * cannot move the cursor or reorder what is shown.
 */
import Table from "cli-table3"
import { SafeText } from "@groundbreak/domain"

const compact = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" }

const safeCell = (cell: Table.Cell): Table.Cell =>
  typeof cell === "string"
    ? SafeText.forTerminal(cell)
    : cell !== null && typeof cell === "object" && typeof cell.content === "string"
    ? { ...cell, content: SafeText.forTerminal(cell.content) }
    : cell

/** A table whose first column is text and the rest are numbers (unless `aligns` says otherwise). */
export const plainTable = (head: ReadonlyArray<string>, aligns?: ReadonlyArray<"left" | "right">): Table.Table => {
  const table = new Table({
    head: head.map(SafeText.forTerminal),
    colAligns: [...(aligns ?? head.map((_, i) => (i === 0 ? "left" : "right")))],
    style: { head: [], border: [] },
    chars: compact
  })
  const push = table.push.bind(table)
  table.push = (...rows) => push(...rows.map((row) => (Array.isArray(row) ? row.map(safeCell) : row)))
  return table
}
