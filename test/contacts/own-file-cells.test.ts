import { describe, expect, it } from 'vitest';
import { mapHeader, rowToRawContact } from '../../src/contacts/header-map.js';
import { EXPORT_COLUMNS } from '../../src/export/export-row.js';
import { RESULT_COLUMNS } from '../../src/io/result-row.js';

const EXPORT = [...EXPORT_COLUMNS];
const RESULTS = [...RESULT_COLUMNS];
const USER = ['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'last_name'];
const onlyPhone = { required: ['phone_number'] } as const;

describe('mapHeader: a file this tool wrote is known by its header', () => {
  it.each([
    ['the export file', EXPORT, 'export'],
    ['the export file with columns a user appended', [...EXPORT, 'Notes', 'additional.tier'], 'export'],
    ['the rejects file of an export file (two columns appended)', [...EXPORT, 'error_code', 'error_message'], 'export'],
    ['the results file', RESULTS, 'results'],
    ['the results file with echoed input columns', [...RESULTS, 'first_name'], 'results'],
    ["a user's file with the contact columns", USER, undefined],
    ['the export columns out of order', [EXPORT[1]!, EXPORT[0]!, ...EXPORT.slice(2)], undefined],
    ['the export columns but the last', EXPORT.slice(0, -1), undefined],
    ['the export columns after a column of the user', ['Notes', ...EXPORT], undefined],
    ['the export columns spelt another way', EXPORT.map((column) => column.toUpperCase()), undefined],
  ])('%s: %s', (_title, header, expected) => {
    expect(mapHeader(header, {}, onlyPhone).ownFile).toBe(expected);
  });
});

describe('rowToRawContact: cells as their writer meant them', () => {
  /** An export row whose crm_id, names and phone hold `cell`; the other cells as export writes them. */
  const exportRow = (cell: string) => ['+14155552671', 'c-1', cell, cell, cell, '2024-05-01T00:00:00.000Z', '', 'false', '', 'found', '', ''];

  it.each([
    ["'=1+1", '=1+1'],
    ["'+1+1", '+1+1'],
    ["'-2+3", '-2+3'],
    ["'@SUM(A1)", '@SUM(A1)'],
    ['\'=HYPERLINK("x")', '=HYPERLINK("x")'],
    ["''=x", "'=x"],
    ["'''", "''"],
    ["'", "'"],
    ["'abc", "'abc"],
    ['plain', 'plain'],
  ])('in an export file, %j reads as %j', (cell, value) => {
    const raw = rowToRawContact(exportRow(cell), mapHeader(EXPORT));
    expect([raw.crm_id, raw.first_name, raw.last_name]).toEqual([value, value, value]);
  });

  it.each(["'=x", "''=x", "'+1+1", "'abc"])("in a user's file, %j stays as it is", (cell) => {
    const raw = rowToRawContact(['c-1', '+14155552671', '2024-05-01', cell, cell], mapHeader(USER));
    expect([raw.first_name, raw.last_name]).toEqual([cell, cell]);
  });

  it("unescapes additional.<key> columns a user appended to an export file, as the writer's cells", () => {
    const raw = rowToRawContact([...exportRow('x'), "'=tier"], mapHeader([...EXPORT, 'additional.tier']));
    expect(raw.additional).toEqual({ tier: '=tier' });
  });
});
