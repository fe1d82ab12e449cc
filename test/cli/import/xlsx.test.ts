import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { readCsv, runCli, tempDir } from '../../support/run-cli.js';
import { PREFLIGHT_REQUESTS } from '../../support/preflight.js';
import { workbookBytes, type FixtureCell, type FixtureSheet } from '../../support/workbook.js';

/** import, --resume and export on an .xlsx workbook against the sandbox: the results match the input rows one to one. */

const ORG = 'org-xlsx';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'first_name'];
const phone = (i: number) => 14155554000 + i;
const optIn = { value: new Date(Date.UTC(2024, 4, 1, 9, 30)), numFmt: 'yyyy-mm-dd hh:mm' };

/** Rows of a Contacts sheet: phones Excel made numbers, a date-time cell, a blank row after row 2 and a bad phone at 4. */
function contactRows(count: number): FixtureCell[][] {
  const rows: FixtureCell[][] = [HEADER];
  for (let i = 1; i <= count; i++) {
    rows.push([`X-${i}`, i === 4 ? 12 : phone(i), optIn, `Name${i}`]);
    if (i === 2) rows.push([]);
  }
  return rows;
}

let sandbox: Sandbox;
let dir: string;
let book: string;

async function writeBook(sheets: FixtureSheet[]): Promise<void> {
  await writeFile(book, await workbookBytes(sheets));
}

async function importBook(args: string[] = []) {
  const before = sandbox.stats().requests;
  const run = await runCli(['import', book, '--base-url', sandbox.url, '--org', ORG, '--default-country', 'US', '--quiet', ...args], {
    env: { SALESCHAT_TOKEN: sandbox.token },
  });
  return { ...run, sent: sandbox.stats().requests - before, results: await readCsv(join(dir, 'book.results.csv')) };
}

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0 });
  dir = await tempDir();
  book = join(dir, 'book.xlsx');
});
afterEach(async () => {
  await sandbox.close();
});

describe('import book.xlsx', () => {
  it('imports each row, writing book.results.csv with one row per input row and the Excel row as the line', async () => {
    await writeBook([{ name: 'Contacts', rows: contactRows(5) }]);
    const { code, results, stderr } = await importBook();
    expect(code, stderr).toBe(1);
    expect(results.map((row) => [row['row'], row['line'], row['crm_id'], row['phone_number'], row['status']])).toEqual([
      ['1', '2', 'X-1', `+${phone(1)}`, 'ok'],
      ['2', '3', 'X-2', `+${phone(2)}`, 'ok'],
      ['3', '5', 'X-3', `+${phone(3)}`, 'ok'],
      ['4', '6', 'X-4', '12', 'invalid'],
      ['5', '7', 'X-5', `+${phone(5)}`, 'ok'],
    ]);
    const stored = sandbox.store.listByOrg(ORG);
    expect(stored.map((contact) => [contact.crmId, contact.phone]).sort()).toEqual([1, 2, 3, 5].map((i) => [`X-${i}`, `+${phone(i)}`]));
  });

  it('--resume sends nothing again for an unchanged workbook', async () => {
    await writeBook([{ name: 'Contacts', rows: contactRows(5) }]);
    await importBook();
    const again = await importBook(['--resume']);
    // Its pre-flight's read-only look-up only.
    expect(again.sent).toBe(PREFLIGHT_REQUESTS);
    expect(again.results.map((row) => row['status'])).toEqual(['ok', 'ok', 'ok', 'invalid', 'ok']);
  });

  it('imports the worksheet --sheet names', async () => {
    await writeBook([
      { name: 'Contacts', rows: contactRows(2) },
      { name: 'Leads', rows: [HEADER, ['L-1', phone(9), optIn, 'Lee']] },
    ]);
    const { code, results } = await importBook(['--sheet', 'Leads']);
    expect(code).toBe(0);
    expect(results.map((row) => [row['crm_id'], row['status']])).toEqual([['L-1', 'ok']]);
    expect(sandbox.store.listByOrg(ORG).map((contact) => contact.crmId)).toEqual(['L-1']);
  });
});

describe('export from book.xlsx', () => {
  it('looks up the phones of a worksheet', async () => {
    await writeBook([{ name: 'Contacts', rows: contactRows(2) }]);
    await importBook();
    await writeBook([{ name: 'Phones', rows: [['phone_number'], [phone(1)], [phone(7)]] }]);
    const out = join(dir, 'export.csv');
    const run = await runCli(['export', book, '--out', out, '--base-url', sandbox.url, '--org', ORG, '--default-country', 'US', '--quiet'], {
      env: { SALESCHAT_TOKEN: sandbox.token },
    });
    expect(run.code, run.stderr).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text).toContain(`+${phone(1)}`);
    expect(text).toContain('X-1');
    expect(text).toContain('not_found');
  });
});
