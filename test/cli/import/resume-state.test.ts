import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { csv, readCsv, tempDir } from '../../support/run-cli.js';
import { PREFLIGHT_REQUESTS } from '../../support/preflight.js';
import { runCliCaught } from '../../support/run-cli-caught.js';

/**
 * --resume takes the rows an earlier run confirmed from its results and journal, unsent. The sync state must learn
 * them too: the state is saved in batches, so a kill -9 can leave rows in the journal that the state never got,
 * and the next plain run sent them again, as `updated`, though nothing had changed.
 */

const ORG = 'org-resume-state';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date'];
const ROWS = 120;

let sandbox: Sandbox;
let dir: string;
let input: string;
let results: string;
let stateDir: string;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, latencyMs: 10 });
  dir = await tempDir();
  input = join(dir, 'contacts.csv');
  results = join(dir, 'contacts.results.csv');
  stateDir = join(dir, 'state');
  await writeFile(input, csv(HEADER, Array.from({ length: ROWS }, (_, i) => [`S-${i}`, `+1415557${String(1000 + i)}`, '2024-05-01'])));
});
afterEach(async () => {
  await sandbox.close();
});

const importArgs = (extra: string[] = []) => ['import', input, '--base-url', sandbox.url, '--org', ORG, '--results', results, '--state-dir', stateDir, '--quiet', ...extra];
const env = () => ({ SALESCHAT_TOKEN: sandbox.token });

it('--resume records the rows it keeps from the earlier run in the sync state, so the next run sends none of them', async () => {
  const stop = new AbortController();
  const watch = setInterval(() => {
    if (sandbox.stats().requests > 40) stop.abort();
  }, 2);
  const stopped = await runCliCaught(importArgs(), { env: env(), signal: stop.signal }).finally(() => clearInterval(watch));
  expect(stopped.code, stopped.stderr).toBe(130);
  // The state as a kill -9 may leave it: without the rows the journal holds.
  await rm(stateDir, { recursive: true, force: true });

  const resumed = await runCliCaught(importArgs(['--resume']), { env: env() });
  expect(resumed.code, resumed.stderr).toBe(0);
  expect(sandbox.store.count()).toBe(ROWS);

  const sentBefore = sandbox.stats().requests;
  const again = await runCliCaught(importArgs(), { env: env() });
  expect(again.code, again.stderr).toBe(0);
  const rows = await readCsv(results);
  expect(rows.filter((row) => row['action'] === 'unchanged')).toHaveLength(ROWS);
  expect(sandbox.stats().requests - sentBefore).toBeLessThanOrEqual(PREFLIGHT_REQUESTS);
});
