import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startCli } from '../support/cli-process.js';
import { PREFLIGHT_REQUESTS } from '../support/preflight.js';
import { csv, readCsv, tempDir } from '../support/run-cli.js';

/** Two runs on one results file used to both send every row and rewrite each other's record. */

const ORG = 'org-overlap';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'stage'];
const ROWS = 200;

let sandbox: Sandbox;
afterEach(async () => {
  await sandbox?.close();
});

async function setUp() {
  sandbox = await startSandbox({ port: 0, latencyMs: 5 });
  const dir = await tempDir();
  const input = join(dir, 'contacts.csv');
  await writeFile(input, csv(HEADER, Array.from({ length: ROWS }, (_, i) => [`O-${i}`, `+1415557${String(1000 + i)}`, '2024-05-01', 'New'])));
  const run = (extra: string[] = []) =>
    startCli(['import', input, '--base-url', sandbox.url, '--org', ORG, '--quiet', ...extra], { env: { SALESCHAT_TOKEN: sandbox.token } });
  return { dir, run };
}

describe('overlapping runs on one results file', () => {
  it('the second stops with exit 2 naming the first, and every row is sent once', async () => {
    const { dir } = await setUp();
    // The first run reads a pipe the test keeps open, so it surely still holds the results file when the second starts.
    const fifo = join(dir, 'drop.csv');
    execFileSync('mkfifo', [fifo]);
    const results = join(dir, 'shared.results.csv');
    const args = (input: string, extra: string[] = []) =>
      ['import', input, '--results', results, '--base-url', sandbox.url, '--org', ORG, '--quiet', ...extra];
    const first = startCli(args(fifo), { env: { SALESCHAT_TOKEN: sandbox.token } });
    const writer = await open(fifo, 'w');
    await writer.write(csv(HEADER, Array.from({ length: ROWS }, (_, i) => [`O-${i}`, `+1415557${String(1000 + i)}`, '2024-05-01', 'New'])));
    while (!existsSync(`${results}.lock`)) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await startCli(args(join(dir, 'contacts.csv'), ['--resume']), { env: { SALESCHAT_TOKEN: sandbox.token } }).done;
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/in use by another run: import of .*drop\.csv, process \d+ on /);
    await writer.close();
    expect((await first.done).code).toBe(0);
    // create + disposition for each row, from the first run alone.
    // The second stopped at the lock, before its pre-flight: the first run's pre-flight and rows alone.
    expect(sandbox.stats().requests).toBe(PREFLIGHT_REQUESTS + 2 * ROWS);
    expect((await readCsv(results)).filter((row) => row['status'] === 'ok')).toHaveLength(ROWS);
  });

  it.each([
    ['a symlink to the results file', async (dir: string) => {
      const results = join(dir, 'shared.results.csv');
      await writeFile(results, '');
      await symlink(results, join(dir, 'link.results.csv'));
      return { first: results, second: join(dir, 'link.results.csv') };
    }],
    ['a symlink made before the results file exists (the first run writes through it)', async (dir: string) => {
      const results = join(dir, 'shared.results.csv');
      await symlink(results, join(dir, 'link.results.csv'));
      return { first: join(dir, 'link.results.csv'), second: results };
    }],
  ])('the second, through %s, stops with exit 2 naming the first, as for the same path', async (_how, paths) => {
    const { dir } = await setUp();
    const { first: firstResults, second: secondResults } = await paths(dir);
    const fifo = join(dir, 'drop.csv');
    execFileSync('mkfifo', [fifo]);
    // --no-state: the sync state's own lock would stop the second run whatever the results file.
    const args = (input: string, results: string) =>
      ['import', input, '--results', results, '--no-state', '--base-url', sandbox.url, '--org', ORG, '--quiet'];
    const first = startCli(args(fifo, firstResults), { env: { SALESCHAT_TOKEN: sandbox.token } });
    const writer = await open(fifo, 'w');
    await writer.write(csv(HEADER, Array.from({ length: ROWS }, (_, i) => [`O-${i}`, `+1415557${String(1000 + i)}`, '2024-05-01', 'New'])));
    // The first run's pre-flight comes after its lock, wherever that lock is.
    while (sandbox.stats().requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await startCli(args(join(dir, 'contacts.csv'), secondResults), { env: { SALESCHAT_TOKEN: sandbox.token } }).done;
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toMatch(/in use by another run: import of .*drop\.csv, process \d+ on /);
    await writer.close();
    expect((await first.done).code).toBe(0);
    expect(sandbox.stats().requests).toBe(PREFLIGHT_REQUESTS + 2 * ROWS);
    expect((await readCsv(firstResults)).filter((row) => row['status'] === 'ok')).toHaveLength(ROWS);
  });

  it('with --wait-lock the second waits, then resumes and sends nothing', async () => {
    const { dir, run } = await setUp();
    const first = run();
    while (sandbox.stats().requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = run(['--resume', '--wait-lock']);
    const [one, two] = await Promise.all([first.done, second.done]);
    expect([one.code, two.code]).toEqual([0, 0]);
    // Each run's pre-flight, and the first run's rows: the second resumed and sent no row.
    expect(sandbox.stats().requests).toBe(2 * PREFLIGHT_REQUESTS + 2 * ROWS);
    expect(sandbox.store.count()).toBe(ROWS);
    const results = await readCsv(join(dir, 'contacts.results.csv'));
    expect(results.filter((row) => row['status'] === 'ok')).toHaveLength(ROWS);
  });

  it('a lock left by kill -9 does not stop the next run', async () => {
    const { run } = await setUp();
    const first = run();
    while (sandbox.stats().requests < 20) await new Promise((resolve) => setTimeout(resolve, 5));
    first.child.kill('SIGKILL');
    await first.done;
    const next = await run(['--resume']).done;
    expect(next.code, next.stderr).toBe(0);
    expect(sandbox.store.count()).toBe(ROWS);
  });
});
