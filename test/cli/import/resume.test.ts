import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { csv, readCsv, runCli, tempDir } from '../../support/run-cli.js';
import { PREFLIGHT_REQUESTS } from '../../support/preflight.js';
import { runCliCaught } from '../../support/run-cli-caught.js';

/**
 * --resume takes an earlier row as done only when an import confirmed the same content, for the same input, into
 * the same base URL and org. Each case below sent nothing, or the wrong thing, before that rule.
 */

const ORG = 'org-resume';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'first_name'];
const phone = (i: number) => `+1415555${String(3000 + i).padStart(4, '0')}`;
const contacts = (count: number, prefix = 'R') => Array.from({ length: count }, (_, i) => [`${prefix}-${i}`, phone(i), '2024-05-01', `Name${i}`]);

let sandbox: Sandbox;
let dir: string;
let input: string;
const results = () => join(dir, 'contacts.results.csv');

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0 });
  dir = await tempDir();
  input = join(dir, 'contacts.csv');
});
afterEach(async () => {
  await sandbox.close();
});

async function importFile(rows: (string | number)[][] | undefined, args: string[] = [], env: Record<string, string> = {}) {
  if (rows !== undefined) await writeFile(input, csv(HEADER, rows));
  const before = sandbox.stats().requests;
  const run = await runCliCaught(['import', input, '--base-url', sandbox.url, '--org', ORG, ...args], { env: { SALESCHAT_TOKEN: sandbox.token, ...env } });
  return { ...run, sent: sandbox.stats().requests - before };
}

