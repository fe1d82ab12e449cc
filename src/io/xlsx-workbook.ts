import { Readable } from 'node:stream';
import type { Cell, Row, stream as ExcelStream } from 'exceljs';
import { CsvFileError } from './csv-file-error.js';
import type { RawInput } from './open-input.js';
import { cellText, type CellFormat } from './xlsx-cells.js';
import { chooseSheet, worksheetsOf, type WorkbookSheet } from './xlsx-sheets.js';
import { notXlsxMessage } from './workbook-kind.js';
import { holdEarlyEnd } from './zip-early-end.js';

/**
 * An .xlsx workbook opened with exceljs's streaming WorkbookReader, down to the rows of one worksheet, each as
 * the text of its cells. Only the shared strings are held for the whole workbook (Excel stores each distinct
 * text once, in its own part); the worksheet is read a chunk of XML at a time.
 */

/**
 * 'emit', not 'cache', for the shared strings: exceljs then always parks the worksheets in temporary files and
 * reads them once the whole archive has passed, when the sheet list, the styles (which tell a date from a
 * number) and every string are known, in whatever order the writer stored the parts. With a cache it reads a
 * worksheet stored after the strings at once, before a workbook.xml or styles.xml stored later (exceljs issue 3064).
 */
const READER_OPTIONS = { worksheets: 'emit', sharedStrings: 'emit', hyperlinks: 'ignore', styles: 'cache', entries: 'emit' } as const;

/** exceljs's ValueType.Formula. */
const FORMULA_TYPE = 6;

/** What the WorkbookReader knows once the workbook's parts are read: not in its typings. */
interface ReaderState {
  model?: unknown;
  workbookRels?: unknown;
  properties?: { model?: { date1904?: boolean } };
  on(event: 'entry', listener: (entry: { type?: unknown; id?: unknown }) => void): void;
}

/** A worksheet's temporary file stream, which a worksheet not read must release. */
export interface Parked {
  iterator?: { destroy?: () => void; on?: (event: 'error', listener: (error: unknown) => void) => unknown };
}

export interface OpenedSheet {
  sheet: WorkbookSheet;
  /** The workbook's other worksheets, in tab order: where to look when this one is empty. */
  others: WorkbookSheet[];
  /** The worksheet's rows, in order; Excel leaves out rows with no cell. */
  rows: AsyncIterator<Row>;
  /** A row's cells as text, holes filled with '' and trailing empty cells left out; throws on a dangling shared string. */
  readonly cellsOf: (row: Row) => string[];
  /** Releases what exceljs still holds (the other worksheets' temporary files); call once the rows are done with. */
  readonly release: () => void;
}

/** A shared string as exceljs 4.4 yields it from parse() (`{ index, text }`), or as an event should it be fixed to. */
function sharedString(item: unknown): { index: number; text: unknown } | undefined {
  const part = item as { eventType?: unknown; value?: unknown; index?: unknown; text?: unknown } | null;
  const found = part?.eventType === 'shared-strings' ? (part.value as typeof part) : part;
  return typeof found?.index === 'number' ? { index: found.index, text: found.text } : undefined;
}

function worksheetOf(item: unknown): ExcelStream.xlsx.WorksheetReader | undefined {
  const part = item as { eventType?: unknown; value?: unknown } | null;
  return part?.eventType === 'worksheet' ? (part.value as ExcelStream.xlsx.WorksheetReader) : undefined;
}

/**
 * Lets a worksheet not read go. exceljs opened its temporary file just before yielding it, and deletes the file as
 * soon as we ask for the next part: a stream destroyed while its open is still pending then fails ENOENT, with
 * nobody listening, which would end the process (seen under load). An error on a stream thrown away is no one's.
 */
export function releaseParked(worksheet: ExcelStream.xlsx.WorksheetReader | Parked): void {
  const stream = (worksheet as Parked).iterator;
  stream?.on?.('error', () => undefined);
  stream?.destroy?.();
}

