import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { csv, readCsv, tempDir } from '../../support/run-cli.js';
import { PREFLIGHT_REQUESTS } from '../../support/preflight.js';
import { runCliCaught } from '../../support/run-cli-caught.js';

/**
 * validate and import --dry-run must not write over the results of an import that did not finish: --resume needs
 * them (with --no-state they are the only record of what was sent). An import stopped cleanly (SIGTERM, an abort)
 * used to remove its journal, the one sign the guard looked for, so its results were overwritten without a word.
 */

const ORG = 'org-unfinished';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'user_id'];
const ROWS = 200;
/** Rows whose assign the sandbox refuses (404: no such user), so they fail for good. */
const contacts = (failing: (i: number) => boolean) =>
  Array.from({ length: ROWS }, (_, i) => [`U-${i}`, `+1415556${String(2000 + i)}`, '2024-05-01', failing(i) ? 'user-99' : '']);

let sandbox: Sandbox;
let dir: string;
let input: string;
let results: string;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, latencyMs: 10 });
  dir = await tempDir();
  input = join(dir, 'contacts.csv');
  results = join(dir, 'contacts.results.csv');
});
afterEach(async () => {
  await sandbox.close();
});

const importArgs = (extra: string[] = []) => ['import', input, '--base-url', sandbox.url, '--org', ORG, '--results', results, '--no-state', '--quiet', ...extra];
const env = () => ({ SALESCHAT_TOKEN: sandbox.token });

/** An import stopped by the first SIGINT/SIGTERM once some rows were sent. */
async function interrupted() {
  await writeFile(input, csv(HEADER, contacts(() => false)));
  const stop = new AbortController();
  const watch = setInterval(() => {
    if (sandbox.stats().requests > 40) stop.abort();
  }, 2);
  try {
    return await runCliCaught(importArgs(), { env: env(), signal: stop.signal });
  } finally {
    clearInterval(watch);
  }
}

/** An import aborted by --max-errors: rows from the 30th on fail for good, and the rest are skipped (ABORTED). */
async function aborted() {
  await writeFile(input, csv(HEADER, contacts((i) => i >= 30)));
  return runCliCaught(importArgs(['--max-errors', '3']), { env: env() });
}

/** An import that read and sent every row, one of which failed for good. */
async function finishedWithAFailure() {
  await writeFile(input, csv(HEADER, contacts((i) => i === 7)));
  return runCliCaught(importArgs(), { env: env() });
}

const overwriters = () => [
  ['validate', input, '--results', results, '--quiet'],
  ['import', input, '--dry-run', '--results', results, '--quiet'],
];

describe('validate and import --dry-run over the results of an import', () => {
  it.each([
    ['interrupted (exit 130)', interrupted, 130],
    ['aborted (exit 3)', aborted, 3],
  ])('that was %s: refused with exit 2, the file untouched, and --resume then finishes it', async (_how, run, code) => {
    const stopped = await run();
    expect(stopped.code, stopped.stderr).toBe(code);
    expect(stopped.stderr).toContain('--resume');
    const before = await readFile(results, 'utf8');
    for (const args of overwriters()) {
      const refused = await runCliCaught(args);
      expect(refused.code, `${args[0]}: ${refused.stderr}`).toBe(2);
      expect(refused.stderr).toContain(`${results} holds the results of an import that did not finish`);
      expect(refused.stderr).toContain('--resume');
      expect(await readFile(results, 'utf8')).toBe(before);
    }

    // Nothing lost: --resume continues from that file, and its finished results may then be overwritten.
    await writeFile(input, csv(HEADER, contacts(() => false)));
    const sentBefore = sandbox.stats().requests;
    const resumed = await runCliCaught(importArgs(['--resume']), { env: env() });
    expect(resumed.code, resumed.stderr).toBe(0);
    const [ok, failed] = [',ok,', ',failed,'].map((status) => before.split('\n').filter((line) => line.includes(status)).length) as [number, number];
    expect(ok).toBeGreaterThan(0);
    // The rows confirmed before the stop are not sent again: one create for each row never sent, and for a row
    // that failed, create (409), look-up and update.
    expect(sandbox.stats().requests - sentBefore).toBeLessThanOrEqual(PREFLIGHT_REQUESTS + (ROWS - ok - failed) + 3 * failed);
    expect(sandbox.store.count()).toBe(ROWS);
    expect(existsSync(`${results}.journal`)).toBe(false);
    expect(existsSync(`${results}.resume`)).toBe(false);
    expect((await runCliCaught(overwriters()[0]!)).code).toBe(0);
  });

  it('that finished, some rows failed (exit 1): overwritten as before', async () => {
    const finished = await finishedWithAFailure();
    expect(finished.code, finished.stderr).toBe(1);
    for (const args of overwriters()) expect((await runCliCaught(args)).code, args[0]).toBe(0);
    expect((await readCsv(results)).every((row) => row['status'] === 'skipped')).toBe(true);
  });
});
