import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { readCsv, runCli, tempDir, type CliRun } from '../../support/run-cli.js';

/** The round trip of the README's export section, command for command (only the paths and the port differ). */
const SAMPLE = 'samples/contacts.csv';

let sandbox: Sandbox;
let dir: string;
let env: Record<string, string>;
const path = (name: string) => join(dir, name);
const run = (argv: string[]): Promise<CliRun> => runCli(argv, { env });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  dir = await tempDir();
  env = { SALESCHAT_TOKEN: sandbox.token, SALESCHAT_BASE_URL: sandbox.url, SALESCHAT_ORG_ID: 'demo-org' };
});
afterAll(async () => {
  await sandbox.close();
});

/** The sample's opt_in_date as RFC 3339, computed apart from the tool: a date alone or a time with Z. */
const rfc3339 = (given: string) => new Date(given).toISOString();

describe('export: the round trip import -> export -> import', () => {
  it('brings back every field import sent, then feeds back to import as it is', async () => {
    const sample = parse<Record<string, string>>(await readFile(SAMPLE, 'utf8'), { columns: true });

    const imported = await run(['import', SAMPLE, '--results', path('contacts.results.csv')]);
    expect(imported.code).toBe(1); // the sample holds invalid and duplicate rows on purpose
    const results = await readCsv(path('contacts.results.csv'));
    const ok = results.filter((r) => r['status'] === 'ok');
    expect(ok).toHaveLength(46);
    expect(sandbox.store.count()).toBe(46);

    const exported = await run(['export', SAMPLE, '--out', path('contacts.export.csv')]);
    expect(exported.code).toBe(1); // one row's phone is invalid
    const rows = await readCsv(path('contacts.export.csv'));
    expect(rows.map((r) => r['status']).sort()).toEqual([...Array<string>(46).fill('found'), 'invalid', ...Array<string>(4).fill('not_found')].sort());
    const found = new Map(rows.filter((r) => r['status'] === 'found').map((r) => [r['crm_id'], r]));
    for (const result of ok) {
      const given = sample[Number(result['row']) - 1]!;
      expect(found.get(result['crm_id'])).toMatchObject({
        id: result['contact_id'],
        phone_number: result['phone_number'],
        first_name: given['first_name'],
        last_name: given['last_name'],
        opt_in_date: rfc3339(given['opt_in_date']!),
        is_expired: 'false',
      });
    }

    const reimported = await run(['import', path('contacts.export.csv')]);
    const again = await readCsv(path('contacts.export.results.csv'));
    expect(again).toHaveLength(rows.length);
    rows.forEach((row, i) => {
      // Every contact export found updates in place; a number it did not find has no crm_id to import.
      const expected = row['status'] === 'found' ? ['ok', 'updated', row['id']] : ['invalid', 'none', ''];
      expect([again[i]!['status'], again[i]!['action'], again[i]!['contact_id']]).toEqual(expected);
    });
    expect(reimported.code).toBe(1);
    expect(reimported.stderr).toMatch(/Ignoring 4 column\(s\).*"create_date", "is_expired", "expiry_ts", "status"\./);
    expect(sandbox.store.count()).toBe(46);
    expect(sandbox.stats().byOperation['registerContactV2']?.['200']).toBe(46);

    // An export file is export input too: its numbers, looked up again, give the same rows (the invalid one now reads "'+1 555 0100").
    const twice = await run(['export', path('contacts.export.csv'), '--out', path('again.export.csv'), '--quiet']);
    expect(twice.code).toBe(1);
    const same = (rows: Record<string, string>[]) => rows.map((r) => (r['status'] === 'invalid' ? r['status'] : JSON.stringify(r)));
    expect(same(await readCsv(path('again.export.csv')))).toEqual(same(rows));
  });
});
