import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';
import { runCliCaught } from '../../support/run-cli-caught.js';
import { healthyAtFirst, PREFLIGHT_REQUESTS, type Front } from '../../support/preflight.js';
import { exportCsv, lookups, ORG, phone, seed } from './helpers.js';

let sandbox: Sandbox | undefined;
let front: Front | undefined;
let dir: string;

/** The sandbox behind a front that answers the run's pre-flight as a healthy API: what the rows meet is the sandbox's. */
async function failingAfterPreflight(server: Sandbox): Promise<Sandbox> {
  front = await healthyAtFirst(server.url);
  return { ...server, url: front.url };
}

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await front?.close();
  await sandbox?.close();
  sandbox = undefined;
  front = undefined;
});

const phones = (count: number) => csv(['phone_number'], Array.from({ length: count }, (_, i) => [phone(i)]));

describe('export: failures, aborts and order', () => {
  it('a look-up that fails after its retries is a failed row with the API error code: exit 1', async () => {
    sandbox = await startSandbox({ port: 0, failRate: 1 });
    const { code, rows, stderr } = await exportCsv(await failingAfterPreflight(sandbox), dir, phones(3), ['--retries', '0']);
    expect(code).toBe(1);
    expect(rows.map((r) => [r['phone_number'], r['status'], r['error_code']])).toEqual([0, 1, 2].map((i) => [phone(i), 'failed', '5000001']));
    expect(rows[0]!['error_message']).toContain('HTTP 500');
    expect(lookups(sandbox)).toEqual({ '500': 3 });
    expect(stderr).toContain('3 failed');
  });

  it('retries a look-up until it succeeds', async () => {
    sandbox = await startSandbox({ port: 0, failRate: 0.3, seed: 4 });
    const { code, rows } = await exportCsv(sandbox, dir, phones(10), ['--retries', '10']);
    expect(code).toBe(0);
    expect(rows.map((r) => r['status'])).toEqual(Array<string>(10).fill('not_found'));
    expect(sandbox.stats().serverErrors).toBeGreaterThan(0);
  });

  it('a token refused from the start stops at the pre-flight with exit 3: one request, no export file, the token never shown', async () => {
    sandbox = await startSandbox({ port: 0 });
    const secret = 'eyJhbGciOiJIUzI1NiJ9.secret-export-token';
    const input = await writeTemp('in.csv', phones(30), dir);
    const out = join(dir, 'out.csv');
    const run = await runCliCaught(['export', input, '--out', out, '--base-url', sandbox.url, '--org', ORG, '--quiet'], { env: { SALESCHAT_TOKEN: secret } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('refused the token (401)');
    expect(existsSync(out)).toBe(false);
    expect(lookups(sandbox)).toEqual({ '401': 1 });
    expect(run.stderr + run.stdout).not.toContain(secret);
  });

  it('a token refused mid-run (revoked after the pre-flight) aborts with exit 3: the rest are failed ABORTED, the token never shown', async () => {
    sandbox = await startSandbox({ port: 0 });
    const secret = 'eyJhbGciOiJIUzI1NiJ9.secret-export-token';
    const { code, rows, stderr } = await exportCsv(await failingAfterPreflight(sandbox), dir, phones(30), ['--concurrency', '2'], secret);
    expect(code).toBe(3);
    expect(rows).toHaveLength(30);
    expect(rows[0]).toMatchObject({ status: 'failed', error_code: 'AUTH_FAILED' });
    expect(rows.filter((r) => r['error_code'] === 'ABORTED').length).toBeGreaterThan(25);
    expect(lookups(sandbox)['401']).toBeLessThanOrEqual(2);
    expect(stderr).toContain('refused the token');
    expect(stderr + JSON.stringify(rows)).not.toContain(secret);
  });

  it('--max-errors consecutive failed look-ups abort with exit 3', async () => {
    sandbox = await startSandbox({ port: 0, failRate: 1 });
    const { code, rows, stderr } = await exportCsv(await failingAfterPreflight(sandbox), dir, phones(10), ['--max-errors', '3', '--retries', '0', '--concurrency', '1']);
    expect(code).toBe(3);
    // The third failure stops the run; a look-up already on the wire then finishes (concurrency 1: at most one more).
    const failed = rows.filter((r) => r['error_code'] === '5000001').length;
    expect(failed).toBeGreaterThanOrEqual(3);
    expect(failed).toBeLessThanOrEqual(4);
    expect(rows.map((r) => r['error_code'])).toEqual([...Array<string>(failed).fill('5000001'), ...Array<string>(10 - failed).fill('ABORTED')]);
    expect(lookups(sandbox)).toEqual({ '500': failed });
    expect(stderr).toContain('--max-errors');
  });

  it('writes rows in input order under random latency', async () => {
    sandbox = await startSandbox({ port: 0, latencyMs: 20, seed: 11 });
    await seed(sandbox, dir, Array.from({ length: 30 }, (_, i) => [`C-${i}`, phone(i * 2), '2024-01-01', `N${i}`, '']));
    const { code, rows } = await exportCsv(sandbox, dir, phones(60), ['--concurrency', '16']);
    expect(code).toBe(0);
    expect(rows.map((r) => r['phone_number'])).toEqual(Array.from({ length: 60 }, (_, i) => phone(i)));
    expect(rows.map((r) => r['status'])).toEqual(Array.from({ length: 60 }, (_, i) => (i % 2 ? 'not_found' : 'found')));
  });

  it('stops on a signal with exit 130: look-ups in flight finish, and the file is complete CSV', async () => {
    sandbox = await startSandbox({ port: 0, latencyMs: 20, seed: 5 });
    const input = await writeTemp('in.csv', phones(200), dir);
    const out = join(dir, 'out.csv');
    const controller = new AbortController();
    const server = sandbox;
    const timer = setInterval(() => {
      if ((lookups(server)['200'] ?? 0) >= 20) controller.abort();
    }, 5);
    const run = await runCli(['export', input, '--out', out, '--base-url', sandbox.url, '--org', ORG, '--quiet', '--concurrency', '4'], {
      env: { SALESCHAT_TOKEN: sandbox.token },
      signal: controller.signal,
    });
    clearInterval(timer);
    const rows = await readCsv(out);
    expect(run.code).toBe(130);
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(rows.length).toBeLessThan(200);
    expect(rows.every((r) => r['status'] === 'not_found')).toBe(true);
    expect(rows.length).toBe((lookups(sandbox)['200'] ?? 0) - PREFLIGHT_REQUESTS);
    expect(run.stderr).toContain('export interrupted');
  });
});
