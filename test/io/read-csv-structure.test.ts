import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../src/io/read-csv.js';
import { collect, lines, readCsv, stdinOf, useTempDir } from './helpers.js';

const dir = useTempDir();

describe('openCsv: line endings, quoting and line numbers', () => {
  it.each([
    ['LF', 'id,name\n1,Ann\n2,Bob\n'],
    ['CRLF', 'id,name\r\n1,Ann\r\n2,Bob\r\n'],
    ['CR (old Mac)', 'id,name\r1,Ann\r2,Bob\r'],
    ['mixed', 'id,name\r\n1,Ann\n2,Bob\r'],
    ['no final line break', 'id,name\n1,Ann\n2,Bob'],
  ])('%s', async (_label, text) => {
    const { source, records } = await readCsv('-', { stdin: stdinOf(text) });
    expect(source.header).toEqual(['id', 'name']);
    expect(records).toEqual([
      { row: 1, line: 2, fields: ['1', 'Ann'] },
      { row: 2, line: 3, fields: ['2', 'Bob'] },
    ]);
  });

  it.each([
    ['embedded delimiter', 'a,b\n1,"x, y"\n2,z\n', [[2, '1', 'x, y'], [3, '2', 'z']]],
    ['doubled quotes', 'a,b\n1,"say ""hi"""\n2,z\n', [[2, '1', 'say "hi"'], [3, '2', 'z']]],
    ['LF inside quotes', 'a,b\n1,"x\ny"\n2,z\n', [[2, '1', 'x\ny'], [4, '2', 'z']]],
    ['CRLF inside quotes', 'a,b\r\n1,"x\r\ny\r\nw"\r\n2,z\r\n', [[2, '1', 'x\r\ny\r\nw'], [5, '2', 'z']]],
    ['CR inside quotes', 'a,b\r1,"x\ry"\r2,z\r', [[2, '1', 'x\ry'], [4, '2', 'z']]],
    ['quoted header with a line break', '"a\nb",c\n1,2\n', [[3, '1', '2']]],
    ['blank lines', '\n\na,b\n\n1,2\n\r\n\n3,4\n\n', [[5, '1', '2'], [8, '3', '4']]],
    ['lines of spaces are blank', 'a,b\n   \n1,2\n\t\n3,4\n', [[3, '1', '2'], [5, '3', '4']]],
    ['a quoted empty line is not blank', 'a,b\n"",\n', [[2, '', '']]],
    ['ragged rows keep their own field count', 'a,b,c\n1\n1,2\n1,2,3,4\n', [[2, '1'], [3, '1', '2'], [4, '1', '2', '3', '4']]],
    ['values are not trimmed', 'a,b\n 1 , x \n', [[2, ' 1 ', ' x ']]],
    ['empty values', 'a,b,c\n,,\n', [[2, '', '', '']]],
  ])('%s', async (_label, text, expected) => {
    expect(lines((await readCsv('-', { stdin: stdinOf(text) })).records)).toEqual(expected);
  });

  it('keeps line numbers right after many multi-line records, whatever the chunking', async () => {
    const text = 'id,notes\r\n' + Array.from({ length: 300 }, (_, i) => `${i + 1},"first\r\nsecond\nthird"\r\n\r\n`).join('') + 'last,x\r\n';
    for (const chunkSize of [1, 3, 64, 4096]) {
      const records = await collect(await openCsv('-', { stdin: stdinOf(text, chunkSize) }));
      expect(records).toHaveLength(301);
      expect(records[0]).toEqual({ row: 1, line: 2, fields: ['1', 'first\r\nsecond\nthird'] });
      expect(records[299]?.line).toBe(2 + 299 * 4);
      expect(records[300]).toEqual({ row: 301, line: 2 + 300 * 4, fields: ['last', 'x'] });
    }
  });

  it.each([
    ['after the last line break', 'id,name\r\n1,Ann\r\n2,Bob\r\n\x1a'],
    ['right after the last cell', 'id,name\r\n1,Ann\r\n2,Bob\x1a'],
  ])('drops a DOS end-of-file mark (Ctrl-Z) %s, whatever the chunking', async (_where, text) => {
    for (const chunkSize of [1, 3, 64 * 1024]) {
      const { records } = await readCsv('-', { stdin: stdinOf(text, chunkSize) });
      expect(lines(records)).toEqual([
        [2, '1', 'Ann'],
        [3, '2', 'Bob'],
      ]);
    }
  });

  it('keeps a Ctrl-Z that is not the last character: it is data, as any other', async () => {
    const { records } = await readCsv('-', { stdin: stdinOf('id,name\n1,A\x1aB\n', 2) });
    expect(lines(records)).toEqual([[2, '1', 'A\x1aB']]);
  });

  it('gives the header trimmed, BOM removed, duplicates kept, and zero records for a header-only file', async () => {
    const file = await dir.write('header-only.csv', '\uFEFF Phone Number ,crm_id,crm_id\n');
    const { source, records } = await readCsv(file);
    expect(source.header).toEqual(['Phone Number', 'crm_id', 'crm_id']);
    expect(records).toEqual([]);
  });

  it('reports the file size and the bytes read', async () => {
    const text = 'a,b\n' + '1,2\n'.repeat(50_000);
    const file = await dir.write('sized.csv', text);
    const source = await openCsv(file);
    expect(source.name).toBe(file);
    expect(source.totalBytes).toBe((await stat(file)).size);
    expect(source.bytesRead()).toBeLessThan(text.length);
    await collect(source);
    expect(source.bytesRead()).toBe(text.length);
  });

  it('reads standard input without a size', async () => {
    const source = await openCsv('-', { stdin: stdinOf('a\n1\n') });
    expect(source.totalBytes).toBeUndefined();
    expect(await collect(source)).toEqual([{ row: 1, line: 2, fields: ['1'] }]);
    expect(source.bytesRead()).toBe(4);
  });

  it('stops early on close(): the records simply end', async () => {
    const file = await dir.write('long.csv', 'a\n' + 'x\n'.repeat(200_000));
    const source = await openCsv(file);
    const seen: number[] = [];
    for await (const record of source.records) {
      seen.push(record.row);
      if (record.row === 3) source.close();
    }
    expect(seen.slice(0, 3)).toEqual([1, 2, 3]);
    expect(seen.length).toBeLessThan(200_000);
    expect(source.bytesRead()).toBeLessThan((await stat(file)).size);
  });

  it('ends a pending read quietly when closed while waiting for data', async () => {
    const { PassThrough } = await import('node:stream');
    const stdin = new PassThrough();
    stdin.write('a\n1\n2,3'); // csv-parse holds a record back until a few more bytes show how its line ends
    const source = await openCsv('-', { stdin });
    const iterator = source.records[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ row: 1, line: 2, fields: ['1'] });
    const pending = iterator.next();
    source.close();
    expect(await pending).toEqual({ done: true, value: undefined });
  });
});

