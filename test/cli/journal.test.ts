import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startCli, stderrShows } from '../support/cli-process.js';
import { csv, readCsv, tempDir } from '../support/run-cli.js';

/**
 * Results are written in input order, so one slow row holds every finished row behind it back. Here row 2 waits
 * out the 10 s the API requires between two assigns of one contact (rows 1 and 2 share a crm_id, --dedupe off),
 * while rows 3.. finish. A kill -9 then must lose only what was in flight: the journal has the rest, and --resume
 * sends nothing for them.
 */

const ORG = 'org-journal';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'user_id'];
const OTHERS = 300;

let sandbox: Sandbox;
afterEach(async () => {
  await sandbox?.close();
});

describe('the journal', () => {
  it('keeps rows that finished behind a slow one through kill -9, and --resume does not send them again', { timeout: 60_000 }, async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    sandbox = await startSandbox({ port: 0, clock: () => now });
    const dir = await tempDir();
    const input = join(dir, 'contacts.csv');
    const rows = [
      ['SLOW', '+14155550100', '2024-05-01', 'First', 'user-1'],
      ['SLOW', '+14155550100', '2024-05-01', 'Second', 'user-2'],
      ...Array.from({ length: OTHERS }, (_, i) => [`C-${i}`, `+1415556${String(1000 + i)}`, '2024-05-01', `N${i}`, '']),
    ];
    await writeFile(input, csv(HEADER, rows));
    const args = ['import', input, '--base-url', sandbox.url, '--org', ORG, '--concurrency', '16', '--dedupe', 'off'];
    const env = { SALESCHAT_TOKEN: sandbox.token };

    const first = startCli(args, { env });
    // Every other row is done once the sandbox holds all the contacts; row 2 still waits for its assign turn.
    while (sandbox.store.count() < OTHERS + 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 300));
    first.child.kill('SIGKILL');
    await first.done;

    const written = await readCsv(join(dir, 'contacts.results.csv')).catch(() => []);
    expect(written.length, 'rows behind the slow one are held back from the results file').toBeLessThan(2);
    const journal = await readFile(join(dir, 'contacts.results.csv.journal'), 'utf8');
    expect(journal.split('\n').filter((line) => line.includes('"status":"ok"')).length).toBeGreaterThanOrEqual(OTHERS);

    // Past the API's 10 s between two assigns, so the resumed row 2 is not refused.
    now += 20_000;
    const before = sandbox.stats().requests;
    const resume = startCli([...args, '--resume'], { env });
    await stderrShows(resume, 'Resuming');
    const ended = await resume.done;
    expect(ended.code, ended.stderr).toBe(0);
    const sent = sandbox.stats().requests - before;
    // Only row 2 (create -> 409 -> look-up -> update -> assign) and, when its answer was lost, row 1's steps.
    expect(sent).toBeLessThanOrEqual(10);
    const results = await readCsv(join(dir, 'contacts.results.csv'));
    expect(results).toHaveLength(OTHERS + 2);
    expect(results.every((row) => row['status'] === 'ok')).toBe(true);
    expect(sandbox.store.count()).toBe(OTHERS + 1);
    expect(existsSync(join(dir, 'contacts.results.csv.journal'))).toBe(false);
  });
});
