/**
 * Decoding lines of the interchange format into a columnar batch of encoded
 * events, with the line each came from and the lines that could not be read.
 */
import { Interchange } from "@groundbreak/domain"
import * as EncodedBatch from "@groundbreak/event-store/EncodedBatch"

export interface Rejected {
  readonly line: number
  readonly reason: string
  /** The line: as it stood in the file when it could not be decoded, else the event's canonical line. */
  readonly text: string
}

export interface ParsedChunk {
  readonly batch: EncodedBatch.EncodedBatch
  /** The line of each event of the batch. */
  readonly line: Int32Array
  readonly errors: ReadonlyArray<Rejected>
  /** Lines in the chunk, blank ones included. */
  readonly lineCount: number
  /** Bytes of the source the chunk was read from (0 when it was given as text). */
  readonly byteCount: number
}

/** Decodes `lines`, the first of which is line `firstLine` of the source. */
export const parseLines = (lines: ReadonlyArray<string>, firstLine: number, byteCount = 0): ParsedChunk => {
  const builder = new EncodedBatch.Builder(lines.length)
  const line = new Int32Array(lines.length)
  const errors: Array<Rejected> = []
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!
    const result = Interchange.parseLineEncoded(text, firstLine + i)
    if (result === undefined) continue
    if (Interchange.isLineError(result)) errors.push({ ...result, text })
    else line[builder.add(result)] = firstLine + i
  }
  return { batch: builder.build(), line: line.slice(0, builder.length), errors, lineCount: lines.length, byteCount }
}

/** Strict UTF-8: bytes that are not UTF-8 are an error, never replacement characters; a byte order mark is kept as text. */
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
/** For showing a line that is not UTF-8 in the rejects, as best it can be shown. */
const lenient = new TextDecoder("utf-8")
const newline = 10

/** Whether the first `end` bytes hold a byte that cannot be UTF-8 (a character cut off at the end is not counted). */
const breaksAt = (bytes: Uint8Array, end: number): boolean => {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end), { stream: true })
    return false
  } catch {
    return true
  }
}

/** Where the bytes of one line stop being UTF-8 (found by bisection: once broken, every longer prefix is), for the error message. */
const notUtf8 = (bytes: Uint8Array): string => {
  let low = 0, high = bytes.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (breaksAt(bytes, mid + 1)) high = mid
    else low = mid + 1
  }
  return (low < bytes.length
    ? `not valid UTF-8 (byte 0x${bytes[low]!.toString(16).toUpperCase().padStart(2, "0")} at byte ${low + 1} of the line)`
    : "not valid UTF-8 (the line ends inside a character)") + "; the interchange format is UTF-8 only"
}

/**
 * Decodes a chunk of whole lines of UTF-8, the first of which is line
 * `firstLine` of the source (a byte order mark at the very start of the
 * source is skipped). A line that is not UTF-8 is an error naming the line.
 */
export const parseBytes = (bytes: Uint8Array, firstLine: number): ParsedChunk => {
  const bom = firstLine === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  const body = bytes.subarray(bom)
  let text: string | undefined
  try {
    text = utf8.decode(body)
  } catch {
    // Some line is not UTF-8: decoded line by line below, to name it.
  }
  if (text !== undefined) return parseLines(splitLines(text), firstLine, bytes.length)
  const lines: Array<string> = []
  const errors: Array<Rejected> = []
  for (let start = 0, line = firstLine; start < body.length; line++) {
    const at = body.indexOf(newline, start)
    const end = at === -1 ? body.length : at
    const lineBytes = body.subarray(start, end)
    try {
      lines.push(utf8.decode(lineBytes))
    } catch {
      lines.push("")
      errors.push({ line, reason: notUtf8(lineBytes), text: lenient.decode(lineBytes) })
    }
    start = end + 1
  }
  const chunk = parseLines(lines.map((l) => l.endsWith("\r") ? l.slice(0, -1) : l), firstLine, bytes.length)
  return { ...chunk, errors: [...chunk.errors, ...errors].sort((a, b) => a.line - b.line) }
}

/** A line longer than the format allows, which was skipped without being read into memory. */
export const tooLongLine = (line: number, bytes: number): ParsedChunk => {
  const empty = parseLines([], line)
  return { ...empty, errors: [{ ...Interchange.lineTooLong(line, bytes), text: "" }], lineCount: 1, byteCount: bytes + 1 }
}

/** Splits a chunk of text that holds whole lines (the last may lack its newline). */
export const splitLines = (text: string): Array<string> => {
  const lines = text.split("\n")
  if (lines[lines.length - 1] === "") lines.pop()
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!
    if (l.endsWith("\r")) lines[i] = l.slice(0, -1)
  }
  return lines
}

/** What a parse thread sends once it has loaded its modules and listens for chunks. */
export const parseWorkerReady = "ready"

/** The buffers a parsed chunk can hand to another thread without copying. */
export const transferables = (c: ParsedChunk): Array<ArrayBuffer> => [...EncodedBatch.transferables(c.batch), c.line.buffer as ArrayBuffer]
