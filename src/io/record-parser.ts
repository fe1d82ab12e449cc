import type { TransformCallback } from 'node:stream';
import { Parser, type CsvError } from 'csv-parse';
import { mayHoldOddBytes, takeCellBytes } from './cell-bytes.js';
import type { RowEnds } from './input-position.js';
import type { InputRecord } from './input-record.js';
import { LineTracker } from './line-tracker.js';
import { readSpannedRecord, type SpannedReading } from './spanned-record.js';

/** A record bigger than this is taken for a quote that never closes; it bounds memory on a huge file. */
export const DEFAULT_MAX_RECORD_BYTES = 8 * 1024 * 1024;

export interface RecordParserOptions {
  delimiter: string;
  maxRecordBytes?: number;
  /** The line the text starts on, when it is a slice of a file that starts later than line 1 (default 1). */
  firstLine?: number;
  /** Told where each record ends in the text (csv-parse's byte count), for progress. */
  rowEnds?: RowEnds;
  /** The header's cells, when the text is a slice without it: what a record spanning lines is measured against. */
  header?: readonly string[];
}

/** Errors after which csv-parse cannot find the next record: the rest of the input is one malformed record. */
const FATAL = new Set<string>(['CSV_QUOTE_NOT_CLOSED', 'CSV_MAX_RECORD_SIZE']);

/**
 * csv-parse emitting InputRecords, in order: row 0 is the header, then row 1, 2, ... with the line each starts on.
 *
 * Broken quoting: `relax_quotes` reads a stray quote (`a"b`, `"b"c`) as part of the value, which keeps every row;
 * without it csv-parse's skip mode stays inside the quote and swallows the rows that follow. A record csv-parse
 * skips (`skip_records_with_error`) becomes a `malformed` record in its place. An unclosed quote runs to the
 * end of the input (or past `maxRecordBytes`): that is one last malformed record holding what was read, and
 * the stream then ends normally.
 */
export class RecordParser extends Parser {
  readonly #lines: LineTracker;
  readonly #maxRecordBytes: number;
  readonly #rowEnds: RowEnds | undefined;
  readonly #delimiter: string;
  #header: readonly string[] | undefined;
  /** The header came with the options: the text is a slice, and its first record may be a row. */
  readonly #headerGiven: boolean;
  #row = 0;
  /** The code of the fatal error that ended reading, if one did. */
  #stopped: string | undefined;
  /** Set once a chunk held a NUL or a marked byte: from then on every record's cells are looked at (clean files never are). */
  #lookAtCells = false;

  constructor(options: RecordParserOptions) {
    const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    super({
      delimiter: options.delimiter,
      // All three, not the first one seen, so a file with mixed line endings still splits into records.
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      bom: true,
      max_record_size: maxRecordBytes,
    });
    this.#maxRecordBytes = maxRecordBytes;
    this.#lines = new LineTracker(options.firstLine);
    this.#rowEnds = options.rowEnds;
    this.#delimiter = options.delimiter;
    this.#header = options.header;
    this.#headerGiven = options.header !== undefined;
    // csv-parse emits 'skip' synchronously, so a record pushed here keeps its place in the order.
    this.on('skip', (err: CsvError) => {
      this.#onSkip(err);
    });
  }

