/**
 * Text from a ledger or a scenario, made safe where it is shown. On a
 * terminal, control characters (C0, DEL, C1, line and paragraph separators)
 * and bidirectional controls (which can reorder what a reader sees, as in
 * "Trojan Source") are shown as visible escapes: `\r`, `\t`, `\n`, `\u202E`.
 * In a spreadsheet (CSV, xlsx), a text cell that starts like a formula
 * (`=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`, so it stays
 * text (CSV injection); numbers are left alone.
 */

/** Characters a terminal must not receive raw. */
const unsafeOnTerminal = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

const named: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" }

/** `text` with every control and bidi character replaced by a visible escape. */
export const forTerminal = (text: string): string =>
  text.replace(unsafeOnTerminal, (c) => named[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`)

/** What starts a formula in Excel, LibreOffice or Google Sheets. */
const formulaStart = /^[=+\-@\t\r]/

/** A spreadsheet cell's value: text that would start a formula is prefixed with `'`; anything else (numbers too) as it is. */
export const forSpreadsheet = <A>(value: A): A | string =>
  typeof value === "string" && formulaStart.test(value) ? `'${value}` : value
