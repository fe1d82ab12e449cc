import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { collect, readCsv, stdinOf, useTempDir } from './helpers.js';
import { openCsv } from '../../src/io/read-csv.js';

const dir = useTempDir();
const TEXT = 'name,city,price\nJosé,Zürich,€5\n';

function utf16be(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf16le');
  for (let i = 0; i < bytes.length; i += 2) [bytes[i], bytes[i + 1]] = [bytes[i + 1]!, bytes[i]!];
  return bytes;
}

/** Windows-1252 bytes of TEXT: é 0xE9, ü 0xFC, € 0x80 (Buffer's latin1 cannot write €). */
const CP1252 = Buffer.concat([Buffer.from('name,city,price\nJos\xe9,Z\xfcrich,', 'latin1'), Buffer.from([0x80]), Buffer.from('5\n')]);

/** Mac Roman bytes of TEXT as Excel for Mac's plain "CSV" writes them, lines ending in CR: é 0x8E, ü 0x9F, € 0xDB. */
const MAC_ROMAN = Buffer.from('name,city,price\rJos\x8e,Z\x9frich,\xdb5\r', 'latin1');

describe('openCsv: encodings', () => {
  it.each([
    ['UTF-8', Buffer.from(TEXT), undefined, 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), undefined, 'utf-8'],
    ['UTF-8 named', Buffer.from(TEXT), 'utf8', 'utf-8'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), undefined, 'utf-16le'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]), undefined, 'utf-16be'],
    ['UTF-16LE named, no BOM', Buffer.from(TEXT, 'utf16le'), 'utf-16le', 'utf-16le'],
    ['UTF-16LE named the Node way', Buffer.from(TEXT, 'utf16le'), 'utf16le', 'utf-16le'],
    ['windows-1252', CP1252, 'windows-1252', 'windows-1252'],
    ['cp1252', CP1252, 'cp1252', 'windows-1252'],
    ['latin1', CP1252, 'latin1', 'windows-1252'],
    ['iso-8859-1', CP1252, 'ISO-8859-1', 'windows-1252'],
    ['macintosh (Mac Roman), CR line ends', MAC_ROMAN, 'macintosh', 'macintosh'],
    ['a BOM wins over --encoding', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]), 'latin1', 'utf-8'],
  ])('%s', async (label, bytes, encoding, read) => {
    const file = await dir.write(`${label}.csv`, bytes);
    const { source, records } = await readCsv(file, encoding === undefined ? {} : { encoding });
    expect(source.encoding).toBe(read);
    expect(source.header).toEqual(['name', 'city', 'price']);
    expect(records).toEqual([{ row: 1, line: 2, fields: ['José', 'Zürich', '€5'] }]);
  });

  it('decodes characters split across chunk boundaries', async () => {
    const text = 'name\n' + 'ÄéЖ€😀\n'.repeat(50);
    for (const [bytes, encoding] of [
      [Buffer.from(text), undefined],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), undefined],
    ] as const) {
      const source = await openCsv('-', { stdin: stdinOf(bytes, 1), ...(encoding === undefined ? {} : { encoding }) });
      const records = await collect(source);
      expect(records).toHaveLength(50);
      expect(records.every((record) => record.fields[0] === 'ÄéЖ€😀')).toBe(true);
    }
  });

  it('reads invalid UTF-8 after the sniffed head as U+FFFD instead of failing', async () => {
    const bytes = Buffer.concat([Buffer.from('name\n' + 'a\n'.repeat(40_000)), Buffer.from([0x62, 0xe9, 0x0a])]);
    const { records } = await readCsv(await dir.write('late-latin1.csv', bytes));
    expect(records.at(-1)?.fields).toEqual(['b\uFFFD']);
  });

  it('reads a gzip file, and counts compressed bytes against the compressed size', async () => {
    const file = await dir.write('contacts.csv.gz', gzipSync(Buffer.from(TEXT)));
    const { source, records } = await readCsv(file);
    expect(records[0]?.fields).toEqual(['José', 'Zürich', '€5']);
    expect(source.totalBytes).toBe(gzipSync(Buffer.from(TEXT)).length);
    expect(source.bytesRead()).toBe(source.totalBytes);
  });

  it('recognises gzip by its bytes, whatever the name', async () => {
    const file = await dir.write('export-without-extension.csv', gzipSync(Buffer.from(TEXT)));
    expect((await readCsv(file)).records[0]?.fields).toEqual(['José', 'Zürich', '€5']);
  });

  it('reads gzip from standard input', async () => {
    const { source, records } = await readCsv('-', { stdin: stdinOf(gzipSync(Buffer.from(TEXT)), 7) });
    expect(source.name).toBe('standard input');
    expect(records[0]?.fields).toEqual(['José', 'Zürich', '€5']);
  });

  it('reads UTF-16 inside gzip', async () => {
    const bytes = gzipSync(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]));
    expect((await readCsv(await dir.write('utf16.csv.gz', bytes))).records[0]?.fields).toEqual(['José', 'Zürich', '€5']);
  });
});
