import type { InputRecord } from './input-record.js';

/**
 * Where records lie in the input, so progress can count the rows done rather than the bytes read ahead of them.
 * Offsets are in the text the parsers read: the file unzipped, decoded and (for the record parser) UTF-8.
 */

/** A record by what a source can place it by: its row (read record by record) or its first line (read in slices). */
export type RecordPlace = Pick<InputRecord, 'row'> & Partial<Pick<InputRecord, 'line'>>;

/**
 * Text offsets as a share of the file: scaled by the file bytes read per unit of text so far (1 for UTF-8; about 2
 * for UTF-16, a little under 1 for accented windows-1252 re-encoded as UTF-8). The two counts are taken together,
 * chunk by chunk, as the text passes. No share without a size (standard input, a pipe) or for gzip, whose size is
 * the compressed one: no text offset maps onto it.
 */
export class TextPosition {
  readonly #fileBytesRead: () => number;
  readonly #fileSize: number | undefined;
  #text = 0;
  #file = 0;

  constructor(fileBytesRead: () => number, fileSize: number | undefined) {
    this.#fileBytesRead = fileBytesRead;
    this.#fileSize = fileSize;
  }

  /**
   * The text, counted as it passes. `utf8`: strings become Buffers, as the record parser would turn them anyway,
   * so offsets are UTF-8 bytes, which is what csv-parse counts; otherwise a unit is whatever `length` counts.
   */
  async *measure(chunks: AsyncIterable<Buffer | string>, utf8: boolean): AsyncGenerator<Buffer | string> {
    for await (const chunk of chunks) {
      const text = utf8 && typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      this.#text += text.length;
      this.#file = this.#fileBytesRead();
      yield text;
    }
  }

  /** The share of the file before text offset `offset`, from 0 to 1; undefined when it cannot be known. */
  share(offset: number): number | undefined {
    if (this.#fileSize === undefined || this.#fileSize === 0 || this.#text === 0) return undefined;
    return Math.min(1, (offset * this.#file) / this.#text / this.#fileSize);
  }
}

/** Rows remembered: more than the deepest window a run keeps (256 requests × 64 rows, plus the checker's batches). */
const ROWS_KEPT = 1 << 16;

/**
 * The text offset where each recent record ends, by row: a ring of fixed size (512 KiB whatever the input), one
 * store a record. Progress asks about the last row done, which trails the reading by the run's window.
 */
export class RowEnds {
  readonly #ends = new Float64Array(ROWS_KEPT);
  #last = -1;

  note(row: number, end: number): void {
    this.#ends[row % ROWS_KEPT] = end;
    this.#last = row;
  }

  /** Where record `row` ends (0 is the header); undefined when not read yet or no longer remembered. */
  endOf(row: number): number | undefined {
    if (!Number.isInteger(row) || row < 0 || row > this.#last || row <= this.#last - ROWS_KEPT) return undefined;
    return this.#ends[row % ROWS_KEPT];
  }
}

interface SliceMark {
  firstLine: number;
  /** Line breaks in the slice: the lines that start in it. */
  lines: number;
  start: number;
  end: number;
}

/** Slices remembered (128 KiB each): far more than validate has in flight (two per worker). */
const SLICES_KEPT = 256;

/**
 * Where the slices handed out lie, by line, for a source read in slices (the records are parsed on other threads,
 * so only lines are known here). A record is placed by interpolating its line within its slice: exact for the
 * last record of a slice, which is the one a run has just finished with.
 */
export class SliceEnds {
  readonly #marks: SliceMark[] = [];
  #offset = 0;

  note(firstLine: number, lines: number, length: number): void {
    this.#marks.push({ firstLine, lines, start: this.#offset, end: (this.#offset += length) });
    if (this.#marks.length > SLICES_KEPT) this.#marks.shift();
  }

  /** Where the record starting on `line` ends, as near as lines tell; undefined when not handed out or no longer remembered. */
  endOf(line: number): number | undefined {
    const first = this.#marks[0];
    if (first === undefined || line < first.firstLine) return undefined;
    for (let i = this.#marks.length - 1; i >= 0; i--) {
      const mark = this.#marks[i]!;
      if (mark.firstLine > line) continue;
      const within = mark.lines === 0 ? 1 : Math.min(1, (line - mark.firstLine + 1) / mark.lines);
      return mark.start + within * (mark.end - mark.start);
    }
    return undefined;
  }
}