describe('--resume is keyed by content', () => {
  it('after validate wrote the results file, sends every row (validate confirmed nothing) and keeps its file aside', async () => {
    await writeFile(input, csv(HEADER, contacts(20)));
    expect((await runCli(['validate', input, '--quiet'])).code).toBe(0);
    const run = await importFile(undefined, ['--resume']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.sent).toBe(PREFLIGHT_REQUESTS + 20);
    expect(run.stderr).toContain('was not written by import');
    expect(sandbox.store.count()).toBe(20);
    expect(existsSync(`${results()}.bak`)).toBe(true);
    expect((await readCsv(results())).map((row) => row['action'])).toEqual(Array(20).fill('created'));
  });

  it('an unchanged file is not sent again', async () => {
    await importFile(contacts(20));
    const run = await importFile(undefined, ['--resume']);
    expect(run.code).toBe(0);
    // Only the pre-flight's read-only look-up.
    expect(run.sent).toBe(PREFLIGHT_REQUESTS);
    const ids = new Map(sandbox.store.listByOrg(ORG).map((contact) => [contact.crmId, contact.id]));
    expect((await readCsv(results())).map((row) => [row['status'], row['contact_id']])).toEqual(contacts(20).map((row) => ['ok', ids.get(String(row[0]))]));
  });

  it('rows inserted near the top are sent, and no row is taken as done by its number', async () => {
    await importFile(contacts(20));
    const inserted = [...contacts(3, 'NEW').map((row, i) => [row[0]!, phone(100 + i), row[2]!, row[3]!]), ...contacts(20)];
    const run = await importFile(inserted, ['--resume']);
    expect(run.code, run.stderr).toBe(0);
    const rows = await readCsv(results());
    expect(rows.map((row) => row['crm_id'])).toEqual(inserted.map((row) => row[0]));
    expect(rows.slice(0, 3).map((row) => row['action'])).toEqual(['created', 'created', 'created']);
    expect(sandbox.store.listByOrg(ORG).map((contact) => contact.crmId)).toEqual(expect.arrayContaining(['NEW-0', 'NEW-1', 'NEW-2']));
    expect(sandbox.store.count()).toBe(23);
  });

  it('a crm_id or a name changed in place is sent again; the rows around it are not', async () => {
    await importFile(contacts(10));
    const edited = contacts(10);
    edited[4]![0] = 'R-4-renamed';
    edited[7]![3] = 'Changed';
    const run = await importFile(edited, ['--resume']);
    expect(run.code, run.stderr).toBe(0);
    const rows = await readCsv(results());
    expect(rows.map((row) => row['crm_id'])).toEqual(edited.map((row) => row[0]));
    expect(sandbox.store.listByOrg(ORG).find((contact) => contact.crmId === 'R-4-renamed')).toBeDefined();
    expect(sandbox.store.listByOrg(ORG).find((contact) => contact.crmId === 'R-7')?.firstName).toBe('Changed');
    expect(run.sent).toBeGreaterThanOrEqual(2);
    expect(run.sent).toBeLessThanOrEqual(8);
  });

  it('a row that failed is sent again; the ok ones are not', async () => {
    await importFile(contacts(5));
    // The third row fails: its crm_id is held by another contact under another phone number.
    const rows = contacts(5);
    rows[2]![0] = 'TAKEN';
    await writeFile(join(dir, 'holder.csv'), csv(HEADER, [['TAKEN', phone(50), '2024-05-01', 'Holder']]));
    await runCli(['import', join(dir, 'holder.csv'), '--base-url', sandbox.url, '--org', ORG, '--quiet'], { env: { SALESCHAT_TOKEN: sandbox.token } });
    const first = await importFile(rows, ['--resume']);
    expect(first.code).toBe(1);
    expect((await readCsv(results()))[2]).toMatchObject({ status: 'failed', error_code: 'CONTACT_NOT_FOUND' });
    const again = await importFile(undefined, ['--resume']);
    expect(again.code).toBe(1);
    // Only the failed row: create (409), then the look-up by phone that does not find it.
    expect(again.sent).toBe(PREFLIGHT_REQUESTS + 2);
  });

  it.each([
    ['another org', (): string[] => ['--org', 'org-other'], {}],
    ['another base URL', (): string[] => ['--base-url', sandbox.url.replace('127.0.0.1', 'localhost')], {}],
  ])('refuses, with exit 2 and nothing sent, the results of an import into %s', async (_what, args, env) => {
    await importFile(contacts(5));
    const run = await importFile(undefined, ['--resume', ...args()], env);
    expect(run.code).toBe(2);
    expect(run.sent).toBe(0);
    expect(run.stderr).toContain('another input, or into another base URL or org');
  });

  it('refuses the results file of another input', async () => {
    await importFile(contacts(5));
    const other = join(dir, 'other.csv');
    await writeFile(other, csv(HEADER, contacts(5)));
    const before = sandbox.stats().requests;
    const run = await runCliCaught(['import', other, '--results', results(), '--resume', '--base-url', sandbox.url, '--org', ORG], {
      env: { SALESCHAT_TOKEN: sandbox.token },
    });
    expect(run.code).toBe(2);
    expect(sandbox.stats().requests).toBe(before);
    expect(await readFile(results(), 'utf8')).toContain('R-4');
  });

  it.each([
    [['--resume', '--dry-run'], '--dry-run sends nothing'],
    [['--resume', '--sandbox'], 'cannot continue a --sandbox run'],
    [['--resume', '--results', '-'], '--resume reads the results file'],
  ])('%j is a usage error', async (args, message) => {
    await writeFile(input, csv(HEADER, contacts(2)));
    const run = await runCliCaught(['import', input, ...args], { env: { SALESCHAT_TOKEN: sandbox.token, SALESCHAT_ORG_ID: ORG } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('validate and a dry run refuse to overwrite the results of an import that did not finish', async () => {
    await importFile(contacts(3));
    await writeFile(`${results()}.journal`, '{"journal":1,"run":"x"}\n');
    for (const args of [['validate', input], ['import', input, '--dry-run']]) {
      const run = await runCliCaught(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('did not finish');
    }
    expect((await readCsv(results())).length).toBe(3);
  });

  it('a run that fails to open an output leaves no journal behind (no row was sent), so validate still runs', async () => {
    const run = await importFile(contacts(3), ['--rejects', join(dir, 'missing-folder', 'x.csv')]);
    expect(run.code).toBe(2);
    // The outputs open after the pre-flight (so that a refused token leaves no results file): its look-up only.
    expect(run.sent).toBe(PREFLIGHT_REQUESTS);
    expect(existsSync(`${results()}.journal`)).toBe(false);
    expect(existsSync(`${results()}.lock`)).toBe(false);
    expect((await runCliCaught(['validate', input, '--quiet'])).code).toBe(0);
  });
});
