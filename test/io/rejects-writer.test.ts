import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createRejectsWriter } from '../../src/io/rejects-writer.js';
import { readCsv, useTempDir } from './helpers.js';

const dir = useTempDir();

const header = ['crm_id', 'Phone Number', 'crm_id', 'notes'];
const rows = [
  ['=1+1', '+14155552671', '@x', '-5'],
  ['a;b', 'say "hi"', '  spaced  ', 'two\nlines'],
  ['', '', '', ''],
  ['\tx', 'short'],
];

describe('createRejectsWriter', () => {
  it.each([
    [';', 'semicolon.csv'],
    [',', 'comma.csv'],
    ['\t', 'tab.csv'],
    ['|', 'pipe.csv'],
  ])('writes header and fields untouched with %j, so they read back the same', async (delimiter, name) => {
    const file = dir.path(name);
    const writer = createRejectsWriter(file, header, delimiter);
    for (const row of rows) await writer.write(row);
    await writer.close();
    expect(writer.rowsWritten).toBe(rows.length);
    const { source, records } = await readCsv(file, { delimiter });
    expect(source.header).toEqual(header);
    expect(records.map((record) => record.fields)).toEqual(rows);
  });

  it('quotes only where needed and never escapes formulas', async () => {
    const file = dir.path('raw.csv');
    const writer = createRejectsWriter(file, header, ';');
    for (const row of rows) await writer.write(row);
    await writer.close();
    expect((await readFile(file, 'utf8')).split('\n').slice(0, 3)).toEqual([
      'crm_id;Phone Number;crm_id;notes',
      '=1+1;+14155552671;@x;-5',
      '"a;b";"say ""hi""";  spaced  ;"two',
    ]);
  });
});
