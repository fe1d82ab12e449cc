import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { csv, readCsv, runCli, tempDir, writeTemp, type CliRun } from '../../support/run-cli.js';
import { EXPORT_HEADER, ORG, csvRecords, phone } from './helpers.js';

/** Values a spreadsheet would run as formulas, and values that look like the escape itself. */
const FORMULA_LIKE = ['=1+1', '+1+1', '-2+3', '@SUM(A1)', '=HYPERLINK("http://x")', "'", "''", "'=x", "'abc", "'-1", '-', '+', '@', '\t=tab', '\r=cr'];
/** What SalesChat keeps of each: values are trimmed, so a tab or CR in front never reaches the API. */
const stored = (value: string) => value.trim();
/** A cell a spreadsheet would run; a valid E.164 number in phone_number is written as it is, by the contract. */
const isFormula = (cell: string) => /^[=@+\-\t\r]/.test(cell) && !/^\+[1-9]\d{6,14}$/.test(cell);

/** Row i holds the i-th value as its crm_id and the next two as its names: every value in every column. */
const ROWS = FORMULA_LIKE.map((value, i) => [
  value,
  phone(i),
  '2024-05-01',
  FORMULA_LIKE[(i + 1) % FORMULA_LIKE.length]!,
  FORMULA_LIKE[(i + 2) % FORMULA_LIKE.length]!,
]);
const CONTACTS = ROWS.map(([crmId, , , first, last]) => ({ crmId: stored(crmId!), firstName: stored(first!), lastName: stored(last!) }));

let sandbox: Sandbox;
let dir: string;
const path = (name: string) => join(dir, name);
const run = (argv: string[]): Promise<CliRun> =>
  runCli([...argv, '--base-url', sandbox.url, '--org', ORG, '--quiet'], { env: { SALESCHAT_TOKEN: sandbox.token } });
const byCrmId = (contacts: { crmId: string }[]) => [...contacts].sort((a, b) => a.crmId.localeCompare(b.crmId));
/** What the sandbox holds of each contact in the org, in crm_id order. */
const storedContacts = () => byCrmId(sandbox.store.listByOrg(ORG).map(({ crmId, firstName, lastName }) => ({ crmId, firstName, lastName })));

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0 });
  dir = await tempDir();
});
afterEach(async () => {
  await sandbox.close();
});

describe('import -> export -> import keeps formula-like values as they were', () => {
  it('creates nothing the second time, keeps the values, and exports the same bytes again', async () => {
    const input = await writeTemp('contacts.csv', csv(['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'last_name'], ROWS), dir);
    const first = await run(['import', input]);
    expect(first.code, first.stderr).toBe(0);
    const created = await readCsv(path('contacts.results.csv'));
    expect(created.map((r) => r['action'])).toEqual(ROWS.map(() => 'created'));
    expect(storedContacts()).toEqual(byCrmId(CONTACTS));

    const exports: string[] = [];
    let source = input;
    for (const round of [1, 2, 3]) {
      const out = path(`round${round}.csv`);
      const exported = await run(['export', source, '--out', out]);
      expect(exported.code, exported.stderr).toBe(0);
      exports.push(await readFile(out, 'utf8'));
      const [header, ...records] = csvRecords(exports.at(-1)!);
      expect(header).toEqual(EXPORT_HEADER);
      expect(records.flat().filter(isFormula)).toEqual([]);

      // --full: the values must really go back to SalesChat (the sync state would find them unchanged, rightly).
      const reimported = await run(['import', out, '--full']);
      expect(reimported.code, reimported.stderr).toBe(0);
      const results = await readCsv(path(`round${round}.results.csv`));
      expect(results.map((r) => [r['status'], r['action'], r['contact_id']])).toEqual(created.map((r) => ['ok', 'updated', r['contact_id']]));
      expect(sandbox.store.count()).toBe(ROWS.length);
      expect(storedContacts()).toEqual(byCrmId(CONTACTS));
      source = out;
    }
    expect(exports[1]).toBe(exports[0]);
    expect(exports[2]).toBe(exports[1]);
  });
});

describe("a user's own CSV is read as it is", () => {
  it.each(["'=x", "''=x", "'+1+1", "'abc"])('a name %j in a hand-made file reaches SalesChat unchanged', async (name) => {
    const input = await writeTemp('hand-made.csv', csv(['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'last_name'], [['H-1', phone(1), '2024-05-01', name, name]]), dir);
    const imported = await run(['import', input]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(storedContacts()).toEqual([{ crmId: 'H-1', firstName: name, lastName: name }]);
  });
});

/** An export file's row for a contact with this crm_id cell. */
const exportRow = (crmId: string, i: number) => [phone(i), `c-${i}`, crmId, 'Ada', 'Lovelace', '2024-05-01T00:00:00.000Z', '', 'false', '', 'found', '', ''];

describe('validate reads an export file as export wrote it', () => {
  it.each([
    ['on this thread', '0'],
    ['on worker threads', '1'],
  ])("%s: an escaped '+1+1 and a +1+1 typed in by hand are one crm_id", async (_where, workers) => {
    const input = await writeTemp('edited.export.csv', csv(EXPORT_HEADER, [exportRow("'+1+1", 1), exportRow('+1+1', 2)]), dir);
    const validated = await runCli(['validate', input, '--workers', workers, '--results', path('edited.results.csv'), '--quiet']);
    expect(validated.code).toBe(1);
    const results = await readCsv(path('edited.results.csv'));
    expect(results.map((r) => [r['crm_id'], r['status']])).toEqual([
      ["'+1+1", 'ok'],
      ["'+1+1", 'duplicate'],
    ]);
  });

  it('--dedupe last: the crm_ids are the ones export meant, so only the last of three is kept', async () => {
    const input = await writeTemp('edited.export.csv', csv(EXPORT_HEADER, [exportRow("'+1+1", 1), exportRow('+1+1', 2), exportRow("'+1+1", 3)]), dir);
    const validated = await runCli(['validate', input, '--dedupe', 'last', '--results', path('edited.results.csv'), '--quiet']);
    expect(validated.code).toBe(1);
    const results = await readCsv(path('edited.results.csv'));
    expect(results.map((r) => [r['crm_id'], r['status']])).toEqual([
      ["'+1+1", 'duplicate'],
      ["'+1+1", 'duplicate'],
      ["'+1+1", 'ok'],
    ]);
  });
});
