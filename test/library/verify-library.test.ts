import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type * as LibrarySource from '../../src/index.js';

/** verifyContacts as a user gets it: the built entry, typed by its source, against a sandbox on a free port. */
type Library = typeof LibrarySource;
const lib = (await import(pathToFileURL(join(resolve(import.meta.dirname, '../..'), 'dist', 'index.js')).href)) as Library;

const ORG = 'org-library-verify';
const contact = (i: number) => ({ crm_id: `CRM-${i}`, phone_number: `+1415555${String(2100 + i).padStart(4, '0')}`, opt_in_date: '2024-05-01', first_name: `First${i}` });

let sandbox: Awaited<ReturnType<Library['startSandbox']>>;
let dir: string;

beforeEach(async () => {
  sandbox = await lib.startSandbox({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'saleschat-bulk-library-'));
});
afterEach(async () => {
  await sandbox.close();
});

const api = () => ({ baseUrl: sandbox.url, token: sandbox.token, orgId: ORG, stateDir: process.env['SALESCHAT_STATE_DIR'] });

describe('verifyContacts', () => {
  it('compares records with SalesChat and returns the figures, with the sync state marks', async () => {
    await lib.importContacts({ input: [contact(1), contact(2)], results: join(dir, 'import.csv'), ...api() });
    const results = join(dir, 'verify.csv');
    const result = await lib.verifyContacts({ input: [contact(1), { ...contact(2), first_name: 'Other' }, contact(3)], results, ...api() });
    expect(result).toMatchObject({ exitCode: 1, tally: { rows: 3, byStatus: { match: 1, differs: 1, missing: 1 }, drifted: 1, forgotten: 0, requests: 3 } });
    const rows = parse<Record<string, string>>(await readFile(results, 'utf8'), { columns: true });
    expect(rows.map((row) => row['status'])).toEqual(['match', 'differs', 'missing']);
  });
});
