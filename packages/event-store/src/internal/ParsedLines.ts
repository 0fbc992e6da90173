/**
 * Decoding lines of the interchange format into a columnar batch of encoded
 * events, with the line each came from and the lines that could not be read.
 */
import { EncodedEvent, Interchange } from "@groundbreak/domain"
import * as EncodedBatch from "../EncodedBatch.ts"

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
    const result = Interchange.parseLine(text, firstLine + i)
    if (result === undefined) continue
    if (Interchange.isLineError(result)) errors.push({ ...result, text })
    else line[builder.add(EncodedEvent.encodeParts(result))] = firstLine + i
  }
  return { batch: builder.build(), line: line.slice(0, builder.length), errors, lineCount: lines.length, byteCount }
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

/** The buffers a parsed chunk can hand to another thread without copying. */
export const transferables = (c: ParsedChunk): Array<ArrayBuffer> => [...EncodedBatch.transferables(c.batch), c.line.buffer as ArrayBuffer]
