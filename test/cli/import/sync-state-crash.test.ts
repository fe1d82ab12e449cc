import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { mulberry32 } from '../../../src/sandbox/rng.js';
import { stateFilePath } from '../../../src/state/sync-state.js';
import { startCli, stderrShows, type CliProcess } from '../../support/cli-process.js';
import { PREFLIGHT_REQUESTS } from '../../support/preflight.js';
import { csv, readCsv, tempDir } from '../../support/run-cli.js';

/**
 * The sync state under kill -9 and under two runs at once, with the built CLI in processes of its own (run
 * `npm run build` first). A kill may lose the last confirmations not yet committed: those rows must then take the
 * create -> 409 -> look-up path, never a second create; and two runs on one org's state must never interleave.
 */

const ORG = 'org-sync-crash';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'stage'];
const TOKEN = 'tok-Kx7-crash-never-in-the-state';
const data = (count: number) => Array.from({ length: count }, (_, i) => [`K-${i}`, `+1415558${String(1000 + i)}`, '2024-05-01', 'New']);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function setUp(rows: number) {
  const live = await startSandbox({ port: 0, latencyMs: 5, token: TOKEN });
  sandbox = live;
  const dir = await tempDir();
  const stateDir = join(dir, 'state');
  const input = join(dir, 'contacts.csv');
  await writeFile(input, csv(HEADER, data(rows)));
  const args = (file: string, extra: string[] = []) =>
    ['import', file, '--base-url', live.url, '--org', ORG, '--quiet', '--concurrency', '8', '--state-dir', stateDir, ...extra];
  const run = (extra: string[] = [], file = input): CliProcess => startCli(args(file, extra), { env: { SALESCHAT_TOKEN: TOKEN } });
  return { live, dir, input, run, statePath: stateFilePath(stateDir, { baseUrl: live.url, orgId: ORG }) };
}

describe('sync state: kill -9', () => {
  it('kills at random points, then a plain re-run: every row ok once, one contact per crm_id, nothing created twice', async () => {
    const ROWS = 400;
    const { live, input, run, statePath } = await setUp(ROWS);
    const seed = Date.now() >>> 0;
    const random = mulberry32(seed);
    const results = input.replace(/\.csv$/, '.results.csv');

    for (let kill = 0; kill < 4; kill += 1) {
      // Somewhere 10 to 150 requests into this run (of some 800 in all), plus up to 15 ms: between any two steps of a row.
      const target = live.stats().requests + 10 + Math.floor(random() * 140);
      const child = run();
      let ended = false;
      void child.done.then(() => (ended = true));
      while (!ended && live.stats().requests < target) await pause(1);
      await pause(random() * 15);
      child.child.kill('SIGKILL');
      const end = await child.done;
      expect(end.signal, `kill ${kill} (seed ${seed}) came after the run ended: ${end.stderr}`).toBe('SIGKILL');
      if (kill === 0) {
        // What the next run must get past: both locks, left by a holder that is gone.
        expect(existsSync(`${results}.lock`)).toBe(true);
        expect(existsSync(`${statePath}.lock`)).toBe(true);
        // The state as the kill left it, its -wal and lock included: never the token.
        expect(existsSync(`${statePath}-wal`)).toBe(true);
        for (const path of [statePath, `${statePath}-wal`, `${statePath}-shm`, `${statePath}.lock`]) {
          if (existsSync(path)) expect(readFileSync(path).includes(TOKEN), path).toBe(false);
        }
      }
    }

    const last = await run().done;
    expect(last.code, `seed ${seed}: ${last.stderr}`).toBe(0);
    const rows = await readCsv(results);
    expect(rows.map((row) => row['row'])).toEqual(data(ROWS).map((_, i) => String(i + 1)));
    expect(rows.filter((row) => row['status'] !== 'ok'), `seed ${seed}`).toEqual([]);

    // One contact per crm_id, each created exactly once, and the results file names it.
    const contacts = live.store.listByOrg(ORG);
    expect(contacts).toHaveLength(ROWS);
    expect(new Set(contacts.map((contact) => contact.crmId)).size).toBe(ROWS);
    expect(live.stats().byOperation['registerContactV2']?.['200'], `seed ${seed}`).toBe(ROWS);
    const ids = new Map(contacts.map((contact) => [contact.crmId, contact.id]));
    expect(rows.filter((row) => ids.get(row['crm_id']!) !== row['contact_id'])).toEqual([]);
    expect(contacts.every((contact) => contact.stage === 'New')).toBe(true);

    // The state agrees with SalesChat now: the same file once more sends nothing.
    const before = live.stats().requests;
    const again = await run().done;
    expect(again.code, again.stderr).toBe(0);
    // Its pre-flight only.
    expect(live.stats().requests - before).toBe(PREFLIGHT_REQUESTS);
    expect((await readCsv(results)).every((row) => row['status'] === 'ok' && row['action'] === 'unchanged' && row['attempts'] === '0')).toBe(true);
  });
});

describe('sync state: two runs at once on one org', () => {
  const ROWS = 200;

  /** A first run reading a pipe the test keeps open, so it surely holds the sync state while the second starts. */
  async function holdState(dir: string, run: (extra?: string[], file?: string) => CliProcess, statePath: string) {
    const fifo = join(dir, 'drop.csv');
    execFileSync('mkfifo', [fifo]);
    const first = run([], fifo);
    const writer = await open(fifo, 'w');
    await writer.write(csv(HEADER, data(ROWS)));
    while (!existsSync(`${statePath}.lock`)) await pause(5);
    return { first, writer };
  }

  it('the second, with another results file, stops with exit 2 naming the sync state in use, and sends nothing', async () => {
    const { live, dir, input, run, statePath } = await setUp(ROWS);
    const { first, writer } = await holdState(dir, run, statePath);
    const second = await run().done;
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toContain(`The sync state of org ${ORG} at ${live.url} is in use by another run: import of`);
    expect(second.stderr).toMatch(/in use by another run: import of .*drop\.csv, process \d+ on /);
    // Its own results file is not left locked.
    expect(existsSync(`${input.replace(/\.csv$/, '.results.csv')}.lock`)).toBe(false);
    await writer.close();
    const one = await first.done;
    expect(one.code, one.stderr).toBe(0);
    // create + disposition for each row, from the first run alone (with its pre-flight): the second stopped before its own.
    expect(live.stats().requests).toBe(PREFLIGHT_REQUESTS + 2 * ROWS);
    expect(live.store.count()).toBe(ROWS);
  });

  it('with --wait-lock the second waits, then finds every row unchanged and sends nothing', async () => {
    const { live, dir, input, run, statePath } = await setUp(ROWS);
    const { first, writer } = await holdState(dir, run, statePath);
    const second = run(['--wait-lock']);
    await stderrShows(second, 'Waiting for');
    await writer.close();
    const [one, two] = await Promise.all([first.done, second.done]);
    expect([one.code, two.code], two.stderr).toEqual([0, 0]);
    expect(two.stderr).toContain('Waiting for another run: import of');
    // Each run's pre-flight, and the first run's rows: the second found every row unchanged.
    expect(live.stats().requests).toBe(2 * PREFLIGHT_REQUESTS + 2 * ROWS);
    expect(live.store.count()).toBe(ROWS);
    const rows = await readCsv(input.replace(/\.csv$/, '.results.csv'));
    expect(rows.map((row) => [row['status'], row['action'], row['attempts']])).toEqual(Array(ROWS).fill(['ok', 'unchanged', '0']));
  });
});
