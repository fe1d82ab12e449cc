import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { csv, tempDir } from '../support/run-cli.js';
import { EXPORT_HEADER, csvRecords, exportCsv, lookups, phone, seed } from '../cli/export/helpers.js';
import { PREFLIGHT_REQUESTS } from '../support/preflight.js';
import { readFile } from 'node:fs/promises';

let sandbox: Sandbox;
let dir: string;

beforeEach(async () => {
  dir = await tempDir();
  sandbox = await startSandbox({ port: 0 });
});
afterEach(async () => {
  await sandbox.close();
});

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('export: one row per contact, in input order', () => {
  it('writes a found contact with every field, and exactly the contract columns', async () => {
    const [seeded] = await seed(sandbox, dir, [['CRM-1', phone(1), '2024-01-15T10:00:00+02:00', 'Ada', 'Lovelace']]);
    const { code, rows, out } = await exportCsv(sandbox, dir, csv(['Mobile'], [[phone(1)]]), ['--map', 'phone_number=Mobile']);
    expect(code).toBe(0);
    expect(csvRecords(await readFile(out, 'utf8'))[0]).toEqual(EXPORT_HEADER);
    expect(rows).toEqual([
      expect.objectContaining({
        phone_number: phone(1), id: seeded!['contact_id'], crm_id: 'CRM-1', first_name: 'Ada', last_name: 'Lovelace',
        opt_in_date: '2024-01-15T08:00:00.000Z', is_expired: 'false', status: 'found', error_code: '', error_message: '',
      }),
    ]);
    expect(rows[0]!['create_date']).toMatch(RFC3339);
    expect(rows[0]!['expiry_ts']).toMatch(RFC3339);
  });

  it('writes every contact a number holds, then not_found for a number none holds', async () => {
    await seed(sandbox, dir, [['A', phone(1), '2024-01-01', 'One', ''], ['B', phone(1), '2024-01-02', 'Two', ''], ['C', phone(2), '2024-01-03', 'Three', '']]);
    const { code, rows } = await exportCsv(sandbox, dir, csv(['phone_number'], [[phone(1)], [phone(9)], [phone(2)]]));
    expect(code).toBe(0);
    expect(rows.map((r) => [r['phone_number'], r['status'], r['crm_id']])).toEqual([
      [phone(1), 'found', 'A'],
      [phone(1), 'found', 'B'],
      [phone(9), 'not_found', ''],
      [phone(2), 'found', 'C'],
    ]);
  });

  it('looks each distinct number up once, however it is written, and writes it once', async () => {
    await seed(sandbox, dir, [['A', phone(1), '2024-01-01', 'One', '']]);
    const given = [[phone(1)], ['+1 (415) 555-3001'], [phone(2)], ['001 415 555 3001'], [phone(2)]];
    const { code, rows } = await exportCsv(sandbox, dir, csv(['Phone Number'], given));
    expect(code).toBe(0);
    expect(rows.map((r) => [r['phone_number'], r['status']])).toEqual([[phone(1), 'found'], [phone(2), 'not_found']]);
    // Two look-ups, and the check before each run's first row (the seeding import's and the export's).
    expect(lookups(sandbox)).toEqual({ '200': 2 + 2 * PREFLIGHT_REQUESTS });
  });

  it.each([
    ['an empty phone', '', '', 'REQUIRED', 'column "Mobile": is required but empty'],
    ['letters', 'call me', 'call me', 'PHONE_INVALID', 'column "Mobile": "call me" is not a valid phone number'],
    ['a number too short (escaped: not E.164)', '+1 555 0100', "'+1 555 0100", 'PHONE_INVALID', 'column "Mobile": "+1 555 0100" is not a valid phone number'],
    ['a national number without --default-country', '(415) 555-3001', '(415) 555-3001', 'PHONE_INVALID', 'give it in +<country code> form or pass --default-country'],
  ])('%s is an invalid row, as given, with the column as the file spells it', async (_title, given, written, code, message) => {
    const { code: exit, rows } = await exportCsv(sandbox, dir, csv(['Name', 'Mobile'], [['x', given], ['y', phone(1)]]), ['--map', 'phone_number=Mobile']);
    expect(exit).toBe(1);
    expect(rows.map((r) => [r['phone_number'], r['status'], r['error_code']])).toEqual([[written, 'invalid', code], [phone(1), 'not_found', '']]);
    expect(rows[0]!['error_message']).toContain(message);
    expect(lookups(sandbox)).toEqual({ '200': 1 + PREFLIGHT_REQUESTS });
  });

  it('an invalid row\'s message names its record and line: the export file has no row column to tell two apart', async () => {
    const { rows } = await exportCsv(sandbox, dir, `Name,Mobile\nx,\n"y\nz",\n`, ['--map', 'phone_number=Mobile']);
    expect(rows.map((r) => [r['status'], r['error_message']])).toEqual([
      ['invalid', 'row 1 (line 2): column "Mobile": is required but empty'],
      ['invalid', 'row 2 (line 3): column "Mobile": is required but empty'],
    ]);
  });

  it('a record with more fields than the header is invalid: its phone cannot be trusted', async () => {
    const { code, rows } = await exportCsv(sandbox, dir, `phone_number,Notes\n${phone(1)},a,stray\n${phone(2)},b\n`);
    expect(code).toBe(1);
    expect(rows.map((r) => [r['phone_number'], r['status'], r['error_code']])).toEqual([[phone(1), 'invalid', 'COLUMN_COUNT'], [phone(2), 'not_found', '']]);
    expect(lookups(sandbox)).toEqual({ '200': 1 + PREFLIGHT_REQUESTS });
  });

  it('reads national numbers with --default-country', async () => {
    await seed(sandbox, dir, [['UK-1', '+447911123456', '2024-01-01', 'Ann', ''], ['US-1', phone(1), '2024-01-01', 'Bob', '']]);
    const { code, rows } = await exportCsv(sandbox, dir, csv(['Phone'], [['07911 123456'], ['+1 415 555 3001']]), ['--map', 'phone_number=Phone', '--default-country', 'gb']);
    expect(code).toBe(0);
    expect(rows.map((r) => [r['phone_number'], r['crm_id']])).toEqual([['+447911123456', 'UK-1'], [phone(1), 'US-1']]);
  });

  it('needs only a phone column: other columns and their problems do not stop a look-up', async () => {
    await seed(sandbox, dir, [['A', phone(1), '2024-01-01', 'One', '']]);
    const { code, rows } = await exportCsv(sandbox, dir, csv(['crm_id', 'phone_number', 'opt_in_date', 'Notes'], [['', phone(1), 'never', 'hi']]));
    expect(code).toBe(0);
    expect(rows.map((r) => [r['status'], r['crm_id']])).toEqual([['found', 'A']]);
  });

  it('writes epoch dates from the API as RFC 3339', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ port: 0, dates: 'epoch' });
    await seed(sandbox, dir, [['E-1', phone(1), '2024-03-01T12:30:00Z', 'Eve', '']]);
    const { code, rows } = await exportCsv(sandbox, dir, csv(['phone_number'], [[phone(1)]]));
    expect(code).toBe(0);
    expect(rows[0]!['opt_in_date']).toBe('2024-03-01T12:30:00.000Z');
    expect(rows[0]!['create_date']).toMatch(RFC3339);
    expect(rows[0]!['expiry_ts']).toMatch(RFC3339);
    expect(Date.parse(rows[0]!['expiry_ts']!)).toBeGreaterThan(Date.parse(rows[0]!['create_date']!));
  });

  it('escapes cells a spreadsheet would run as formulas, but not a valid E.164 number', async () => {
    await seed(sandbox, dir, [['=HYPERLINK("x")', phone(1), '2024-01-01', '=SUM(A1:A9)', '-minus']]);
    const { rows } = await exportCsv(sandbox, dir, csv(['phone_number'], [[phone(1)], ['=1+2']]));
    expect(rows.map((r) => [r['phone_number'], r['crm_id'], r['first_name'], r['last_name'], r['status']])).toEqual([
      [phone(1), `'=HYPERLINK("x")`, `'=SUM(A1:A9)`, `'-minus`, 'found'],
      [`'=1+2`, '', '', '', 'invalid'],
    ]);
  });
});
