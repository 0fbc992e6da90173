/**
 * A spreadsheet file as a grid of cells, whatever its format: xlsx through
 * exceljs (merged cells read as their master's value, formulas as their
 * result, rich text as its text), CSV through csv-parse in UTF-8 (with or
 * without a byte-order mark) or, when the bytes are not UTF-8, GB18030, the
 * encoding Excel on Chinese Windows saves CSV in.
 */
import { parse } from "csv-parse/sync"
import { Effect, Schema } from "effect"
import ExcelJS from "exceljs"
import { readFile } from "node:fs/promises"
import { basename, extname } from "node:path"
import type { Cell } from "./CellValues.ts"

export interface Sheet {
  readonly name: string
  /** Rows from the top, each cell from the left (0-based); missing cells are undefined. */
  readonly rows: ReadonlyArray<ReadonlyArray<Cell | undefined>>
}

export interface Workbook {
  readonly file: string
  readonly sheets: ReadonlyArray<Sheet>
}

export class WorkbookUnreadable extends Schema.TaggedError<WorkbookUnreadable>()("WorkbookUnreadable", {
  file: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.file}: ${this.reason}`
  }
}

/** The A1 name of a cell from 0-based row and column: `cellName(11, 5)` is `F12`. */
export const cellName = (row: number, column: number): string => {
  let name = ""
  for (let c = column + 1; c > 0; c = Math.floor((c - 1) / 26)) name = String.fromCharCode(65 + ((c - 1) % 26)) + name
  return `${name}${row + 1}`
}

type ExcelValue = ExcelJS.CellValue

const plainValue = (value: ExcelValue): Cell["value"] => {
  if (value === null || value === undefined) return null
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("")
    if ("formula" in value || "sharedFormula" in value) {
      const result = (value as { result?: unknown }).result
      if (result === undefined || result === null) return null
      if (typeof result === "object" && result !== null && "error" in result) return String((result as { error: unknown }).error)
      return result as Cell["value"]
    }
    if ("text" in value) return String((value as { text: unknown }).text)
    if ("error" in value) return String(value.error)
  }
  return String(value)
}

const fromExcel = async (file: string, bytes: Uint8Array): Promise<Workbook> => {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  const sheets = workbook.worksheets.map((worksheet): Sheet => {
    const rows: Array<Array<Cell | undefined>> = []
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Array<Cell | undefined> = []
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        const value = plainValue(cell.value)
        if (value !== null) cells[columnNumber - 1] = { value, numFmt: cell.numFmt }
      })
      rows[rowNumber - 1] = cells
    })
    for (let i = 0; i < rows.length; i++) rows[i] ??= []
    return { name: worksheet.name, rows }
  })
  return { file, sheets }
}

/** The text of CSV bytes: UTF-8 (byte-order mark dropped) when they are valid UTF-8, else GB18030. */
export const decodeCsvBytes = (bytes: Uint8Array): string => {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return new TextDecoder("gb18030").decode(bytes)
  }
}

const fromCsv = (file: string, bytes: Uint8Array): Workbook => {
  const records = parse(decodeCsvBytes(bytes), { relax_column_count: true, skip_empty_lines: false, bom: true }) as Array<Array<string>>
  // A text cell written as '=… (so that a spreadsheet does not run it) reads as what it says.
  const rows = records.map((r) => r.map((text): Cell | undefined => (text.trim() === "" ? undefined : { value: /^'[=+\-@]/.test(text) ? text.slice(1) : text })))
  return { file, sheets: [{ name: basename(file, extname(file)), rows }] }
}

/** Reads an xlsx or CSV workbook from bytes; the file name tells the format. */
export const fromBytes = (file: string, bytes: Uint8Array): Effect.Effect<Workbook, WorkbookUnreadable> => {
  const ext = extname(file).toLowerCase()
  if (ext === ".csv" || ext === ".txt") {
    return Effect.try({ try: () => fromCsv(file, bytes), catch: (e) => new WorkbookUnreadable({ file, reason: `not readable as CSV: ${(e as Error).message}` }) })
  }
  if (ext === ".xlsx" || ext === ".xlsm") {
    return Effect.tryPromise({
      try: () => fromExcel(file, bytes),
      catch: (e) => new WorkbookUnreadable({ file, reason: `not readable as an xlsx workbook: ${(e as Error).message}` })
    })
  }
  return Effect.fail(
    new WorkbookUnreadable({ file, reason: `expected an .xlsx or .csv file, found ${ext === "" ? "no extension" : ext}${ext === ".xls" ? " (save it as .xlsx)" : ""}` })
  )
}

/** Reads an xlsx or CSV workbook from a file. */
export const read = (file: string): Effect.Effect<Workbook, WorkbookUnreadable> =>
  Effect.tryPromise({ try: () => readFile(file), catch: (e) => new WorkbookUnreadable({ file, reason: `cannot read: ${(e as Error).message}` }) }).pipe(
    Effect.flatMap((bytes) => fromBytes(file, bytes))
  )