  // csv-parse calls push once per record while `info` is current: reading it here costs nothing, unlike `info: true`.
  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) return super.push(null, encoding);
    if (this.#stopped !== undefined) return false;
    const fields = chunk as string[];
    const line = this.#lines.recordStart(this.info.lines, this.info.empty_lines, fields);
    // A line of spaces is blank to a person, like the empty lines csv-parse skips.
    if (isBlank(fields)) return true;
    if (this.#row === 0 && !this.#headerGiven) this.#header = fields;
    else if (this.#lines.spanned) {
      const reading = readSpannedRecord(fields, this.#delimiter, this.#header?.length);
      if (reading !== undefined) return this.#pushSpanned(reading, line, fields);
    }
    return this.#pushRecord({ row: this.#row++, line, fields });
  }

  #pushRecord(record: InputRecord): boolean {
    if (this.#lookAtCells) this.#noteOddBytes(record);
    this.#rowEnds?.note(record.row, this.info.bytes);
    return super.push(record);
  }

  /** A record spanning lines that was rows joined by a quote: each line a record again, or the whole one malformed. */
  #pushSpanned(reading: SpannedReading, line: number, fields: string[]): boolean {
    const column = this.#columnName(reading.column);
    if (reading.kind === 'rows-inside') {
      const last = line + reading.lines - 1;
      const malformed = `the quoted field in ${column} runs from line ${line} to line ${last}, and ${reading.rowLike} of those lines look like rows of their own (as many delimiters as the header): a quote probably does not close where it was meant to, so none of them was read as a row (check the quotes from line ${line})`;
      return this.#pushRecord({ row: this.#row++, line, fields, malformed });
    }
    let more = true;
    for (const [index, cells] of reading.records.entries()) {
      if (isBlank(cells)) continue;
      const record: InputRecord = { row: this.#row++, line: line + index, fields: cells };
      if (index === 0 && cells.length !== this.#header?.length) {
        record.malformed = `a quote opens ${column} on line ${line} and is not closed on it (the quote that ended the field, ${reading.records.length - 1} line(s) further, is followed by text): read as text, so each of those lines is a row of its own`;
      }
      more = this.#pushRecord(record);
    }
    return more;
  }

  #columnName(index: number): string {
    const name = this.#header?.[index]?.trim();
    return name ? `column "${name}"` : `column ${index + 1}`;
  }

  override _transform(chunk: unknown, encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.#stopped !== undefined) {
      callback(); // after a fatal error the rest is drained unread, so the source still ends normally
      return;
    }
    if (!this.#lookAtCells && (Buffer.isBuffer(chunk) || typeof chunk === 'string')) this.#lookAtCells = mayHoldOddBytes(chunk);
    super._transform(chunk, encoding, callback);
  }

  #noteOddBytes(record: InputRecord): void {
    const oddBytes = takeCellBytes(record.fields);
    if (oddBytes !== undefined) record.oddBytes = oddBytes;
  }

  #onSkip(err: CsvError): void {
    if (this.#stopped !== undefined) return;
    const line = this.#lines.skippedStart(this.info.empty_lines);
    const record: InputRecord = { row: this.#row++, line, fields: this.#partialRecord(), malformed: this.#reason(err, line) };
    if (this.#lookAtCells) this.#noteOddBytes(record);
    this.#rowEnds?.note(record.row, this.info.bytes);
    super.push(record);
    if (FATAL.has(err.code)) this.#stopped = err.code;
  }

  /** Set when the input ended inside a quoted field (its last record is the malformed rest of the input). */
  get endedInQuote(): boolean {
    return this.#stopped === 'CSV_QUOTE_NOT_CLOSED';
  }

  /** Set when a record outgrew maxRecordBytes: nothing after it was read. */
  get gaveUp(): boolean {
    return this.#stopped === 'CSV_MAX_RECORD_SIZE';
  }

  #reason(err: CsvError, line: number): string {
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      return `unclosed quote: a quoted field in the record starting on line ${line} never closes, so the rest of the input could not be read`;
    }
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      return `record starting on line ${line} is larger than ${this.#maxRecordBytes} bytes (probably a quote that never closes): the rest of the input was not read`;
    }
    return `${err.message.replace(/\s+/g, ' ')}, line ${line}`;
  }

  /** The values read so far: csv-parse keeps them in its undocumented `state`, read defensively so a change there only loses them. */
  #partialRecord(): string[] {
    const state = (this as unknown as { state?: { record?: unknown; field?: unknown } }).state;
    const fields = Array.isArray(state?.record) ? state.record.filter((field): field is string => typeof field === 'string') : [];
    const field = state?.field as { length?: unknown; toString?: (encoding: string) => unknown } | undefined;
    if (typeof field?.toString === 'function' && typeof field.length === 'number') {
      const text = field.toString('utf8');
      if (typeof text === 'string') fields.push(text);
    }
    return fields;
  }
}

function isBlank(fields: readonly string[]): boolean {
  return fields.length === 1 && fields[0]!.trim() === '';
}
