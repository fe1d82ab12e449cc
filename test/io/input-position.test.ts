import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../src/io/read-csv.js';
import type { TextSlice } from '../../src/io/text-slices.js';
import { collect, stdinOf, useTempDir } from './helpers.js';

/**
 * Where a record ends, as a share of the file: what progress counts, so that rows read ahead of the rows done
 * (a whole 64 KiB chunk, a whole window) do not make the percentage run ahead.
 */

const dir = useTempDir();

const HEADER = 'crm_id,phone_number,opt_in_date';
const rowText = (i: number, name = '') => `C-${i},+1415555${String(i % 10_000).padStart(4, '0')},2024-01-01${name}`;

/** The byte offset just past each record (index 0: the header), as the file holds it. */
function endsOf(lines: string[], newline: string, encode: (text: string) => Buffer = (text) => Buffer.from(text)): number[] {
  const ends: number[] = [];
  let offset = 0;
  for (const line of lines) ends.push((offset += encode(line + newline).length));
  return ends;
}

describe('CsvSource.shareThrough, read record by record (import, export)', () => {
  it('places every row at the byte where it ends, whatever has been read ahead', async () => {
    const lines = [HEADER, ...Array.from({ length: 5_000 }, (_, i) => rowText(i + 1))];
    const file = await dir.write('rows.csv', lines.join('\n') + '\n');
    const ends = endsOf(lines, '\n');
    const size = ends.at(-1)!;
    const source = await openCsv(file);
    const iterator = source.records[Symbol.asyncIterator]();
    await iterator.next();
    // One row handed out, a 64 KiB chunk read: the bytes read say far more than the row done.
    expect(source.bytesRead()).toBeGreaterThan(ends[1]! * 100);
    expect(source.shareThrough({ row: 0 })).toBe(ends[0]! / size);
    expect(source.shareThrough({ row: 1 })).toBe(ends[1]! / size);
    await collect(source);
    for (const row of [2, 100, 2_500, 4_999]) expect(source.shareThrough({ row })).toBe(ends[row]! / size);
    expect(source.shareThrough({ row: 5_000 })).toBe(1);
  });

  it.each([
    ['CRLF with a UTF-8 BOM', '\r\n', '\uFEFF', undefined, (text: string) => Buffer.from(text)],
    ['windows-1252 with accents', '\n', '', 'windows-1252', (text: string) => Buffer.from(text, 'latin1')],
    ['UTF-16LE with its BOM', '\r\n', '\uFEFF', undefined, (text: string) => Buffer.from(text, 'utf16le')],
  ])('%s: offsets in the file, not in the text the parser reads', async (_name, newline, bom, encoding, encode) => {
    const lines = [HEADER, ...Array.from({ length: 4_000 }, (_, i) => rowText(i + 1, ' Zoë Müller'))];
    lines[0] = bom + lines[0]!;
    const bytes = Buffer.concat(lines.map((line) => encode(line + newline)));
    const file = await dir.write(`encoded-${encoding ?? 'bom'}-${bytes.length}.csv`, bytes);
    const ends = endsOf(lines, newline, encode);
    const source = await openCsv(file, encoding === undefined ? {} : { encoding });
    await collect(source);
    for (const row of [1, 1_000, 3_999]) expect(source.shareThrough({ row })).toBeCloseTo(ends[row]! / bytes.length, 3);
    expect(source.shareThrough({ row: 4_000 })).toBeCloseTo(1, 6);
  });

  it.each([
    ['standard input (no size)', async () => openCsv('-', { stdin: stdinOf(`${HEADER}\n${rowText(1)}\n`) })],
    ['a gzip file (its size is the compressed one)', async () => openCsv(await dir.write('rows.csv.gz', gzipSync(`${HEADER}\n${rowText(1)}\n`)))],
  ])('knows no share for %s', async (_name, open) => {
    const source = await open();
    await collect(source);
    expect(source.shareThrough({ row: 1 })).toBeUndefined();
  });

  it('knows no share for a row not read yet, nor for one too far behind the reading to be remembered', async () => {
    const file = await dir.write('long.csv', `${HEADER}\n${'x,y,z\n'.repeat(70_000)}`);
    const source = await openCsv(file);
    const iterator = source.records[Symbol.asyncIterator]();
    await iterator.next();
    expect(source.shareThrough({ row: 69_000 })).toBeUndefined();
    await collect(source);
    expect(source.shareThrough({ row: 2 })).toBeUndefined();
    expect(source.shareThrough({ row: 69_000 })).toBe((HEADER.length + 1 + 69_000 * 6) / (HEADER.length + 1 + 70_000 * 6));
  });
});

describe('CsvSource.shareThrough, read in slices (validate)', () => {
  it('places a record by its line: the end of its slice when it is the last one there', async () => {
    const lines = [HEADER, ...Array.from({ length: 20_000 }, (_, i) => rowText(i + 1))];
    const file = await dir.write('sliced.csv', lines.join('\n') + '\n');
    const ends = endsOf(lines, '\n');
    const size = ends.at(-1)!;
    const source = await openCsv(file, { readAs: 'slices' });
    const slices = source.slices(64 * 1024)[Symbol.asyncIterator]();
    const next = async (): Promise<TextSlice | undefined> => {
      const result = await slices.next();
      return result.done === true ? undefined : result.value;
    };
    const first = (await next())!;
    const second = (await next())!;
    // Two slices handed out; a record at the end of the first is placed there, not at the bytes read.
    const lastLineOfFirst = second.firstLine - 1;
    expect(first.firstLine).toBe(1);
    expect(source.shareThrough({ row: lastLineOfFirst - 1, line: lastLineOfFirst })).toBe(first.text.length / size);
    expect(source.shareThrough({ row: lastLineOfFirst - 1, line: lastLineOfFirst })).toBe(ends[lastLineOfFirst - 1]! / size);
    // Within a slice, by its share of the slice's lines.
    const middle = source.shareThrough({ row: 100, line: 101 })!;
    expect(Math.abs(middle - ends[100]! / size)).toBeLessThan(0.001);
    // Without a line, a slice source cannot tell.
    expect(source.shareThrough({ row: 100 })).toBeUndefined();
    while ((await next()) !== undefined); // to the end
    expect(source.shareThrough({ row: 20_000, line: 20_001 })).toBe(1);
  });
});