describe('openCsv: delimiters', () => {
  it.each([
    [',', 'a,b,c\n1,2,3\n'],
    [';', 'a;b;c\n1;2,5;3\n'],
    ['\t', 'a\tb\tc\n1\t2\t3\n'],
    ['|', 'a|b|c\n1|2|3\n'],
  ])('detects %j from the header line', async (delimiter, text) => {
    const { source, records } = await readCsv('-', { stdin: stdinOf(text) });
    expect(source.delimiter).toBe(delimiter);
    expect(source.header).toEqual(['a', 'b', 'c']);
    expect(records[0]?.fields).toHaveLength(3);
  });

  it.each([
    ['Excel\'s sep= line', 'sep=;\r\na;b;c\r\n1;2,5;3\r\n', ';', 3],
    ['a sep= line after a BOM', '\uFEFFsep=|\na|b|c\n1|2|3\n', '|', 3],
    ['lines of delimiters alone', ',,\n\n , ,\na,b,c\n1,2,3\n', ',', 5],
    ['a sep= line, then a line of delimiters', 'SEP=;\n;;\na;b;c\n1;2;3\n', ';', 4],
  ])('reads the header under %s, on its own line number, whatever the chunking', async (_label, text, delimiter, line) => {
    for (const chunkSize of [1, 2, 64 * 1024]) {
      const { source, records } = await readCsv('-', { stdin: stdinOf(text, chunkSize) });
      expect(source.delimiter).toBe(delimiter);
      expect(source.header).toEqual(['a', 'b', 'c']);
      expect(records.map((record) => [record.line, record.fields.length])).toEqual([[line, 3]]);
    }
  });

  it('gives back a header with no line break after it as it was, UTF-8 and all', async () => {
    for (const chunkSize of [1, 64 * 1024]) {
      const { source } = await readCsv('-', { stdin: stdinOf('Zoë,Łukasz', chunkSize) });
      expect(source.header).toEqual(['Zoë', 'Łukasz']);
    }
  });

  it('keeps a line of delimiters below the header: it is a row', async () => {
    const { records } = await readCsv('-', { stdin: stdinOf('a,b,c\n,,\n1,2,3\n') });
    expect(lines(records)).toEqual([
      [2, '', '', ''],
      [3, '1', '2', '3'],
    ]);
  });

  it.each([
    ['\\t', '\t'],
    ['tab', '\t'],
    ['\t', '\t'],
    [';', ';'],
  ])('takes the override %j', async (option, delimiter) => {
    const text = `a${delimiter}b,c\n1${delimiter}2,3\n`;
    const { source, records } = await readCsv('-', { stdin: stdinOf(text), delimiter: option });
    expect(source.delimiter).toBe(delimiter);
    expect(records[0]?.fields).toEqual(['1', '2,3']);
  });
});
