import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { runCliCaught } from '../../support/run-cli-caught.js';
import { csv, readCsv, tempDir, writeTemp } from '../../support/run-cli.js';

/**
 * An output that cannot be written once rows were sent (a full disk: /dev/full answers every write ENOSPC) is exit 74,
 * and the message says that rows may be in SalesChat and what to run next, as the README promises.
 */

const HEADER = ['crm_id', 'phone_number', 'opt_in_date'];
// Ten valid rows and one invalid one, so a rejects file has something to write.
const ROWS = [...Array.from({ length: 10 }, (_, i) => [`F-${i}`, `+1415555${String(2000 + i)}`, '2024-05-01']), ['F-bad', 'not a phone', '2024-05-01']];

let sandbox: Sandbox;
let dir: string;

beforeEach(async () => {
  dir = await tempDir();
  sandbox = await startSandbox({ port: 0 });
});
afterEach(async () => {
  await sandbox.close();
});

function importWith(input: string, flags: string[]) {
  return runCliCaught(['import', input, '--base-url', sandbox.url, '--org', 'o', '--quiet', ...flags], { env: { SALESCHAT_TOKEN: sandbox.token } });
}

describe.skipIf(!existsSync('/dev/full'))('an output that fills up (/dev/full) after rows were sent', () => {
  it('--rejects on a full disk: exit 74, rows may have been sent, and the --resume command that then finishes the run', async () => {
    const input = await writeTemp('c.csv', csv(HEADER, ROWS), dir);
    const run = await importWith(input, ['--rejects', '/dev/full']);
    expect(run.code, run.stderr).toBe(74);
    expect(run.stderr).toContain('Cannot write /dev/full: ENOSPC');
    expect(run.stderr).toMatch(/Rows may have been sent: \d+ request\(s\) had gone to SalesChat/);
    const journal = join(dir, 'c.results.csv.journal');
    expect(run.stderr).toContain(`Those that finished are kept in ${journal}. Free the space`);
    expect(existsSync(journal)).toBe(true);
    const command = /\n {4}saleschat-bulk (import .* --resume)\n/.exec(run.stderr)?.[1];
    expect(command, run.stderr).toBe(`import ${input} --base-url ${sandbox.url} --org o --quiet --rejects /dev/full --resume`);

    // Space freed (here: the rejects sent elsewhere), the same command goes on from where it stopped.
    const resumed = await importWith(input, ['--rejects', join(dir, 'rejects.csv'), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(1);
    expect((await readCsv(join(dir, 'c.results.csv'))).map((row) => row['status'])).toEqual([...Array<string>(10).fill('ok'), 'invalid']);
    expect(sandbox.stats().contacts).toBe(10);
  });

  it('--results /dev/full: exit 74, rows may have been sent, and with no journal the import is to be run again', async () => {
    const input = await writeTemp('c.csv', csv(HEADER, ROWS), dir);
    const run = await importWith(input, ['--results', '/dev/full']);
    expect(run.code, run.stderr).toBe(74);
    expect(run.stderr).toContain('Cannot write /dev/full: ENOSPC');
    expect(run.stderr).toMatch(/Rows may have been sent: \d+ request\(s\) had gone to SalesChat\. This run kept no journal to --resume from: fix the output, then run the import again/);
  });
});
