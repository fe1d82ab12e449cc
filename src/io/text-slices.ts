/**
 * The input cut into slices of whole lines, so worker threads can parse them side by side. A cut falls after a
 * line break, which is a record boundary unless a quoted field spans it: whoever parses a slice learns which
 * (the slice then ends inside a quote) and parses it again joined to the next one.
 */
export interface TextSlice {
  text: Buffer | string;
  /** The line of the input the text starts on. */
  firstLine: number;
  /** The slice starts the input, so its first record is the header. */
  first: boolean;
  /** Nothing follows: a quote still open at its end is the input's own. */
  last: boolean;
}

const LF = 0x0a;
const CR = 0x0d;

/** Line breaks as a person counts lines: LF, CRLF and a lone CR each end one. */
export function countLineBreaks(text: Buffer | string): number {
  let count = 0;
  if (typeof text === 'string') {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== LF) count++;
  } else {
    for (let i = text.indexOf(LF); i !== -1; i = text.indexOf(LF, i + 1)) count++;
    for (let i = text.indexOf(CR); i !== -1; i = text.indexOf(CR, i + 1)) if (text[i + 1] !== LF) count++;
  }
  return count;
}

/** Where to cut: after the last LF, else (a file of lone CRs) after the last CR once it is big; 0 means read on. */
function cutAfterLastBreak(text: Buffer | string, size: number, maxSize: number): number {
  const lf = typeof text === 'string' ? text.lastIndexOf('\n') : text.lastIndexOf(LF);
  if (lf !== -1) return lf + 1;
  if (text.length < 4 * size) return 0;
  // Not a CR at the very end: the LF of its CRLF may be in the next chunk.
  const cr = typeof text === 'string' ? text.lastIndexOf('\r', text.length - 2) : text.lastIndexOf(CR, text.length - 2);
  if (cr !== -1) return cr + 1;
  // One record bigger than any the parser accepts: hand it over whole, the parser reports it.
  return text.length >= maxSize ? text.length : 0;
}

function part(text: Buffer | string, start: number, end: number): Buffer | string {
  return typeof text === 'string' ? text.slice(start, end) : text.subarray(start, end);
}

function join(parts: (Buffer | string)[]): Buffer | string {
  if (parts.length === 1) return parts[0]!;
  return typeof parts[0] === 'string' ? parts.join('') : Buffer.concat(parts as Buffer[]);
}

/**
 * Slices of about `size` (bytes, or characters for decoded text), each ending after a line break except the
 * last. `maxSize` bounds a slice without a line break (one runaway record).
 */
export async function* sliceAtLineEnds(chunks: AsyncIterable<Buffer | string>, size: number, maxSize: number): AsyncGenerator<TextSlice> {
  let parts: (Buffer | string)[] = [];
  let length = 0;
  let line = 1;
  let count = 0;
  let held: TextSlice | undefined; // one slice held back until we know whether it is the last
  const hold = (text: Buffer | string): TextSlice | undefined => {
    const previous = held;
    held = { text, firstLine: line, first: count === 0, last: false };
    count++;
    line += countLineBreaks(text);
    return previous;
  };
  for await (const chunk of chunks) {
    parts.push(chunk);
    length += chunk.length;
    if (length < size) continue;
    const text = join(parts);
    const cut = cutAfterLastBreak(text, size, maxSize);
    if (cut === 0) {
      parts = [text];
      continue;
    }
    const ready = hold(part(text, 0, cut));
    if (ready !== undefined) yield ready;
    parts = cut === text.length ? [] : [part(text, cut, text.length)];
    length = text.length - cut;
  }
  if (length > 0) {
    const ready = hold(join(parts));
    if (ready !== undefined) yield ready;
  }
  if (held !== undefined) yield { ...held, last: true };
}
