import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CsvFileError } from '../../src/io/csv-file-error.js';
import type { InputRecord } from '../../src/io/input-record.js';
import { openCsv, type CsvReadOptions } from '../../src/io/read-csv.js';
import { FORMULA_ERROR } from '../../src/io/xlsx-cells.js';
import { streamedWorkbook, workbookBytes, zipOf, type FixtureCell, type FixtureSheet } from '../support/workbook.js';
import { collect, lines, readCsv, stdinOf, useTempDir } from './helpers.js';

const dir = useTempDir();

const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));

/** Each kind of cell: [case, the cell as written, the text read]. */
const CELLS: [string, FixtureCell, string][] = [
  ['text', 'Ann Lee', 'Ann Lee'],
  ['text with a line break', 'line one\nline two', 'line one\nline two'],
  ['rich text', { richText: [{ text: 'Ann ' }, { font: { bold: true }, text: 'Lee' }] }, 'Ann Lee'],
  ['a phone Excel turned into a number', 14155552671, '14155552671'],
  ['a phone with a leading zero, kept by its format', { value: 7700900123, numFmt: '00000000000' }, '07700900123'],
  ['a 15-digit integer', 123456789012345, '123456789012345'],
  // Written out (1234567890123460000) it would be another number, which no check could tell from a real one.
  ['an integer past 15 digits, its lost digits shown as Excel shows them', Number('1234567890123456789'), '1.23456789012346E+18'],
  ['a decimal', 19.99, '19.99'],
  ['binary noise past 15 digits', 0.1 + 0.2, '0.3'],
  ['a small decimal, without an exponent', 0.0000123, '0.0000123'],
  ['a negative number', -42.5, '-42.5'],
  ['a date', { value: at(2024, 3, 15), numFmt: 'yyyy-mm-dd' }, '2024-03-15'],
  ['a date shown month first', { value: at(2024, 3, 15), numFmt: 'mm/dd/yyyy' }, '2024-03-15'],
  ['a date-time, without a zone', { value: at(2024, 3, 15, 9, 5), numFmt: 'yyyy-mm-dd hh:mm' }, '2024-03-15T09:05:00'],
  ['midnight in a date-time format', { value: at(2024, 3, 15), numFmt: 'yyyy-mm-dd hh:mm' }, '2024-03-15T00:00:00'],
  ['a time alone', { value: at(1899, 12, 30, 9, 5), numFmt: 'hh:mm' }, '09:05:00'],
  ['a formula with a text result', { formula: 'A1&"x"', result: 'Annx' }, 'Annx'],
  ['a formula with a number result', { formula: '1+1', result: 2 }, '2'],
  ['a formula whose result is 0', { formula: '1-1', result: 0 }, '0'],
  ['a formula with a date result', { value: { formula: 'TODAY()', result: at(2024, 1, 2) }, numFmt: 'yyyy-mm-dd' }, '2024-01-02'],
  ['a formula not calculated yet', { formula: '1+1' }, ''],
  ['a formula with an error result (exceljs loses which)', { formula: 'NA()', result: { error: '#N/A' } }, FORMULA_ERROR],
  ['a hyperlink', { text: 'example.com', hyperlink: 'https://example.com' }, 'example.com'],
  ['TRUE', true, 'TRUE'],
  ['FALSE', false, 'FALSE'],
  ['an error', { error: '#N/A' }, '#N/A'],
  ['an empty cell', null, ''],
];

const cellRows = (): FixtureCell[][] => [['case', 'value', 'after'], ...CELLS.map(([label, cell]) => [label, cell, 'end'])];

async function readBook(name: string, sheets: readonly FixtureSheet[], options?: CsvReadOptions) {
  return readCsv(await dir.write(name, await workbookBytes(sheets)), options);
}

async function failure(run: () => Promise<unknown>): Promise<CsvFileError> {
  const error = await run().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(CsvFileError);
  expect((error as CsvFileError).exitCode).toBe(2);
  return error as CsvFileError;
}

