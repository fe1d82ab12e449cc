/**
 * Lines above the header that are no part of the table, emptied before the parser sees them: Excel's `sep=;` hint
 * (a first line Excel writes, and reads, to name the delimiter) and lines of delimiters alone (a row of empty cells
 * a spreadsheet saved above the header). Kept, either one was taken for the header ("headers found: sep=", "none")
 * and the run stopped. Each is emptied to its bare line break, so line numbers stay the file's and the parser skips
 * it as the blank line it now is. Only the lines before the first with anything else in them are looked at; a line
 * of delimiters below the header is a row, and stays one.
 */

type Chunk = Buffer | string;

/** A `sep=X` first line: X, the delimiter it names. */
const SEPARATOR_LINE = /^sep=([^\r\n"])(?:\r\n|\n|\r|$)/i;
/** A byte-order mark, as text or as UTF-8's bytes read as latin1. */
const BOM = /^(?:\uFEFF|\xEF\xBB\xBF)/;
/** A line above the header longer than this is the header (or no text at all): left alone. */
const MAX_LEADING_LINE = 64 * 1024;

/** The delimiter a `sep=X` first line names, if the text starts with one. */
export function separatorLineDelimiter(headText: string): string | undefined {
  return SEPARATOR_LINE.exec(headText.replace(BOM, ''))?.[1];
}

/** The text with its leading `sep=` line and lines of delimiters alone emptied; everything from the header on as it was. */
export async function* withoutLeadingNonRows(chunks: AsyncIterable<Chunk>, delimiter: string): AsyncGenerator<Chunk> {
  let line = '';
  let first = true;
  /** The kind of chunk the held line came in, to give it back in. */
  let kind: Chunk = '';
  const iterator = chunks[Symbol.asyncIterator]();
  for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
    const chunk = next.value;
    kind = chunk;
    const text = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    let from = 0;
    for (let end = lineBreakAt(text, from); end >= 0; end = lineBreakAt(text, from)) {
      line += text.slice(from, end);
      const kind = lineKind(line, delimiter, first);
      if (kind === 'content') {
        // The header: what was held of its line, then the rest as it came.
        yield* rest(chunk, line, from, end);
        yield* drain(iterator);
        return;
      }
      const breakLength = text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1;
      yield piece(chunk, (kind === 'blank' ? line : bom(line)) + text.slice(end, end + breakLength));
      first = false;
      line = '';
      from = end + breakLength;
    }
    line += text.slice(from);
    if (line.length > MAX_LEADING_LINE) {
      yield piece(chunk, line);
      yield* drain(iterator);
      return;
    }
  }
  if (line !== '') yield piece(kind, line);
}

function lineBreakAt(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (text[i] === '\n' || text[i] === '\r') return i;
  return -1;
}

/**
 * `non-row`: a `sep=` first line, or delimiters with nothing but blanks besides; `blank`: nothing but blanks, left
 * to the parser, which skips it; `content`: anything else, the header.
 */
function lineKind(line: string, delimiter: string, first: boolean): 'non-row' | 'blank' | 'content' {
  const text = line.replace(BOM, '');
  if (text.trim() === '') return 'blank';
  if (first && SEPARATOR_LINE.test(text)) return 'non-row';
  return text.split(delimiter).every((cell) => cell.trim() === '') ? 'non-row' : 'content';
}

async function* drain(iterator: AsyncIterator<Chunk>): AsyncGenerator<Chunk> {
  for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
}

/** A BOM the line started with stays: the parser takes it off the input's first bytes only. */
function bom(line: string): string {
  return BOM.exec(line)?.[0] ?? '';
}

/** The header line as held (its start from earlier chunks), then the rest of its chunk, in the chunk's own kind. */
function* rest(chunk: Chunk, held: string, from: number, end: number): Generator<Chunk> {
  const earlier = held.slice(0, held.length - (end - from));
  if (earlier !== '') yield piece(chunk, earlier);
  // A Buffer was read as latin1, one char a byte: the char index is the byte index.
  yield typeof chunk === 'string' ? chunk.slice(from) : chunk.subarray(from);
}

/** Text held from earlier chunks, back in the chunk's kind (Buffers were read as latin1: one char a byte). */
function piece(chunk: Chunk, text: string): Chunk {
  return typeof chunk === 'string' ? text : Buffer.from(text, 'latin1');
}
