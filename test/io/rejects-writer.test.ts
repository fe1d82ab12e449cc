import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createRejectsWriter, rejectCells, rejectsLayout } from '../../src/io/rejects-writer.js';
import { EXPORT_FILE_COLUMNS } from '../../src/io/own-files.js';
import { readCsv, useTempDir } from './helpers.js';

const dir = useTempDir();

const header = ['crm_id', 'Phone Number', 'crm_id', 'notes'];
const rows = [
  ['=1+1', '+14155552671', '@x', '-5'],
  ['a;b', 'say "hi"', '  spaced  ', 'two\nlines'],
  ['', '', '', ''],
];
const reason = { error_code: 'PHONE_INVALID', error_message: 'column "Phone Number": not a number' };

describe('createRejectsWriter', () => {
  it.each([
    [';', 'semicolon.csv'],
    [',', 'comma.csv'],
    ['\t', 'tab.csv'],
    ['|', 'pipe.csv'],
  ])('writes header and fields untouched with %j, then the reasons, so they read back the same', async (delimiter, name) => {
    const file = dir.path(name);
    const writer = createRejectsWriter(file, header, delimiter);
    for (const fields of rows) await writer.write({ fields, reason });
    await writer.close();
    expect(writer.rowsWritten).toBe(rows.length);
    const { source, records } = await readCsv(file, { delimiter });
    expect(source.header).toEqual([...header, 'error_code', 'error_message']);
    expect(records.map((record) => record.fields)).toEqual(rows.map((fields) => [...fields, reason.error_code, reason.error_message]));
  });

  it('quotes only where needed and never escapes the fields, only the reasons', async () => {
    const file = dir.path('raw.csv');
    const writer = createRejectsWriter(file, header, ';');
    await writer.writeBatch(rows.map((fields) => ({ fields, reason: { error_code: 'X', error_message: '=HYPERLINK("evil")' } })));
    await writer.close();
    expect((await readFile(file, 'utf8')).split('\n').slice(0, 3)).toEqual([
      'crm_id;Phone Number;crm_id;notes;error_code;error_message',
      `=1+1;+14155552671;@x;-5;X;"'=HYPERLINK(""evil"")"`,
      '"a;b";"say ""hi""";  spaced  ;"two',
    ]);
  });
});

/** Where the reasons go: after the input's columns, or into columns of their name it has already. */
describe('rejectsLayout', () => {
  it.each([
    ['a user file: both appended', ['crm_id', 'phone'], ['crm_id', 'phone', 'error_code', 'error_message'], [2, 3]],
    ['a rejects file fed back: replaced where they are', ['crm_id', 'phone', 'error_code', 'error_message'], ['crm_id', 'phone', 'error_code', 'error_message'], [2, 3]],
    ['spaces around the names still match', ['crm_id', ' error_code ', 'error_message'], ['crm_id', ' error_code ', 'error_message'], [1, 2]],
    ['only error_code there: error_message appended', ['error_code', 'crm_id'], ['error_code', 'crm_id', 'error_message'], [0, 2]],
    ['a name taken twice: the last one', ['error_code', 'crm_id', 'error_code'], ['error_code', 'crm_id', 'error_code', 'error_message'], [2, 3]],
    ['other case is another column', ['Error_Code'], ['Error_Code', 'error_code', 'error_message'], [1, 2]],
    ['an export file: its own columns', [...EXPORT_FILE_COLUMNS], [...EXPORT_FILE_COLUMNS], [10, 11]],
  ])('%s', (_name, input, expectedHeader, reasonAt) => {
    const layout = rejectsLayout(input);
    expect(layout.header).toEqual(expectedHeader);
    expect(layout.reasonAt).toEqual(reasonAt);
    expect(layout.inputWidth).toBe(input.length);
  });
});

/** A record's cells: each reason under its own column, whatever the record's width. */
describe('rejectCells', () => {
  const why = { error_code: 'COLUMN_COUNT', error_message: 'record has 1 field' };
  it.each([
    ['as wide as the header', ['a', 'b'], ['a', 'b'], ['a', 'b', 'COLUMN_COUNT', 'record has 1 field']],
    ['short: padded with empty cells', ['a', 'b', 'c'], ['a'], ['a', '', '', 'COLUMN_COUNT', 'record has 1 field']],
    ['long: the extra fields after the reasons', ['a'], ['a', 'b', 'c'], ['a', 'COLUMN_COUNT', 'record has 1 field', 'b', 'c']],
    ['fed back: the old reasons replaced', ['a', 'error_code', 'error_message'], ['x', 'OLD', 'old'], ['x', 'COLUMN_COUNT', 'record has 1 field']],
    ['fed back and short', ['a', 'error_code', 'error_message'], ['x'], ['x', 'COLUMN_COUNT', 'record has 1 field']],
    ['fed back and long', ['a', 'error_code', 'error_message'], ['x', 'OLD', 'old', 'y'], ['x', 'COLUMN_COUNT', 'record has 1 field', 'y']],
  ])('%s', (_name, input, fields, expected) => {
    expect(rejectCells(rejectsLayout(input), { fields, reason: why })).toEqual(expected);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['-5', "'-5"],
    ["'=x", "''=x"],
    ['fine', 'fine'],
  ])('a reason %j is written %j, as in the results file', (message, written) => {
    expect(rejectCells(rejectsLayout(['a']), { fields: ['=a'], reason: { error_code: '', error_message: message } })).toEqual(['=a', '', written]);
  });
});