describe('xlsx: each kind of cell reads as Excel shows it', () => {
  const written = new Map<string, Map<string, string[]>>();
  beforeAll(async () => {
    const whole = await readBook('cells.xlsx', [{ name: 'Cells', rows: cellRows() }]);
    const streamed = dir.path('cells-streamed.xlsx');
    await streamedWorkbook(streamed, [{ name: 'Cells', rows: cellRows() }]);
    const byStream = await readCsv(streamed);
    for (const [writer, { records }] of [['whole', whole], ['streamed', byStream]] as const) {
      written.set(writer, new Map(records.map((record) => [record.fields[0]!, record.fields])));
    }
  });

  it.each(CELLS)('%s', (label, _cell, text) => {
    for (const byLabel of written.values()) expect(byLabel.get(label)).toEqual([label, text, 'end']);
  });
});

describe('xlsx: rows', () => {
  const sheet: FixtureSheet = {
    name: 'Contacts',
    rows: [[], [' crm_id ', 'phone_number ', 'first_name', 'last_name'], ['A1', 14155552671, 'Ann', 'Lee'], ['A2', 14155552672], [], [null, '  '], ['A3', 14155552673, 'Cy']],
  };
  let read: Awaited<ReturnType<typeof readBook>>;
  beforeAll(async () => {
    read = await readBook('rows.xlsx', [sheet]);
  });

  it('takes the first row with a value as the header, trimmed', () => {
    expect(read.source.header).toEqual(['crm_id', 'phone_number', 'first_name', 'last_name']);
  });

  it('pads short rows with empty cells, skips blank rows, and gives each record its Excel row number as its line', () => {
    expect(lines(read.records)).toEqual([
      [3, 'A1', '14155552671', 'Ann', 'Lee'],
      [4, 'A2', '14155552672', '', ''],
      [7, 'A3', '14155552673', 'Cy', ''],
    ]);
    expect(read.records.map((record) => record.row)).toEqual([1, 2, 3]);
  });

  it('names the worksheet read, and is read record by record: no slices, no share of the file', () => {
    expect(read.source.name).toMatch(/rows\.xlsx \[Contacts\]$/);
    expect(read.source.readAs).toBe('records');
    expect(read.source.identity).toBeDefined();
    expect(read.source.shareThrough({ row: 1 })).toBeUndefined();
    expect(read.source.truncation()).toBeUndefined();
    expect(() => read.source.slices(1024)).toThrow(/record by record/);
  });

  it('is told by its bytes, whatever its name, and reads from standard input too', async () => {
    const bytes = await workbookBytes([sheet]);
    const misnamed = await readCsv(await dir.write('contacts.csv', bytes));
    const piped = await readCsv('-', { stdin: stdinOf(bytes, 1000) });
    for (const other of [misnamed, piped]) expect(lines(other.records)).toEqual(lines(read.records));
    expect(piped.source.name).toBe('standard input [Contacts]');
  });

  it('stops reading when closed', async () => {
    const source = await openCsv(await dir.write('close.xlsx', await workbookBytes([sheet])));
    const iterator = source.records[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ row: 1 });
    source.close();
    expect((await iterator.next()).done).toBe(true);
  });
});

