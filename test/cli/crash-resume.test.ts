import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { mulberry32 } from '../../src/sandbox/rng.js';
import { startCli } from '../support/cli-process.js';
import { csv, readCsv, tempDir } from '../support/run-cli.js';

/**
 * The promise the README makes about crashes, tried the hard way: an import is killed with SIGKILL at random
 * moments (starting up, taking the lock, folding earlier results, mid-run with creates that SalesChat stored but
 * whose answer was lost), each kill followed by --resume. In the end every row is ok exactly once and no contact
 * exists twice.
 */

const ORG = 'org-crash';
const ROWS = 500;
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'stage', 'user_id'];

function rows(): (string | number)[][] {
  return Array.from({ length: ROWS }, (_, i) => [
    `CRASH-${i}`,
    `+1415${String(5550000 + i).padStart(7, '0')}`,
    '2024-05-01',
    `Name${i}`,
    i % 3 === 0 ? 'Qualified' : '',
    i % 5 === 0 ? `user-${(i % 5) + 1}` : '',
  ]);
}

/** SIGKILL once the sandbox has answered `requests` in all (at once for 0), unless the run ends first. */
async function killAfterRequests(run: ReturnType<typeof startCli>, sandbox: Sandbox, requests: number): Promise<void> {
  let ended = false;
  void run.done.then(() => (ended = true));
  while (!ended && sandbox.stats().requests < requests) await new Promise((resolve) => setTimeout(resolve, 2));
  run.child.kill('SIGKILL');
}

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.close()));
});

async function sandboxWithFaults(): Promise<Sandbox> {
  const sandbox = await startSandbox({ port: 0, latencyMs: 3, failAfterCommit: 0.05, seed: 7 });
  sandboxes.push(sandbox);
  return sandbox;
}

function importArgs(input: string, sandbox: Sandbox, extra: string[] = []): string[] {
  return ['import', input, '--base-url', sandbox.url, '--org', ORG, '--concurrency', '16', '--quiet', ...extra];
}

describe('kill -9 at random moments, then --resume', () => {
  it('ends with every row ok exactly once and no contact created twice', { timeout: 240_000 }, async () => {
    const dir = await tempDir();
    const input = join(dir, 'contacts.csv');
    await writeFile(input, csv(HEADER, rows()));
    const env = (sandbox: Sandbox) => ({ SALESCHAT_TOKEN: sandbox.token });

    // A clean run against the same faults, for the request count to compare with.
    const clean = await sandboxWithFaults();
    const cleanRun = await startCli(importArgs(input, clean, ['--results', join(dir, 'clean.results.csv')]), { env: env(clean) }).done;
    expect(cleanRun.code).toBe(0);
    const cleanRequests = clean.stats().requests;

    const sandbox = await sandboxWithFaults();
    const random = mulberry32(20261130);
    let killedMidRun = 0;
    for (let kill = 0; kill < 20; kill++) {
      const run = startCli(importArgs(input, sandbox, kill === 0 ? [] : ['--resume']), { env: env(sandbox) });
      const before = sandbox.stats().requests;
      // A random moment: after a random number of its requests (0: while it starts up), few enough that the 20 kills
      // land across the whole import rather than after it.
      await killAfterRequests(run, sandbox, before + Math.floor(random() * 70));
      const ended = await run.done;
      if (ended.signal === 'SIGKILL' && sandbox.stats().requests > before) killedMidRun += 1;
      // A run that finished before its kill came must have finished well.
      if (ended.signal === null) expect([0, 1], ended.stderr).toContain(ended.code);
    }
    let final;
    for (let attempt = 0; attempt < 3; attempt++) {
      final = await startCli(importArgs(input, sandbox, ['--resume']), { env: env(sandbox) }).done;
      if (final.code === 0) break;
    }
    expect(final?.code, final?.stderr).toBe(0);

    const results = await readCsv(join(dir, 'contacts.results.csv'));
    expect(results.map((row) => Number(row['row']))).toEqual(Array.from({ length: ROWS }, (_, i) => i + 1));
    expect(results.filter((row) => row['status'] !== 'ok')).toEqual([]);
    const stored = sandbox.store.listByOrg(ORG);
    expect(stored).toHaveLength(ROWS);
    const byCrmId = new Map(stored.map((contact) => [contact.crmId, contact]));
    for (const row of results) {
      expect(byCrmId.get(row['crm_id']!)?.id, `row ${row['row']}`).toBe(row['contact_id']);
    }
    expect(new Set(results.map((row) => row['contact_id'])).size).toBe(ROWS);
    // Nothing is left behind for a later --resume to trip over.
    for (const leftover of ['.journal', '.lock', '.resume']) expect(existsSync(join(dir, `contacts.results.csv${leftover}`))).toBe(false);

    const crashRequests = sandbox.stats().requests;
    console.log(`crash test: ${killedMidRun} of 20 kills landed mid-run; ${crashRequests} requests in all against ${cleanRequests} for one clean run (${(crashRequests / cleanRequests).toFixed(2)}x)`);
    expect(killedMidRun).toBeGreaterThan(10);
  });
});
