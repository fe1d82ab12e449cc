import { describe, expect, it } from 'vitest';
import { CsvError } from 'csv-parse';
import type { InputRecord } from '../../src/io/input-record.js';
import { RecordParser } from '../../src/io/record-parser.js';
import { lines, readCsv, stdinOf } from './helpers.js';

async function parseWith(parser: RecordParser, text: string): Promise<InputRecord[]> {
  parser.end(text);
  const records: InputRecord[] = [];
  for await (const record of parser) records.push(record as InputRecord);
  return records;
}

describe('openCsv: broken quoting', () => {
  it.each([
    ['an invalid closing quote', 'a,b,c\n1,"b"c,d\n2,x,y\n3,"q",r\n', [[2, '1', '"b"c', 'd'], [3, '2', 'x', 'y'], [4, '3', 'q', 'r']]],
    ['a quote inside an unquoted value', 'a,b\n1,5" screen\n2,x\n', [[2, '1', '5" screen'], [3, '2', 'x']]],
    ['quotes around part of a value', 'a,b\n1,the "big" one\n2,x\n', [[2, '1', 'the "big" one'], [3, '2', 'x']]],
  ])('reads %s leniently, as written, and keeps the rows around it', async (_label, text, expected) => {
    const { records } = await readCsv('-', { stdin: stdinOf(text) });
    expect(lines(records)).toEqual(expected);
    expect(records.some((record) => record.malformed !== undefined)).toBe(false);
  });

  it('reads each line again when a quote that opened a field over many lines was stray: its closing quote is followed by text', async () => {
    // A note that starts with a quote, and an inch mark two rows on: the rows between vanished into the note.
    const text = 'id,name,note\n1,Ann,"Called, left msg\n2,Bob,x\n\n3,Cid,wants 6" frame,extra\n4,Dan,y\n';
    const { records } = await readCsv('-', { stdin: stdinOf(text, 7) });
    expect(lines(records)).toEqual([
      [2, '1', 'Ann', '"Called', ' left msg'],
      [3, '2', 'Bob', 'x'],
      [5, '3', 'Cid', 'wants 6" frame', 'extra'],
      [6, '4', 'Dan', 'y'],
    ]);
    expect(records.map((record) => record.row)).toEqual([1, 2, 3, 4]);
    expect(records[0]?.malformed).toBe(
      'a quote opens column "note" on line 2 and is not closed on it (the quote that ended the field, 3 line(s) further, is followed by text): read as text, so each of those lines is a row of its own',
    );
    expect(records.slice(1).every((record) => record.malformed === undefined)).toBe(true);
  });

  it('takes a quoted field holding lines with as many delimiters as a row for rows swallowed, and says so', async () => {
    // Valid CSV (the quote closes at a line's end), but the lines inside are rows: not one may pass unseen.
    const text = 'id,name,note\n1,Ann,"Called, left msg\n2,Bob,x\n3,Cid,6"\n4,Dan,y\n';
    const { records } = await readCsv('-', { stdin: stdinOf(text) });
    expect(records.map((record) => [record.row, record.line, record.fields[0]])).toEqual([
      [1, 2, '1'],
      [2, 5, '4'],
    ]);
    expect(records[0]?.malformed).toBe(
      'the quoted field in column "note" runs from line 2 to line 4, and 2 of those lines look like rows of their own (as many delimiters as the header): a quote probably does not close where it was meant to, so none of them was read as a row (check the quotes from line 2)',
    );
  });

  it('keeps a multi-line note as it is, whatever its commas and quotes', async () => {
    const text = 'id,name,note\n1,Ann,"Called, left msg\nback Monday, 9am\n""fine"""\n2,Bob,x\n';
    const { records } = await readCsv('-', { stdin: stdinOf(text) });
    expect(records.map((record) => [record.line, record.fields[2], record.malformed])).toEqual([
      [2, 'Called, left msg\nback Monday, 9am\n"fine"', undefined],
      [5, 'x', undefined],
    ]);
  });

  it('turns an unclosed quote into one last malformed record, after intact rows, and ends normally', async () => {
    const text = 'id,name,city\n1,Ann,Oslo\n\n2,"Bob,Rome\n3,Cid,Lima\n';
    const { records } = await readCsv('-', { stdin: stdinOf(text, 5) });
    expect(records).toEqual([
      { row: 1, line: 2, fields: ['1', 'Ann', 'Oslo'] },
      {
        row: 2,
        line: 4,
        fields: ['2', 'Bob,Rome\n3,Cid,Lima\n'],
        malformed: 'unclosed quote: a quoted field in the record starting on line 4 never closes, so the rest of the input could not be read',
      },
    ]);
  });

  it('gives up past maxRecordBytes with a malformed record, then drains the rest unread', async () => {
    const text = 'id,note\n1,ok\n2,"runaway\n' + '3,more text\n'.repeat(500);
    const records = await parseWith(new RecordParser({ delimiter: ',', maxRecordBytes: 1000 }), text);
    expect(records.map((record) => [record.row, record.line, record.malformed])).toEqual([
      [0, 1, undefined],
      [1, 2, undefined],
      [2, 3, 'record starting on line 3 is larger than 1000 bytes (probably a quote that never closes): the rest of the input was not read'],
    ]);
    expect(records[2]?.fields[0]).toBe('2');
  });

  it('puts a record csv-parse skips (a recoverable error) in its place, with the rows after it', async () => {
    const parser = new RecordParser({ delimiter: ',' });
    const records: InputRecord[] = [];
    parser.on('data', (record: InputRecord) => records.push(record));
    parser.write('a,b\n1,x\n\n\n\n'); // blank lines: csv-parse holds a record back until it sees a few bytes more
    parser.emit('skip', new CsvError('CSV_INVALID_CLOSING_QUOTE', 'Invalid Closing Quote: got "c" at line 3'));
    parser.end('2,y\n');
    await new Promise((resolve) => parser.on('end', resolve));
    expect(records.map((record) => [record.row, record.line, record.malformed ?? record.fields.join('|')])).toEqual([
      [0, 1, 'a|b'],
      [1, 2, '1|x'],
      [2, 3, 'Invalid Closing Quote: got "c" at line 3, line 3'],
      [3, 6, '2|y'],
    ]);
  });
});