describe('xlsx: which worksheet', () => {
  const sheets: FixtureSheet[] = [
    { name: 'Notes', rows: [['note'], ['hidden away']], state: 'hidden' },
    { name: 'Contacts', rows: [['crm_id'], ['C1']] },
    { name: 'Leads', rows: [['crm_id'], ['L1'], ['L2']] },
  ];
  const cellsOf = (records: InputRecord[]) => records.map((record) => record.fields[0]);

  it.each([
    ['the first visible one by default', undefined, 'Contacts', ['C1']],
    ['the one --sheet names', 'Leads', 'Leads', ['L1', 'L2']],
    ['whatever the case, as in Excel', 'leads', 'Leads', ['L1', 'L2']],
    ['a hidden one when named', 'Notes', 'Notes', ['hidden away']],
  ])('%s', async (_label, sheet, name, cells) => {
    const { source, records } = await readBook('sheets.xlsx', sheets, sheet === undefined ? {} : { sheet });
    expect(source.name).toMatch(new RegExp(`sheets\\.xlsx \\[${name}\\]$`));
    expect(cellsOf(records)).toEqual(cells);
  });

  it('says where else to look when the sheet read is empty: the other worksheets, and --sheet', async () => {
    const file = await dir.write('blank-first.xlsx', await workbookBytes([{ name: 'Sheet1', rows: [] }, ...sheets]));
    const error = await failure(() => openCsv(file));
    expect(error.code).toBe('EMPTY');
    expect(error.message).toMatch(
      /blank-first\.xlsx \[Sheet1\] is empty: expected a header row\. The workbook's other worksheets: "Notes", "Contacts", "Leads"; give the one to read with --sheet$/,
    );
  });

  it('refuses an unknown sheet (exit 2), listing the worksheets there are', async () => {
    const file = await dir.write('unknown.xlsx', await workbookBytes(sheets));
    const error = await failure(() => openCsv(file, { sheet: 'Laeds' }));
    expect(error.code).toBe('UNKNOWN_SHEET');
    expect(error.message).toMatch(/unknown\.xlsx has no worksheet named "Laeds": its worksheets are "Notes", "Contacts", "Leads"\. Give one of them with --sheet\.$/);
  });
});

describe('xlsx: what is still refused, clearly', () => {
  const odsMimetype = { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet' };
  it.each([
    ['an OpenDocument spreadsheet', 'list.ods', zipOf([odsMimetype, { name: 'content.xml', data: '<x/>' }]), {}, 'BINARY', /list\.ods is an OpenDocument spreadsheet \(\.ods\): save it as an Excel workbook \(\.xlsx\) or as "CSV UTF-8" first$/],
    ['an .ods misnamed', 'list.csv', zipOf([odsMimetype]), {}, 'BINARY', /list\.csv is an OpenDocument spreadsheet/],
    ['a Numbers document', 'list.numbers', zipOf([{ name: 'Index/Document.iwa', data: 'x' }]), {}, 'BINARY', /list\.numbers is an Apple Numbers document: export it as Excel \(\.xlsx\) or CSV first$/],
    ['an .xlsb workbook', 'list.xlsb', zipOf([{ name: 'xl/workbook.bin', data: 'x' }]), {}, 'BINARY', /\(\.xlsb\): save it as an Excel workbook \(\.xlsx\)/],
    ['another zip archive', 'photos.zip', zipOf([{ name: 'a.txt', data: 'hello' }]), {}, 'BINARY', /photos\.zip is a zip archive, not an Excel workbook \(\.xlsx\) or CSV/],
    ['an old .xls workbook', 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x0a]), {}, 'BINARY', /old\.xls looks like an old Excel workbook \(\.xls\).*save it as an Excel workbook \(\.xlsx\) or as "CSV UTF-8"/],
    ['a damaged workbook', 'cut.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]), {}, 'READ_FAILED', /Cannot read .*cut\.xlsx as an Excel workbook \(it ends early, as if cut short\): the file may be damaged/],
    ['a workbook compressed with gzip', 'book.xlsx.gz', gzipSync(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])), {}, 'BINARY', /book\.xlsx\.gz looks like a zip archive.*inside gzip/],
    ['--sheet for a CSV file', 'plain.csv', 'a,b\n1,2\n', { sheet: 'Leads' }, 'BAD_OPTION', /--sheet is for an Excel workbook \(\.xlsx\), and .*plain\.csv is not one/],
  ] as [string, string, string | Buffer, CsvReadOptions, string | RegExp, RegExp][])('%s', async (_label, name, content, options, code, message) => {
    const error = await failure(async () => collect(await openCsv(await dir.write(name, content), options)));
    expect(error.code).toMatch(code);
    expect(error.message).toMatch(message);
  });
});
