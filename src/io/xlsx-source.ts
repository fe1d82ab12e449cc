import { CliError } from '../errors.js';
import { CsvFileError, readError } from './csv-file-error.js';
import type { InputRecord } from './input-record.js';
import type { RawInput } from './open-input.js';
import type { CsvSource, Truncation } from './read-csv.js';
import type { TextSlice } from './text-slices.js';
import { otherZipKind } from './workbook-kind.js';
import { sheetInputName, type WorkbookSheet } from './xlsx-sheets.js';
import { CLOSED, Waits } from './waits.js';
import { openWorkbookSheet, type OpenedSheet } from './xlsx-workbook.js';

/**
 * A CsvSource over one worksheet of an .xlsx workbook: the first row with a value is the header, each later row
 * with a value a record (blank rows skipped, as blank lines are in a CSV file), its `line` the row number Excel
 * shows. A row shorter than the header is padded with empty cells, as Excel leaves trailing empty cells out.
 * There is no text to slice: validate reads it record by record. No share of the file either, as the sheet is
 * compressed: progress shows counts only.
 */

export interface XlsxReadOptions {
  /** --sheet: the worksheet to read; default the first visible one. */
  sheet?: string | undefined;
  /** Ends the wait while the archive is read (exit 130), as it ends the wait for a FIFO to open. */
  signal?: AbortSignal | undefined;
}

const interrupted = () => new CliError('Interrupted while opening the input.', 130);

/** What went wrong reading the workbook, in a person's words: a disk error as for any file, else the archive's. */
function workbookError(error: unknown, name: string): CliError {
  if (error instanceof CliError) return error;
  if (typeof (error as { code?: unknown } | null)?.code === 'string') return readError(error, name);
  const message = error instanceof Error ? error.message : String(error);
  // unzipper's word for an archive that stops before its end.
  const reason = message === 'FILE_ENDED' ? 'it ends early, as if cut short' : message;
  return new CsvFileError('READ_FAILED', `Cannot read ${name} as an Excel workbook (${reason}): the file may be damaged; open it in Excel and save it again`, { cause: error });
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Where else to look when the sheet read is empty (a blank Sheet1 before the data): the others, and --sheet. */
function elsewhere(others: readonly WorkbookSheet[]): string {
  if (others.length === 0) return '';
  return `. The workbook's other worksheets: ${others.map((sheet) => JSON.stringify(sheet.name)).join(', ')}; give the one to read with --sheet`;
}

/** The first row with a value, trimmed as a CSV header is. */
async function readHeader(opened: OpenedSheet, waits: Waits, name: string): Promise<string[]> {
  for (;;) {
    const next = await waits.run(opened.rows.next());
    if (next === CLOSED) throw interrupted();
    if (next.done === true) throw new CsvFileError('EMPTY', `${name} is empty: expected a header row${elsewhere(opened.others)}`);
    const cells = opened.cellsOf(next.value);
    if (!isBlank(cells)) return cells.map((cell) => cell.trim());
  }
}

/** Reads the workbook up to the chosen worksheet's header; its records then stream. `head`: its first bytes, sniffed. */
export async function openXlsx(raw: RawInput, head: Uint8Array, options: XlsxReadOptions = {}): Promise<CsvSource> {
  const other = otherZipKind(head, raw.name);
  if (other !== undefined) throw new CsvFileError('BINARY', other);
  const waits = new Waits();
  const stopOpening = () => waits.close();
  if (options.signal?.aborted === true) throw interrupted();
  options.signal?.addEventListener('abort', stopOpening, { once: true });
  let opened: OpenedSheet | undefined;
  try {
    opened = await openWorkbookSheet(raw, options.sheet, {
      interruptible: async (work) => {
        const result = await waits.run(work);
        if (result === CLOSED) throw interrupted();
        return result;
      },
      failed: (error) => waits.fail(error),
    });
    const name = sheetInputName(raw.name, opened.sheet);
    const header = await readHeader(opened, waits, name);
    return sheetSource(raw, opened, { name, header }, waits);
  } catch (error) {
    void opened?.rows.return?.();
    throw workbookError(error, raw.name);
  } finally {
    options.signal?.removeEventListener('abort', stopOpening);
  }
}

function sheetSource(raw: RawInput, opened: OpenedSheet, found: Pick<CsvSource, 'name' | 'header'>, waits: Waits): CsvSource {
  const { name, header } = found;
  let row = 0;
  /** The Excel row of the last row read: where a read error is reported after. */
  let line = 0;
  let truncation: Truncation | undefined;
  let closed = false;
  /** The worksheet was read to its end. */
  let finished = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    waits.close();
    // Read to the end, exceljs's temporary files are deleted now (the run goes on); closed early (an error, an
    // interrupt: the process may exit at once), they are left to exceljs's own clean-up at exit, which cannot be cut short.
    if (finished) opened.release();
    else void opened.rows.return?.();
    raw.destroy();
  };
  const ended = (): IteratorReturnResult<undefined> => {
    close();
    return { done: true, value: undefined };
  };
  async function next(): Promise<IteratorResult<InputRecord>> {
    for (;;) {
      if (closed) return ended();
      let fields: string[];
      try {
        const result = await waits.run(opened.rows.next());
        if (result === CLOSED) return ended();
        if (result.done === true) {
          finished = true;
          return ended();
        }
        fields = opened.cellsOf(result.value);
        line = result.value.number;
      } catch (error) {
        // The row that could not be read is the one after the last read (near enough when Excel left rows out).
        truncation ??= { line: line + 1, reason: workbookError(error, name).message };
        return ended();
      }
      if (isBlank(fields)) continue;
      while (fields.length < header.length) fields.push('');
      row += 1;
      return { done: false, value: { row, line, fields } };
    }
  }
  const records: AsyncIterableIterator<InputRecord> = {
    next,
    return: () => Promise.resolve(ended()),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return {
    name,
    header,
    delimiter: ',',
    encoding: 'utf-8',
    readAs: 'records',
    ...(raw.totalBytes === undefined ? {} : { totalBytes: raw.totalBytes }),
    bytesRead: () => raw.bytesRead(),
    shareThrough: () => undefined,
    identity: raw.identity,
    truncation: () => truncation,
    stoppedAt(stop) {
      truncation ??= stop;
    },
    records,
    slices(): AsyncIterable<TextSlice> {
      throw new TypeError(`${name} is read record by record: a worksheet has no slices of text`);
    },
    close,
  };
}
