import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDeduper, mapHeader } from '../../src/contacts/index.js';
import { openCsv } from '../../src/io/read-csv.js';
import { sliceAtLineEnds, countLineBreaks } from '../../src/io/text-slices.js';
import { checkBatches, checkSlices, type RowVerdict } from '../../src/run/check-rows.js';
import { growingChecker, inlineChecker } from '../../src/check/checker.js';
import type { PreparedInput } from '../../src/run/prepare-input.js';
import { stdinOf } from '../io/helpers.js';

/**
 * validate parses the input in slices cut at line breaks, on several threads; import reads it record by record.
 * Both must see the same records: same rows, lines, cells, verdicts, whatever the slice size and the file's quirks.
 */

const HEADER = 'crm_id,phone_number,opt_in_date,first_name';

async function prepared(text: string | Uint8Array, readAs: 'records' | 'slices', chunkSize: number, encoding?: string): Promise<PreparedInput> {
  const source = await openCsv('-', { stdin: stdinOf(text, chunkSize), readAs, ...(encoding === undefined ? {} : { encoding }) });
  const mapping = mapHeader(source.header, {});
  const setup = { header: source.header, overrides: {}, checkOptions: {}, delimiter: source.delimiter, keepFields: true };
  return { source, mapping, deduper: createDeduper('first'), checkOptions: {}, notices: [], checker: inlineChecker(mapping, setup) };
}

function summary(verdict: RowVerdict) {
  const { record, checked } = verdict;
  return [record.row, record.line, record.fields, checked.crmId, checked.phone, checked.issues, verdict.duplicateOf];
}

async function byRecords(text: string | Uint8Array, encoding?: string): Promise<unknown[]> {
  const input = await prepared(text, 'records', 64 * 1024, encoding);
  const out: unknown[] = [];
  for await (const batch of checkBatches(input, 'first', input.checker)) out.push(...batch.map(summary));
  return out;
}

async function bySlices(text: string | Uint8Array, sliceSize: number, chunkSize: number, encoding?: string): Promise<unknown[]> {
  const input = await prepared(text, 'slices', chunkSize, encoding);
  const out: unknown[] = [];
  for await (const batch of checkSlices(input, 'first', input.checker, sliceSize)) out.push(...batch.map(summary));
  return out;
}

const row = (i: number) => `C-${i},+1415555${String(1000 + i)},2024-01-0${1 + (i % 9)},Name ${i}`;
const rows = (n: number, eol = '\n') => Array.from({ length: n }, (_, i) => row(i + 1)).join(eol);

const CASES: [string, string][] = [
  ['plain LF', `${HEADER}\n${rows(40)}\n`],
  ['CRLF', `${HEADER}\r\n${rows(40, '\r\n')}\r\n`],
  ['lone CR line ends', `${HEADER}\r${rows(10, '\r')}\r`],
  ['no line break at the end', `${HEADER}\n${rows(12)}`],
  ['a BOM', `\uFEFF${HEADER}\n${rows(8)}\n`],
  ["Excel's sep= line and a line of delimiters above the header", `sep=,\r\n,,,\r\n${HEADER}\r\n${rows(8, '\r\n')}\r\n`],
  ['blank lines and lines of spaces', `\n\n${HEADER}\n\n${row(1)}\n   \n\n${row(2)}\n\n\n${row(3)}\n\n`],
  ['quoted line breaks (LF and CRLF) in cells', `${HEADER}\n${row(1)}\nC-2,+14155551002,2024-01-01,"two\nlines"\r\nC-3,+14155551003,2024-01-01,"three\r\nlines\nhere"\n${row(4)}\n"C-5",+14155551005,2024-01-01,"a ""quoted"" word\n"\n${row(6)}\n`],
  ['a header with a quoted line break', `crm_id,phone_number,opt_in_date,"first\nname"\n${rows(6)}\n`],
  ['stray quotes in unquoted cells', `${HEADER}\nC-1,+14155551001,2024-01-01,5" screen\nC-2,+14155551002,2024-01-01,"b"c\n${row(3)}\n`],
  ['ragged rows and invalid cells', `${HEADER}\nC-1,+1 555,2024-01-01\nC-2,+14155551002,yesterday,Ann,extra\n,+14155551003,2024-01-01,*Bob\n${row(4)}\n`],
  ['duplicates', `${HEADER}\n${row(1)}\n${row(2)}\n${row(1)}\n${row(3)}\n${row(2)}\n`],
  ['a stray quote opening a cell, closed lines later by a quote followed by text', `${HEADER}\n${rows(3)}\nC-9,+14155551009,2024-01-01,"Called, left msg\n${rows(6)}\nC-8,+14155551008,2024-01-01,6" frame\n${rows(2)}\n`],
  ['rows swallowed by a quoted cell that closes cleanly', `${HEADER}\n${rows(3)}\nC-9,+14155551009,2024-01-01,"Called, left msg\n${rows(6)}\nC-8,+14155551008,2024-01-01,6"\n${rows(2)}\n`],
  ['an unclosed quote in the middle: the rest of the input is one malformed record', `${HEADER}\n${rows(5)}\nC-9,+14155551009,2024-01-01,"never closed\n${rows(20)}\n`],
  ['an unclosed quote on the last line', `${HEADER}\n${rows(5)}\nC-9,+14155551009,2024-01-01,"never closed\n`],
  ['non-ASCII text', `${HEADER}\nC-1,+14155551001,2024-01-01,Zoë\nC-2,+14155551002,2024-01-01,"Łukasz\nŻak"\nC-3,+14155551003,2024-01-01,東京\n`],
];