/**
 * A cell's value with shared strings looked up, and a formula as its cached result (`value` drops a result of 0
 * or ""). A string the workbook does not have is an error, never a blank cell.
 */
function valueOf(cell: Cell, strings: readonly unknown[]): unknown {
  if ((cell.type as number) === FORMULA_TYPE) return { formula: true, result: cell.result as unknown };
  const value: unknown = cell.value;
  if (typeof value !== 'object' || value === null || !('sharedString' in value)) return value;
  const index = value.sharedString as number;
  if (!(index in strings)) throw new Error(`cell ${cell.address} refers to shared text number ${index}, which the workbook does not have`);
  return strings[index];
}

function cellsOf(row: Row, strings: readonly unknown[], date1904: boolean): string[] {
  const cells: (string | undefined)[] = [];
  row.eachCell((cell, column) => {
    const format: CellFormat = { numFmt: cell.numFmt, date1904 };
    cells[column - 1] = cellText(valueOf(cell, strings), format);
  });
  const texts = Array.from(cells, (text) => text ?? '');
  while (texts.length > 0 && texts.at(-1) === '') texts.pop();
  return texts;
}

/** Reads the rest of the parts without parsing them, so exceljs deletes the temporary files it made. */
async function drain(parts: AsyncIterator<unknown>): Promise<void> {
  for (let part = await parts.next(); part.done !== true; part = await parts.next()) {
    const worksheet = worksheetOf(part.value);
    if (worksheet !== undefined) releaseParked(worksheet);
  }
}

/** How the caller ends a wait on exceljs, which itself would wait for ever on an input that stopped. */
export interface WaitGuard {
  /** Settles `work`, or ends the wait once the source is closed or the input failed. */
  readonly interruptible: <T>(work: Promise<T>) => Promise<T>;
  /** Told when reading the input fails (a disk error): exceljs is not. */
  readonly failed: (error: unknown) => void;
}

/** Reads the archive and returns the worksheet chosen (`sheetName`, else the first visible one). */
export async function openWorkbookSheet(raw: RawInput, sheetName: string | undefined, guard: WaitGuard): Promise<OpenedSheet> {
  const { interruptible } = guard;
  const { default: ExcelJS } = await import('exceljs');
  const bytes = Readable.from(raw.chunks);
  bytes.on('error', (error) => guard.failed(error));
  holdEarlyEnd(bytes);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(bytes, READER_OPTIONS);
  const state = reader as unknown as ReaderState;
  let announced: string | undefined;
  state.on('entry', (entry) => {
    if (entry.type === 'worksheet') announced = `sheet${String(entry.id)}.xml`;
  });
  const parts = reader.parse();
  const strings: unknown[] = [];
  const sheets = (): WorkbookSheet[] => {
    if (state.model === undefined) throw new CsvFileError('BINARY', notXlsxMessage(raw.name));
    return worksheetsOf(state.model, state.workbookRels);
  };
  const chosen = (): WorkbookSheet => chooseSheet(sheets(), sheetName, raw.name);
  for (let part = await interruptible(parts.next()); part.done !== true; part = await interruptible(parts.next())) {
    const string = sharedString(part.value);
    if (string !== undefined) {
      strings[string.index] = string.text;
      continue;
    }
    const worksheet = worksheetOf(part.value);
    if (worksheet === undefined) continue;
    const sheet = chosen();
    if (announced !== sheet.file) {
      releaseParked(worksheet);
      continue;
    }
    const date1904 = state.properties?.model?.date1904 === true;
    return {
      sheet,
      others: sheets().filter((other) => other.file !== sheet.file),
      rows: worksheet[Symbol.asyncIterator](),
      cellsOf: (row) => cellsOf(row, strings, date1904),
      release: () => void drain(parts).catch(() => undefined),
    };
  }
  const sheet = chosen();
  throw new CsvFileError('READ_FAILED', `Cannot read the worksheet ${JSON.stringify(sheet.name)} of ${raw.name}: its cells are not where an .xlsx workbook keeps them`);
}
