import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsv, runCli, tempDir } from '../../support/run-cli.js';
import { runCliCaught } from '../../support/run-cli-caught.js';
import { workbookBytes, type FixtureSheet } from '../../support/workbook.js';

/**
 * validate on an .xlsx workbook: read record by record (a worksheet has no text for the workers to slice), one
 * results row per input row, `line` the row number Excel shows. Workers run dist/ (npm test builds it).
 */

const day = (d: number) => ({ value: new Date(Date.UTC(2024, 2, d)), numFmt: 'yyyy-mm-dd' });

const CONTACTS: FixtureSheet = {
  name: 'Contacts',
  rows: [
    ['crm_id', 'phone_number', 'opt_in_date', 'first_name'],
    ['C-1', 14155552671, day(1), 'Ann'], // Excel row 2: a phone Excel made a number, a date cell
    ['C-2', 555, day(2), 'Bob'], // 3: invalid phone
    [], // 4: blank, not a record
    ['C-3', 14155552673, day(3)], // 5: short, padded: not a COLUMN_COUNT
    ['C-4', '+14155552674', '2024-03-04', 'Dee'], // 6: text cells
  ],
};
const LEADS: FixtureSheet = { name: 'Leads', rows: [['crm_id', 'phone_number', 'opt_in_date'], ['L-1', 14155559001, day(9)]] };

let dir: string;
let book: string;

beforeAll(async () => {
  dir = await tempDir();
  book = join(dir, 'book.xlsx');
  await writeFile(book, await workbookBytes([CONTACTS, LEADS]));
});

describe('validate book.xlsx', () => {
  it('writes book.results.csv beside it, a row per input row, with the Excel row as the line', async () => {
    const run = await runCli(['validate', book, '--default-country', 'US', '--quiet']);
    expect(run.code, run.stderr).toBe(1);
    const rows = await readCsv(join(dir, 'book.results.csv'));
    expect(rows.map((row) => [row['row'], row['line'], row['crm_id'], row['phone_number'], row['status'], row['error_code']])).toEqual([
      ['1', '2', 'C-1', '+14155552671', 'ok', ''],
      ['2', '3', 'C-2', '555', 'invalid', 'PHONE_INVALID'],
      ['3', '5', 'C-3', '+14155552673', 'ok', ''],
      ['4', '6', 'C-4', '+14155552674', 'ok', ''],
    ]);
    expect(run.stderr).toContain('book.xlsx [Contacts]');
  });

  it('gives the same results on worker threads', async () => {
    const results = (workers: string) => join(dir, `workers-${workers}.csv`);
    for (const workers of ['0', '2']) {
      const run = await runCli(['validate', book, '--default-country', 'US', '--workers', workers, '--results', results(workers), '--quiet']);
      expect(run.code, run.stderr).toBe(1);
    }
    expect(await readFile(results('2'), 'utf8')).toBe(await readFile(results('0'), 'utf8'));
  });

  it('writes the rows to fix to --rejects as CSV, cells as read from the workbook', async () => {
    const rejects = join(dir, 'fix.csv');
    await runCli(['validate', book, '--default-country', 'US', '--results', join(dir, 'r.csv'), '--rejects', rejects, '--quiet']);
    const rows = await readCsv(rejects);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ crm_id: 'C-2', phone_number: '555', opt_in_date: '2024-03-02', first_name: 'Bob' });
  });

  it('reads the worksheet --sheet names', async () => {
    const results = join(dir, 'leads.csv');
    const run = await runCli(['validate', book, '--sheet', 'Leads', '--default-country', 'US', '--results', results, '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    expect((await readCsv(results)).map((row) => [row['crm_id'], row['phone_number'], row['line']])).toEqual([['L-1', '+14155559001', '2']]);
    expect(run.stderr).toContain('book.xlsx [Leads]');
  });

  it('refuses an unknown --sheet with exit 2, listing the worksheets, before writing anything', async () => {
    const results = join(dir, 'never.csv');
    const run = await runCliCaught(['validate', book, '--sheet', 'Customers', '--results', results]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('has no worksheet named "Customers": its worksheets are "Contacts", "Leads"');
    await expect(readFile(results)).rejects.toThrow();
  });

  it('never writes over the workbook itself', async () => {
    const run = await runCliCaught(['validate', book, '--results', book]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('it is the same file as the input file');
  });

  it('reads a workbook piped into standard input', async () => {
    const results = join(dir, 'piped.csv');
    const run = await runCli(['validate', '-', '--default-country', 'US', '--results', results, '--quiet'], { stdin: await readFile(book) });
    expect(run.stderr).not.toContain('Error');
    expect((await readCsv(results)).map((row) => row['status'])).toEqual(['ok', 'invalid', 'ok', 'ok']);
  });
});

describe('validate a workbook Excel saved from a CSV of 19-digit ids', () => {
  it('refuses an id Excel could hold only to 15 digits, and keeps one it held exactly', async () => {
    const file = join(dir, 'zoho.xlsx');
    const sheet: FixtureSheet = {
      name: 'Contacts',
      rows: [
        ['Record Id', 'Mobile', 'Created Time'],
        [Number('5725767000000412001'), '+14155552671', '2024-03-16 09:05:12'], // stored as 5.72576700000041E+18
        [51_234_567_801, '+14155552672', '2024-03-16 09:05:12'],
      ],
    };
    await writeFile(file, await workbookBytes([sheet]));
    const run = await runCli(['validate', file, '--quiet']);
    expect(run.code, run.stderr).toBe(1);
    const rows = await readCsv(join(dir, 'zoho.results.csv'));
    expect(rows.map((row) => [row['crm_id'], row['status'], row['error_code']])).toEqual([
      ['5.72576700000041E+18', 'invalid', 'ID_INVALID'],
      ['51234567801', 'ok', ''],
    ]);
  });
});
