import { describe, expect, it } from 'vitest';
import { checkRecord, describeIssues } from '../../src/contacts/check-record.js';
import { mapHeader } from '../../src/contacts/header-map.js';
import type { CellBytes } from '../../src/io/cell-bytes.js';

const HEADER = ['CRM ID', 'Phone Number', 'Opt-In Date', 'First Name', 'Notes', 'additional.tier'];
const mapping = mapHeader(HEADER);
const GOOD = ['c1', '+14155552671', '2024-01-15', 'Ren\uFFFD', 'n', 'gold'];

const LATIN1 = '(if the file is Latin-1, run with --encoding latin1)';

describe('checkRecord: cells that held a NUL or bytes that are not UTF-8', () => {
  it.each<[string, string[], CellBytes[], string, string]>([
    ['a NUL in a name', GOOD, [{ column: 3, nul: true, notUtf8: [] }], 'NUL_BYTE', 'column "First Name": holds a NUL byte (0x00)'],
    [
      'a byte that is not UTF-8 in crm_id',
      GOOD,
      [{ column: 0, nul: false, notUtf8: [0xe9] }],
      'ENCODING_INVALID',
      `column "CRM ID": holds byte 0xE9, which is not UTF-8 ${LATIN1}`,
    ],
    [
      'several bytes of one cell, in an additional column',
      GOOD,
      [{ column: 5, nul: false, notUtf8: [0xf0, 0x9f, 0x98] }],
      'ENCODING_INVALID',
      `column "additional.tier": holds bytes 0xF0 0x9F 0x98, which are not UTF-8 ${LATIN1}`,
    ],
    [
      'both in one cell: two codes',
      GOOD,
      [{ column: 3, nul: true, notUtf8: [0x80] }],
      'NUL_BYTE;ENCODING_INVALID',
      `column "First Name": holds a NUL byte (0x00); column "First Name": holds byte 0x80, which is not UTF-8 ${LATIN1}`,
    ],
    [
      'listed before every other problem of the row, in column order',
      ['c1', '+1 555', '2024-01-15', 'Ren\uFFFD', 'n', 'gold', 'extra'],
      [
        { column: 0, nul: true, notUtf8: [] },
        { column: 3, nul: false, notUtf8: [0xe9] },
      ],
      'NUL_BYTE;ENCODING_INVALID;COLUMN_COUNT;PHONE_INVALID',
      `column "CRM ID": holds a NUL byte (0x00); column "First Name": holds byte 0xE9, which is not UTF-8 ${LATIN1}; ` +
        'record has 7 fields, the header has 6; column "Phone Number": "+1 555" is not a valid phone number (too short)',
    ],
    [
      'a column nothing reads is never sent: only the bytes of the columns read count',
      GOOD,
      [
        { column: 3, nul: false, notUtf8: [0xe9] },
        { column: 4, nul: true, notUtf8: [0xe9] },
      ],
      'ENCODING_INVALID',
      `column "First Name": holds byte 0xE9, which is not UTF-8 ${LATIN1}`,
    ],
  ])('%s', (_name, fields, oddBytes, code, message) => {
    const checked = checkRecord({ row: 3, line: 4, fields, oddBytes }, mapping, HEADER.length, {});
    expect(describeIssues(checked.issues, mapping)).toEqual({ code, message });
    expect(checked.contact === undefined).toBe(code !== '');
  });
});
