import { CsvFileError } from './csv-file-error.js';
import type { InputRecord } from './input-record.js';
import type { CsvSource, Truncation } from './read-csv.js';
import type { TextSlice } from './text-slices.js';

/**
 * A CsvSource over records that code hands over (an array, a generator, a database cursor) instead of a file: each
 * record an object of header -> value, the first record's keys the header. Records are pulled one at a time, so a
 * generator is read no faster than the run takes rows. There is no file: no size (no %), no identity, no slices.
 */

/** What a cell may be given as: text as it is, a number or boolean as written, a Date as ISO 8601, nothing as empty. */
export type CellValue = string | number | bigint | boolean | Date | null | undefined;

/** Records as objects of header -> CellValue, in order; read once. */
export type RecordObjects = Iterable<object> | AsyncIterable<object>;

export interface RecordsSourceOptions {
  /** How messages and the summary name the input. */
  name?: string;
  /** Stops reading, as SIGINT stops a file: `records` then simply end. */
  signal?: AbortSignal;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function cellText(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  // An invalid Date reads "Invalid Date", which the date check then rejects with the row, as it would in a file.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  return undefined;
}

/** A record's cells in header order, or why it has none: a key the header lacks, or a value that is not a cell. */
function cellsOf(value: unknown, row: number, keys: readonly string[], columns: ReadonlyMap<string, number>): string[] | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `record ${row} is ${describe(value)}: each record is an object of header -> value`;
  }
  const cells = new Array<string>(keys.length).fill('');
  for (const [key, cell] of Object.entries(value)) {
    const column = columns.get(key);
    if (column === undefined) {
      const header = keys.map((name) => JSON.stringify(name)).join(', ');
      return `record ${row} has the key ${JSON.stringify(key)}, which the first record does not have: the first record's keys are the header (${header}), so give it every key (a missing key is an empty cell)`;
    }
    const text = cellText(cell);
    if (text === undefined) {
      return `record ${row}: ${JSON.stringify(key)} is ${describe(cell)}; a cell is text, a number, a boolean, a Date, null or undefined`;
    }
    cells[column] = text;
  }
  return cells;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function asyncIterator(records: RecordObjects): AsyncIterator<unknown> {
  if (Symbol.asyncIterator in records) return records[Symbol.asyncIterator]();
  const iterator = records[Symbol.iterator]();
  // A throwing iterable rejects, as an async one would.
  return {
    next: () => new Promise((resolve) => resolve(iterator.next())),
    return: () => new Promise((resolve) => resolve(iterator.return?.() ?? { done: true, value: undefined })),
  };
}

/**
 * Reads the first record for the header; the records then stream. No record, or a first one with no keys, is a
 * usage error (exit 2, nothing sent). A later record that cannot be read (a key the header lacks, a value that is
 * not a cell, the iterable throwing) stops the reading there, as a read error stops a file: the rows before it are
 * processed and the run reports it (exit 4), its reason naming the record.
 */
export async function openRecords(records: RecordObjects, options: RecordsSourceOptions = {}): Promise<CsvSource> {
  const name = options.name ?? 'records';
  const iterator = asyncIterator(records);
  let first: IteratorResult<unknown>;
  try {
    first = await iterator.next();
  } catch (error) {
    throw new CsvFileError('READ_FAILED', `Cannot read ${name}: ${messageOf(error)}`, { cause: error });
  }
  if (first.done === true) throw new CsvFileError('EMPTY', `No record in ${name}: expected at least one, whose keys are the header`);
  const keys = typeof first.value === 'object' && first.value !== null && !Array.isArray(first.value) ? Object.keys(first.value) : [];
  if (keys.length === 0) {
    void iterator.return?.();
    throw new CsvFileError('BAD_HEADER', `The first record of ${name} is ${describe(first.value)} with no keys: its keys are the header`);
  }
  const columns = new Map(keys.map((key, index) => [key, index]));
  /** Handed out as row 1, then dropped. */
  let firstRecord: unknown = first.value;

  let row = 0;
  let truncation: Truncation | undefined;
  let closed = false;
  /** The iterable was read to its end or threw: it has nothing to release. */
  let finished = false;
  let wake = (): void => undefined;
  /** Settles on close(), so a pending read of a stalled iterable cannot hold the run. */
  const closing = new Promise<undefined>((resolve) => (wake = () => resolve(undefined)));

  const close = (): void => {
    if (closed) return;
    closed = true;
    options.signal?.removeEventListener('abort', close);
    wake();
    // A generator's finally blocks run (its cursor or file is released); a rejection there is the iterable's own.
    if (!finished) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  };
  const ended = (): IteratorReturnResult<undefined> => {
    close();
    return { done: true, value: undefined };
  };
  const stop = (reason: string): IteratorReturnResult<undefined> => {
    truncation ??= { line: row, reason };
    return ended();
  };

  async function next(): Promise<IteratorResult<InputRecord>> {
    if (closed) return ended();
    row += 1;
    let value: unknown = firstRecord;
    firstRecord = undefined;
    if (row > 1) {
      let result: IteratorResult<unknown> | undefined;
      try {
        result = await Promise.race([iterator.next(), closing]);
      } catch (error) {
        finished = true;
        return closed ? ended() : stop(`reading record ${row} failed: ${messageOf(error)}`);
      }
      if (result === undefined || closed) return ended();
      if (result.done === true) {
        finished = true;
        return ended();
      }
      value = result.value;
    }
    const cells = cellsOf(value, row, keys, columns);
    if (typeof cells === 'string') return stop(cells);
    // A record has no line of its own: its number stands in, in the results' `line` column and in messages.
    return { done: false, value: { row, line: row, fields: cells } };
  }

  const iterable: AsyncIterableIterator<InputRecord> = {
    next,
    return: () => Promise.resolve(ended()),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  if (options.signal?.aborted === true) close();
  else options.signal?.addEventListener('abort', close, { once: true });
  return {
    name,
    header: keys.map((key) => key.trim()),
    delimiter: ',',
    encoding: 'utf-8',
    readAs: 'records',
    bytesRead: () => 0,
    shareThrough: () => undefined,
    identity: undefined,
    truncation: () => truncation,
    stoppedAt(stopped) {
      truncation ??= stopped;
    },
    records: iterable,
    slices(): AsyncIterable<TextSlice> {
      throw new TypeError(`${name} are read record by record: they have no slices of text`);
    },
    close,
  };
}
