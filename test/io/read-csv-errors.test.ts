import { chmod, mkdir } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CsvFileError } from '../../src/io/csv-file-error.js';
import { openCsv, type CsvReadOptions } from '../../src/io/read-csv.js';
import { UsageError } from '../../src/errors.js';
import { collect, stdinOf, useTempDir } from './helpers.js';

const dir = useTempDir();

async function failure(run: () => Promise<unknown>): Promise<CsvFileError> {
  const error = await run().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(CsvFileError);
  expect(error).toBeInstanceOf(UsageError);
  const csvError = error as CsvFileError;
  expect(csvError.exitCode).toBe(2);
  expect(csvError.message).not.toContain('\n');
  return csvError;
}

const damagedGzip = Buffer.from([0x1f, 0x8b, 0x63, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x4c]);
const utf16NoBom = Buffer.from('name,city\nAnn,Oslo\n', 'utf16le');
const latin1 = Buffer.from('name;city\nJos\xe9;Z\xfcrich\n', 'latin1');
// Excel for Mac's plain "CSV": Mac Roman (0x8E is é there, Ž in Windows-1252), lines ending in CR alone.
const macRoman = Buffer.from('name;city\rAnn;Oslo\rRen\x8ee;Paris\r', 'latin1');

describe('openCsv: input it cannot read', () => {
  it.each([
    ['an empty file', 'empty.csv', '', {}, 'EMPTY', /empty\.csv is empty: expected a header row$/],
    ['a file with only a BOM', 'bom.csv', '\uFEFF', {}, 'EMPTY', /bom\.csv is empty: expected a header row$/],
    ['a file of blank lines', 'blank.csv', '\n\r\n  \n\n', {}, 'EMPTY', /blank\.csv is empty/],
    ['a UTF-16 file with only a BOM', 'bom16.csv', Buffer.from([0xff, 0xfe]), {}, 'EMPTY', /bom16\.csv is empty/],
    ['a binary file', 'binary.csv', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x0a]), {}, 'BINARY', /binary\.csv looks like a binary file, not CSV/],
    ['an Excel workbook inside gzip', 'book.csv.gz', gzipSync(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])), {}, 'BINARY', /book\.csv\.gz looks like a zip archive \(an Excel workbook\?\) inside gzip/],
    ['UTF-16 without a BOM', 'utf16.csv', utf16NoBom, {}, 'BINARY', /utf16\.csv looks like UTF-16LE text.*--encoding utf-16le/],
    ['Latin-1 read as UTF-8', 'latin1.csv', latin1, {}, 'NOT_UTF8', /latin1\.csv is not UTF-8 text \(byte 0xE9 on line 2\).*--encoding latin1/],
    ['Mac Roman with CR line ends read as UTF-8', 'mac.csv', macRoman, {}, 'NOT_UTF8', /mac\.csv is not UTF-8 text \(byte 0x8E on line 3\).*--encoding macintosh/],
    ['a .gz name that is not gzip', 'plain.csv.gz', 'a,b\n1,2\n', {}, 'NOT_GZIP', /plain\.csv\.gz is named \.gz but is not gzip-compressed/],
    ['a damaged gzip file', 'bad.csv.gz', damagedGzip, {}, 'CORRUPT_GZIP', /bad\.csv\.gz is not valid gzip data \(.+\): the file may be truncated or damaged$/],
    ['an unknown encoding', 'enc.csv', 'a\n', { encoding: 'klingon' }, 'BAD_OPTION', /Unknown encoding "klingon": use one of utf-8, utf-16le, utf-16be, latin1, windows-1252/],
    ['a bad delimiter', 'delim.csv', 'a\n', { delimiter: ';;' }, 'BAD_OPTION', /Invalid delimiter ";;"/],
    ['a quote as delimiter', 'delim2.csv', 'a\n', { delimiter: '"' }, 'BAD_OPTION', /Invalid delimiter/],
    ['an unclosed quote in the header', 'header.csv', 'a,"b\n1,2\n', {}, 'BAD_HEADER', /header row of .*header\.csv could not be read: unclosed quote/],
  ] as [string, string, string | Buffer, CsvReadOptions, string, RegExp][])('%s', async (_label, name, content, options, code, message) => {
    const file = await dir.write(name, content);
    const error = await failure(() => openCsv(file, options));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('a missing file', async () => {
    const error = await failure(() => openCsv(dir.path('nope.csv')));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe(`Input file not found: ${dir.path('nope.csv')} (check the path, or use - to read standard input)`);
  });

  it('a directory', async () => {
    await mkdir(dir.path('folder.csv'));
    const error = await failure(() => openCsv(dir.path('folder.csv')));
    expect(error.code).toBe('IS_DIRECTORY');
    expect(error.message).toBe(`${dir.path('folder.csv')} is a directory: not a CSV file`);
  });

  it.skipIf(process.getuid?.() === 0)('a file it may not read', async () => {
    const file = await dir.write('secret.csv', 'a\n1\n');
    await chmod(file, 0o000);
    const error = await failure(() => openCsv(file));
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.message).toBe(`Permission denied reading ${file}: check its permissions`);
  });

  it('standard input that is a terminal', async () => {
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    const error = await failure(() => openCsv('-', { stdin: tty }));
    expect(error.code).toBe('NO_INPUT');
  });

  it('empty standard input', async () => {
    const error = await failure(() => openCsv('-', { stdin: stdinOf('') }));
    expect(error.message).toBe('standard input is empty: expected a header row');
  });

  it('a gzip file cut short ends the records and says where reading stopped (the run reports it, exit 4)', async () => {
    const whole = gzipSync(Buffer.from('a,b\n' + '1,2\n'.repeat(200_000)));
    const file = await dir.write('late-cut.csv.gz', whole.subarray(0, whole.length - 20));
    const source = await openCsv(file);
    const records = await collect(source);
    expect(records.length).toBeGreaterThan(100_000);
    expect(records.length).toBeLessThan(200_000);
    expect(source.truncation()).toEqual({ line: records.at(-1)!.line + 1, reason: expect.stringMatching(/not valid gzip data/) as unknown });
  });
});
