/**
 * A record whose quoted field runs over several lines, read again: is it one record, or rows a stray quote joined?
 *
 * A quote that opens a field and never closes properly (`"Called, left msg`, then `wants 6" frame` 200 lines
 * further) made csv-parse read every line between as part of that one field: 200 contacts vanished into a notes
 * column, and the run said all was well. Two shapes are told apart here; pure, and called only for the rare record
 * that spans lines.
 *
 * - A stray quote. `relax_quotes` keeps the field's opening quote in its value when the quote that closed it was
 *   followed by text (`6" frame`): the quoting is broken, not a multi-line cell. No line between can hold a quote
 *   (the first would have ended the field), so each is split at the delimiter exactly as it would have been read:
 *   every line is a record again, the opening quote read as text, as `relax_quotes` reads any other stray quote.
 * - Rows swallowed by a quote that did close (`6"` at a line's end). That is valid CSV, and a multi-line note is
 *   common; but lines inside it that each hold as many delimiters as a row are rows. The record is then malformed:
 *   nothing of it is sent, and its message names the lines, so nothing disappears silently.
 */

/** Lines inside one field that look like rows (as many delimiters as the header) before the field is taken for rows swallowed. */
const ROW_LIKE_LINES = 2;
/** A header this narrow makes too many lines of a note look like rows (one comma in a two-column file). */
const MIN_HEADER_WIDTH = 3;

const LINE_BREAK = /\r\n|\n|\r/;

export type SpannedReading =
  /** The field's opening quote was stray: the record read again, one per line it spans. */
  | { kind: 'stray-quote'; column: number; records: string[][] }
  /** The field holds lines that look like rows: `rowLike` of the `lines` it spans. */
  | { kind: 'rows-inside'; column: number; lines: number; rowLike: number };

/** How to read a record whose fields hold line breaks; undefined when it is an ordinary multi-line record. */
export function readSpannedRecord(fields: readonly string[], delimiter: string, headerWidth: number | undefined): SpannedReading | undefined {
  const column = fields.findIndex((field) => field.includes('\n') || field.includes('\r'));
  if (column < 0) return undefined;
  const field = fields[column]!;
  const lines = field.split(LINE_BREAK);
  if (field.startsWith('"') && lines.at(-1)!.includes('"')) {
    const records = lines.map((line) => line.split(delimiter));
    records[0] = [...fields.slice(0, column), ...records[0]!];
    records[records.length - 1]!.push(...fields.slice(column + 1));
    return { kind: 'stray-quote', column, records };
  }
  if (headerWidth === undefined || headerWidth < MIN_HEADER_WIDTH) return undefined;
  const rowLike = lines.slice(1).filter((line) => delimitersIn(line, delimiter) === headerWidth - 1).length;
  return rowLike >= ROW_LIKE_LINES ? { kind: 'rows-inside', column, lines: lines.length, rowLike } : undefined;
}

function delimitersIn(line: string, delimiter: string): number {
  return line.split(delimiter).length - 1;
}
