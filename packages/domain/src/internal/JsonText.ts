/**
 * What `JSON.parse` hides: a scan of a line of JSON text (already known to be
 * valid JSON) for what would not survive the trip into the store and back
 * out, which `JSON.parse` silently resolves: a key given twice in one object
 * (the last one wins), a number that is not exactly the value it is read as
 * (12345678901234567891 becomes 12345678901234567000), and `-0` (exported as
 * `0`). It also bounds the nesting, so nothing recursive ever meets a value
 * nested thousands deep. One pass over the characters.
 */

export interface TextProblem {
  /** Where, as a field path (`data.amount`, `[0]`). */
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
  /** A value nested too deep can only be reported, not shown or decoded further. */
  readonly kind: "depth" | "duplicate" | "number"
}

/** How deep objects and arrays may nest in a line (an event nests two deep). */
export const maxDepth = 32

interface Frame {
  /** The keys seen so far, for an object; `undefined` for an array. */
  readonly keys: Set<string> | undefined
  /** The current key of an object, or index of an array. */
  at: PropertyKey | undefined
}

const pathOf = (frames: ReadonlyArray<Frame>): Array<PropertyKey> =>
  frames.flatMap((f) => f.at === undefined ? [] : [f.at])

/** A decimal number in JSON notation as `[-]significant digits e exponent`, so that two spellings of one value compare equal. */
const normalDecimal = (text: string): string => {
  let i = 0
  const negative = text.charCodeAt(0) === 45
  if (negative) i++
  let digits = ""
  let exponent = 0
  let fraction = false
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 46) fraction = true
    else if (c === 101 || c === 69) {
      exponent += Number(text.slice(i + 1))
      break
    } else {
      digits += text[i]
      if (fraction) exponent--
    }
  }
  let start = 0
  while (start < digits.length - 1 && digits.charCodeAt(start) === 48) start++
  let end = digits.length
  while (end > start + 1 && digits.charCodeAt(end - 1) === 48) {
    end--
    exponent++
  }
  const significant = digits.slice(start, end)
  return significant === "0" ? "0" : `${negative ? "-" : ""}${significant}e${exponent}`
}

/** Whether a JSON number token denotes exactly the value it parses to (and is not -0). */
const numberProblem = (token: string): string | undefined => {
  const value = Number(token)
  if (Object.is(value, -0)) return `${token} is negative zero, which is exported as 0`
  // Integers of up to 15 digits are always exact.
  if (token.length <= 15 && /^-?\d+$/.test(token)) return undefined
  if (!Number.isFinite(value)) return `${token} is beyond the range of numbers`
  if (normalDecimal(token) === normalDecimal(String(value))) return undefined
  return `${token} cannot be held exactly (it would be read and exported as ${String(value)})`
}

/**
 * The first problem in `text`, valid JSON: nesting deeper than {@link maxDepth},
 * a key repeated in one object, or a number that does not survive a round
 * trip. `undefined` when there is none.
 */
export const firstProblem = (text: string): TextProblem | undefined => {
  const frames: Array<Frame> = []
  let expectKey = false
  const n = text.length
  for (let i = 0; i < n;) {
    const c = text.charCodeAt(i)
    if (c === 34 /* " */) {
      let j = i + 1
      let escaped = false
      for (;;) {
        const d = text.charCodeAt(j)
        if (d === 34) break
        if (d === 92 /* \ */) {
          escaped = true
          j += 2
        } else j++
      }
      if (expectKey) {
        const frame = frames[frames.length - 1]!
        const key = escaped ? JSON.parse(text.slice(i, j + 1)) as string : text.slice(i + 1, j)
        frame.at = key
        if (frame.keys!.has(key)) return { path: pathOf(frames), message: "the field appears more than once in its object", kind: "duplicate" }
        frame.keys!.add(key)
        expectKey = false
      }
      i = j + 1
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (frames.length === maxDepth) return { path: pathOf(frames), message: `nested more than ${maxDepth} levels deep`, kind: "depth" }
      const isObject = c === 123
      frames.push({ keys: isObject ? new Set() : undefined, at: isObject ? undefined : 0 })
      expectKey = isObject
      i++
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      frames.pop()
      i++
    } else if (c === 44 /* , */) {
      const frame = frames[frames.length - 1]!
      if (frame.keys === undefined) frame.at = (frame.at as number) + 1
      else expectKey = true
      i++
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      let j = i + 1
      for (; j < n; j++) {
        const d = text.charCodeAt(j)
        if (!((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45)) break
      }
      const problem = numberProblem(text.slice(i, j))
      if (problem !== undefined) return { path: pathOf(frames), message: problem, kind: "number" }
      i = j
    } else i++
  }
  return undefined
}
