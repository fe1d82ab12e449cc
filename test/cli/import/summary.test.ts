import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { healthyAtFirst } from '../../support/preflight.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { csv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';

/** The end of an import, through main() against a real sandbox: the errors line, what to do next, --summary-json. */

const ORG = 'org-summary';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'user_id'];
const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z import finished: /;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function importRows(live: Sandbox, dir: string, rows: string[][], args: string[] = []) {
  const input = await writeTemp('contacts.csv', csv(HEADER, rows), dir);
  return runCli(['import', input, '--base-url', live.url, '--org', ORG, '--quiet', ...args], { env: { SALESCHAT_TOKEN: live.token } });
}

describe('import: the end of a run', () => {
  it('failures another try will not fix: counted by code, and what to fix instead of --resume', async () => {
    sandbox = await startSandbox({ port: 0 });
    const dir = await tempDir();
    expect((await importRows(sandbox, dir, [['CRM-1', '+14155552001', '2024-05-01', '']])).code).toBe(0);
    const summaryPath = join(dir, 'summary.json');
    const run = await importRows(
      sandbox,
      dir,
      [
        ['CRM-1', '+14155552009', '2024-05-01', ''], // held under another phone number: CONTACT_NOT_FOUND
        ['CRM-2', '+14155552002', '2024-05-01', 'user-9'], // a user the API does not know: 404 on assign
        ['CRM-3', 'not a phone', '2024-05-01', ''],
        ['CRM-4', '+14155552004', '2024-05-01', 'user-1'],
      ],
      ['--summary-json', summaryPath],
    );
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(TIMESTAMP);
    expect(lines).toContain('  errors: 1 4040001, 1 CONTACT_NOT_FOUND, 1 PHONE_INVALID.');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}2 rows failed for a reason another try will not fix \(1 4040001, 1 CONTACT_NOT_FOUND\): .*user_id.*; fix them from the results file/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}1 row\(s\) invalid or duplicate, nothing sent for them/));
    expect(run.stderr).not.toContain('--resume');

    const summary = JSON.parse(await readFile(summaryPath, 'utf8')) as Record<string, unknown>;
    expect(summary).toMatchObject({
      command: 'import', outcome: 'finished', exit_code: 1, rows: 4, status: { ok: 1, invalid: 1, failed: 2 },
      version: VERSION, error_codes: { '4040001': 1, CONTACT_NOT_FOUND: 1, PHONE_INVALID: 1 },
    });
    const started = Date.parse(summary['started_at'] as string);
    const ended = Date.parse(summary['ended_at'] as string);
    expect(summary['ended_at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(ended - started).toBeGreaterThanOrEqual(0);
    expect(ended).toBeLessThanOrEqual(Date.now());
  });

  it('failures another try can fix (5xx): --resume, and nothing to fix', async () => {
    sandbox = await startSandbox({ port: 0, failRate: 1 });
    const dir = await tempDir();
    const rows = [['CRM-1', '+14155552001', '2024-05-01', ''], ['CRM-2', '+14155552002', '2024-05-01', '']];
    // Healthy for the run's pre-flight, failing for its rows.
    const front = await healthyAtFirst(sandbox.url);
    const run = await importRows({ ...sandbox, url: front.url }, dir, rows, ['--retries', '0', '--results', join(dir, 'out.csv')]).finally(() => front.close());
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toContain('  errors: 2 5000001.');
    expect(lines.at(-1)).toMatch(/^ {2}To retry the 2 rows that failed for a reason another try can fix \(2 5000001\): saleschat-bulk import .*--resume$/);
    expect(run.stderr).not.toContain('will not fix');
  });
});
