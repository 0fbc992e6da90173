/**
 * The CSV every command writes: a UTF-8 byte-order mark first (so Excel on
 * Chinese Windows reads it as UTF-8), and every text cell that would start a
 * formula neutralised (`SafeText.forSpreadsheet`); numbers as they are.
 */
import { stringify } from "csv-stringify/sync"
import { SafeText } from "@groundbreak/domain"

const byteOrderMark = "\uFEFF"

/** The rows as one CSV document. */
export const document = (rows: ReadonlyArray<ReadonlyArray<unknown>>): string =>
  byteOrderMark + stringify(rows.map((row) => row.map(SafeText.forSpreadsheet)))
