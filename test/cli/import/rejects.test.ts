import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';

/** import --rejects: every row that did not end ok (invalid, failed, skipped), with the results row's own reason. */

const ORG = 'org-test';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'user_id'];

let sandbox: Sandbox;
let dir: string;

beforeEach(async () => {
  dir = await tempDir();
  sandbox = await startSandbox({ port: 0 });
});
afterEach(async () => {
  await sandbox.close();
});

function importInto(input: string, results: string, rejects: string, flags: string[] = []) {
  return runCli(['import', input, '--base-url', sandbox.url, '--org', ORG, '--results', results, '--rejects', rejects, '--quiet', ...flags], {
    env: { SALESCHAT_TOKEN: sandbox.token },
  });
}

/** The rows of a results file that belong in the rejects file: not ok, not a duplicate. */
async function notOk(results: string): Promise<Record<string, string>[]> {
  return (await readCsv(results)).filter((row) => row['status'] !== 'ok' && row['status'] !== 'duplicate');
}

describe('import --rejects', () => {
  it('invalid, failed and skipped rows, each with its results row error_code and error_message; a duplicate left out', async () => {
    // One worker and --max-errors 1: the unknown user's 404 stops the run, and the rows after it are skipped.
    const rows = [
      ['R-1', '+14155550001', '2024-05-01', 'Ada', ''],
      ['R-2', 'not a phone', '2024-05-01', 'Bob', ''],
      ['R-1', '+14155550003', '2024-05-01', 'Dup', ''],
      ['R-4', '+14155550004', '2024-05-01', 'Cy', 'user-99'],
      ...Array.from({ length: 6 }, (_, i) => [`R-${5 + i}`, `+1415555001${i}`, '2024-05-01', `Late${i}`, '']),
    ];
    const input = await writeTemp('contacts.csv', csv(HEADER, rows), dir);
    const results = join(dir, 'contacts.results.csv');
    const rejects = join(dir, 'rejects.csv');
    const run = await importInto(input, results, rejects, ['--concurrency', '1', '--max-errors', '1', '--retries', '0']);
    expect(run.code, run.stderr).toBe(3);

    const expected = await notOk(results);
    expect(new Set(expected.map((row) => row['status']))).toEqual(new Set(['invalid', 'failed', 'skipped']));
    expect(expected.find((row) => row['status'] === 'failed')).toMatchObject({ crm_id: 'R-4', http_status: '404' });
    expect(expected.find((row) => row['status'] === 'skipped')).toMatchObject({ error_code: 'ABORTED' });

    const written = await readCsv(rejects);
    expect(Object.keys(written[0]!)).toEqual([...HEADER, 'error_code', 'error_message']);
    expect(written.map((row) => [row['crm_id'], row['error_code'], row['error_message']])).toEqual(
      expected.map((row) => [row['crm_id'], row['error_code'], row['error_message']]),
    );
    // The input's cells as they were: the duplicate of R-1 is not there.
    expect(written.find((row) => row['crm_id'] === 'R-2')).toMatchObject({ phone_number: 'not a phone', first_name: 'Bob' });
    expect(written.some((row) => row['first_name'] === 'Dup')).toBe(false);
  });

  it('fed back, gives the rows still not ok back with their new reasons, not doubled columns', async () => {
    const rows = [
      ['F-1', '+14155550101', '2024-05-01', 'Ok', ''],
      ['F-2', '+14155550102', 'someday', 'Date', ''],
      ['F-3', '+14155550103', '2024-05-01', 'User', 'user-99'],
    ];
    const input = await writeTemp('contacts.csv', csv(HEADER, rows), dir);
    const first = await importInto(input, join(dir, 'first.results.csv'), join(dir, 'first.rejects.csv'));
    expect(first.code).toBe(1);
    const firstRejects = await readCsv(join(dir, 'first.rejects.csv'));
    expect(firstRejects.map((row) => [row['crm_id'], row['error_code']])).toEqual([
      ['F-2', 'DATE_INVALID'],
      ['F-3', '4040001'],
    ]);

    // F-3's user now exists and F-2 is still undated: F-3 goes through, F-2 comes back with this run's reason.
    const fedBack = join(dir, 'first.rejects.csv');
    const fixed = (await readFile(fedBack, 'utf8')).replace('user-99', 'user-1');
    await writeTemp('first.rejects.csv', fixed, dir);
    const second = await importInto(fedBack, join(dir, 'second.results.csv'), join(dir, 'second.rejects.csv'));
    expect(second.code).toBe(1);
    const text = await readFile(join(dir, 'second.rejects.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe([...HEADER, 'error_code', 'error_message'].join(','));
    const again = await readCsv(join(dir, 'second.rejects.csv'));
    expect(again.map((row) => [row['crm_id'], row['opt_in_date'], row['error_code']])).toEqual([['F-2', 'someday', 'DATE_INVALID']]);
    expect(again[0]!['error_message']).toBe((await notOk(join(dir, 'second.results.csv')))[0]!['error_message']);
  });
});