describe('checkSlices reads exactly what checkBatches reads', () => {
  it.each(CASES)('%s, at every slice size', async (_label, text) => {
    const expected = await byRecords(text);
    expect(expected.length).toBeGreaterThan(0);
    for (const sliceSize of [1, 2, 5, 16, 64, 1 << 20]) {
      for (const chunkSize of [3, 64 * 1024]) {
        expect(await bySlices(text, sliceSize, chunkSize), `slice size ${sliceSize}, chunk size ${chunkSize}`).toEqual(expected);
      }
    }
  });

  it.each([
    ['latin1', Buffer.from(`${HEADER}\r\nC-1,+14155551001,2024-01-01,Zoë\r\nC-2,+14155551002,2024-01-01,"Renée\r\nMüller"\r\n${rows(5, '\r\n')}\r\n`, 'latin1')],
    ['utf-16le', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\nC-1,+14155551001,2024-01-01,"Łukasz\nŻak"\n${rows(5)}\n`, 'utf16le')])],
  ])('decoded text (%s) at every slice size', async (encoding, bytes) => {
    const expected = await byRecords(bytes, encoding);
    expect(expected.length).toBeGreaterThanOrEqual(6);
    for (const sliceSize of [1, 7, 64, 1 << 20]) {
      for (const chunkSize of [3, 64 * 1024]) {
        expect(await bySlices(bytes, sliceSize, chunkSize, encoding), `slice size ${sliceSize}, chunk size ${chunkSize}`).toEqual(expected);
      }
    }
  });

  it('stops after a runaway quote of more than 8 MB, as reading record by record does', async () => {
    const text = `${HEADER}\n${rows(3)}\nC-9,+14155551009,2024-01-01,"runaway\n${`${row(7)}\n`.repeat(260_000)}`;
    const expected = await byRecords(text);
    expect(expected).toHaveLength(4);
    expect(await bySlices(text, 1 << 20, 64 * 1024)).toEqual(expected);
  });
});

describe('growingChecker (standard input, size unknown)', () => {
  it('checks on the main thread at first, then on worker threads once the input proves large, with the same verdicts', async () => {
    const text = `${HEADER}\n${rows(300)}\n${row(7)}\nC-8,+1 555,2024-01-01,Ann\n`;
    const expected = await byRecords(text);
    const input = await prepared(text, 'slices', 1024);
    const setup = { header: input.source.header, overrides: {}, checkOptions: {}, delimiter: input.source.delimiter, keepFields: true };
    const checker = growingChecker(input.mapping, setup, 2, 8192); // ~13 KB of text in 512-byte slices
    const threads: number[] = [];
    const out: unknown[] = [];
    try {
      for await (const batch of checkSlices(input, 'first', checker, 512)) {
        threads.push(checker.threads);
        out.push(...batch.map(summary));
      }
    } finally {
      await checker.close();
    }
    expect(out).toEqual(expected);
    expect(threads[0]).toBe(0);
    expect(threads.at(-1)).toBe(2);
  });
});

describe('openCsv readAs', () => {
  it('gives slices or records, whichever it was opened for, and refuses the other', async () => {
    const text = `${HEADER}\n${rows(2)}\n`;
    const forSlices = await openCsv('-', { stdin: stdinOf(text), readAs: 'slices' });
    expect(() => forSlices.records[Symbol.asyncIterator]()).toThrow(/readAs "records"/);
    forSlices.close();
    const forRecords = await openCsv('-', { stdin: stdinOf(text) });
    expect(() => forRecords.slices(1024)).toThrow(/readAs "slices"/);
    forRecords.close();
  });
});

describe('sliceAtLineEnds', () => {
  async function slicesOf(text: string, size: number) {
    const out = [];
    const chunks = Readable.from([...text].map((char) => Buffer.from(char))); // a character at a time, as a slow pipe might
    for await (const slice of sliceAtLineEnds(chunks, size, 1000)) out.push({ ...slice, text: slice.text.toString() });
    return out;
  }

  it('cuts after line breaks, numbers each slice from its first line, and marks the first and the last', async () => {
    expect(await slicesOf('h\na\r\nb\rc\nd', 2)).toEqual([
      { text: 'h\n', firstLine: 1, first: true, last: false },
      { text: 'a\r\n', firstLine: 2, first: false, last: false },
      { text: 'b\rc\n', firstLine: 3, first: false, last: false },
      { text: 'd', firstLine: 5, first: false, last: true },
    ]);
  });

  it('gives a single slice for a short input', async () => {
    expect(await slicesOf('h\na\n', 1 << 20)).toEqual([{ text: 'h\na\n', firstLine: 1, first: true, last: true }]);
  });

  it.each([
    ['a\nb\n', 2],
    ['a\r\nb\r\n', 2],
    ['a\rb\r', 2],
    ['a\r\n\r\n\n\rb', 4],
  ])('counts the line breaks of %j as %i', (text, count) => {
    expect(countLineBreaks(text)).toBe(count);
    expect(countLineBreaks(Buffer.from(text))).toBe(count);
  });
});
