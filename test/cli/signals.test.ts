import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { open, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startCli, stderrShows, type CliProcess } from '../support/cli-process.js';
import { startLoopbackServer } from '../support/loopback-server.js';
import { csv, readCsv, tempDir } from '../support/run-cli.js';

/**
 * The first SIGINT or SIGTERM must end a run within seconds whatever it waits for: a Retry-After, a FIFO with no
 * writer, a pipe that stalls. It used to be ignored in each of these.
 */

const HEADER = ['crm_id', 'phone_number', 'opt_in_date'];
const rows = (count: number) => Array.from({ length: count }, (_, i) => [`S-${i}`, `+1415554${String(1000 + i)}`, '2024-05-01']);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function sandbox(): Promise<Sandbox> {
  const started = await startSandbox({ port: 0 });
  cleanups.push(() => started.close());
  return started;
}

/** A server that answers the run's pre-flight as a healthy API, then every request 429 with Retry-After: 100 (under the cap, so the client waits). */
async function slowLimiter(): Promise<string> {
  let answered = 0;
  const server: Server = createServer((_req, res) => {
    answered += 1;
    if (answered === 1) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      return;
    }
    res.writeHead(429, { 'retry-after': '100', 'content-type': 'application/json' });
    res.end('{"error_code":4290001,"error_message":"slow down"}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await work;
  return { value, seconds: (performance.now() - started) / 1000 };
}

describe('the first SIGINT/SIGTERM', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s ends a run waiting out a Retry-After: exit 130, rows recorded as they stand', async (signal) => {
    const dir = await tempDir();
    const input = join(dir, 'c.csv');
    await writeFile(input, csv(HEADER, rows(5)));
    const run = startCli(['import', input, '--base-url', await slowLimiter(), '--org', 'o'], { env: { SALESCHAT_TOKEN: 't' } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    run.child.kill(signal);
    const { value: ended, seconds } = await timed(run.done);
    expect(ended.code, ended.stderr).toBe(130);
    expect(seconds).toBeLessThan(4);
    const results = await readCsv(join(dir, 'c.results.csv'));
    expect(results).toHaveLength(5);
    expect(results.every((row) => row['status'] === 'skipped' && row['error_code'] === 'ABORTED')).toBe(true);
  });

  it('SIGTERM while creates are on the wire: after the grace those rows are failed ABORTED (they may be stored), not skipped', async () => {
    const dir = await tempDir();
    const input = join(dir, 'c.csv');
    await writeFile(input, csv(HEADER, rows(6)));
    // Stores every create on arrival and never answers it: what a slow SalesChat looks like from the client.
    let stored = 0;
    const server = await startLoopbackServer((req, res) => {
      if (req.method === 'GET') res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      else stored += 1;
    });
    cleanups.push(() => server.close());
    const run = startCli(['import', input, '--base-url', server.url, '--org', 'o', '--concurrency', '4'], { env: { SALESCHAT_TOKEN: 't' } });
    await stderrShows(run, 'Importing into');
    await new Promise((resolve) => setTimeout(resolve, 500));
    run.child.kill('SIGTERM');
    const ended = await run.done;
    expect(ended.code, ended.stderr).toBe(130);
    const results = await readCsv(join(dir, 'c.results.csv'));
    const statuses = results.map((row) => row['status']);
    // Those sent may be in SalesChat (this server has them); rows not started are left to --resume. How many were
    // sent is slow start's doing: no create is answered, so it never gets to --concurrency.
    expect(stored).toBeGreaterThan(0);
    const failed = results.filter((row) => row['status'] === 'failed');
    expect(failed).toHaveLength(stored);
    for (const row of failed) {
      expect(row).toMatchObject({ error_code: 'ABORTED', action: 'none', attempts: '1' });
      expect(row['error_message']).toContain('SalesChat may have stored it: --resume will find out');
    }
    // Rows whose create never went (their look-up alone was answered) are skipped: nothing of them was done.
    expect(statuses.filter((status) => status !== 'failed').every((status) => status === 'skipped')).toBe(true);
    expect(ended.stderr).toContain(`${stored} failed`);
    expect(ended.stderr).toMatch(/--resume\n/);
  });

  it('SIGTERM ends a run whose input is a FIFO no one has opened for writing', async () => {
    const dir = await tempDir();
    const fifo = join(dir, 'drop.csv');
    execFileSync('mkfifo', [fifo]);
    const api = await sandbox();
    const run = startCli(['import', fifo, '--base-url', api.url, '--org', 'o', '--results', join(dir, 'r.csv')], { env: { SALESCHAT_TOKEN: api.token } });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    run.child.kill('SIGTERM');
    const { value: ended, seconds } = await timed(run.done);
    expect(ended.code).toBe(130);
    expect(seconds).toBeLessThan(3);
  });

  it('SIGTERM ends a run reading a FIFO whose writer stalls, with the rows read written', async () => {
    const dir = await tempDir();
    const fifo = join(dir, 'drop.csv');
    execFileSync('mkfifo', [fifo]);
    const api = await sandbox();
    const run = startCli(['import', fifo, '--base-url', api.url, '--org', 'o', '--results', join(dir, 'r.csv')], { env: { SALESCHAT_TOKEN: api.token } });
    const writer = await open(fifo, 'w');
    cleanups.push(() => writer.close());
    await writer.write(csv(HEADER, rows(3)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    run.child.kill('SIGTERM');
    const { value: ended, seconds } = await timed(run.done);
    expect(ended.code, ended.stderr).toBe(130);
    expect(seconds).toBeLessThan(3);
    // The results file holds a clean prefix of the input (rows not started are left to --resume), and says so.
    const results = await readCsv(join(dir, 'r.csv'));
    expect(results.map((row) => row['crm_id'])).toEqual(['S-0', 'S-1', 'S-2'].slice(0, results.length));
    expect(results.every((row) => row['status'] === 'ok' || row['error_code'] === 'ABORTED')).toBe(true);
    expect(ended.stderr).toContain('--resume');
  });

  it('SIGTERM ends validate reading a FIFO whose writer stalls: exit 130, interrupted, not finished', async () => {
    const dir = await tempDir();
    const fifo = join(dir, 'drop.csv');
    execFileSync('mkfifo', [fifo]);
    const run = startCli(['validate', fifo, '--results', join(dir, 'r.csv')]);
    const writer = await open(fifo, 'w');
    cleanups.push(() => writer.close());
    await writer.write(csv(HEADER, rows(3)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    run.child.kill('SIGTERM');
    const { value: ended, seconds } = await timed(run.done);
    expect(ended.code, ended.stderr).toBe(130);
    expect(seconds).toBeLessThan(3);
    expect(ended.stderr).toContain('validate interrupted');
  });
});

/** A run of 6 rows, 2 at a time, against a sandbox slow enough that the signal comes while rows are on the wire. */
async function slowRun(dir: string): Promise<CliProcess> {
  const input = join(dir, 'c.csv');
  await writeFile(input, csv(HEADER, rows(6)));
  const api = await startSandbox({ port: 0, latencyMs: 1500 });
  cleanups.push(() => api.close());
  const run = startCli(['import', input, '--base-url', api.url, '--org', 'o', '--concurrency', '2'], { env: { SALESCHAT_TOKEN: api.token } });
  await stderrShows(run, 'Importing into');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return run;
}

async function expectCleanStop(dir: string): Promise<Record<string, string>[]> {
  const results = await readCsv(join(dir, 'c.results.csv'));
  expect(results.length).toBeGreaterThan(0);
  expect(results.map((row) => row['crm_id'])).toEqual(rows(6).map(([crm]) => crm).slice(0, results.length));
  expect(results.every((row) => row['status'] === 'ok' || row['error_code'] === 'ABORTED')).toBe(true);
  // The run ended as it should: its lock released, and its journal kept, as for any import that did not finish
  // (it marks the results as --resume's to continue: see unfinished-results.test.ts).
  expect(existsSync(join(dir, 'c.results.csv.lock'))).toBe(false);
  expect(existsSync(join(dir, 'c.results.csv.journal'))).toBe(true);
  return results;
}

describe('SIGHUP (the terminal or ssh session closed)', () => {
  it('stops the run as SIGTERM does: exit 130, results written, the --resume command printed', async () => {
    const dir = await tempDir();
    const run = await slowRun(dir);
    run.child.kill('SIGHUP');
    const ended = await run.done;
    expect(ended.code, ended.stderr).toBe(130);
    expect(ended.stderr).toContain('SIGHUP: stopping');
    expect(ended.stderr).toContain('import interrupted');
    expect(ended.stderr).toMatch(/saleschat-bulk import .* --resume\n/);
    await expectCleanStop(dir);
  });

  it('with standard output and error already closed (EPIPE on every write): still exit 130 and results written', async () => {
    const dir = await tempDir();
    const run = await slowRun(dir);
    run.child.stdout?.destroy();
    run.child.stderr?.destroy();
    run.child.kill('SIGHUP');
    const ended = await run.done;
    expect(ended.code).toBe(130);
    await expectCleanStop(dir);
  });
});

describe('a second SIGINT', () => {
  it('exits at once, printing the --resume command, which finishes every row', async () => {
    const dir = await tempDir();
    const run = await slowRun(dir);
    run.child.kill('SIGINT');
    await stderrShows(run, 'SIGINT: stopping');
    run.child.kill('SIGINT');
    const ended = await run.done;
    expect(ended.code, ended.stderr).toBe(130);
    const said = /Second SIGINT: stopping now; rows in flight are not recorded\. To continue: (saleschat-bulk import .* --resume)\n/.exec(ended.stderr);
    expect(said, ended.stderr).not.toBeNull();
    // What it says to run works: the rows finished are taken from the journal, the others sent.
    const args = said![1]!.split(' ').slice(1);
    const resumed = await startCli([...args.slice(0, -1), '--concurrency', '6', '--resume'], { env: { SALESCHAT_TOKEN: 'sandbox-token' } }).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((await readCsv(join(dir, 'c.results.csv'))).map((row) => row['status'])).toEqual(Array(6).fill('ok'));
  });
});

describe('an interrupted --sandbox run', () => {
  it('says to run it again from the start: the --resume it used to print exits 2, as each sandbox starts empty', async () => {
    const dir = await tempDir();
    const input = join(dir, 'c.csv');
    await writeFile(input, csv(HEADER, rows(5000)));
    const run = startCli(['import', input, '--sandbox', '--concurrency', '2']);
    await stderrShows(run, 'Importing into the local sandbox');
    await new Promise((resolve) => setTimeout(resolve, 300));
    run.child.kill('SIGINT');
    const ended = await run.done;
    expect(ended.code, ended.stderr).toBe(130);
    expect(ended.stderr).toContain('import interrupted');
    expect(ended.stderr).toContain('run the import again from the start (a --sandbox run cannot be resumed');
    expect(ended.stderr).not.toContain('--resume');
  });
});
