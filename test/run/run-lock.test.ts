import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, UsageError } from '../../src/errors.js';
import { acquireRunLock } from '../../src/run/run-lock.js';
import { tempDir } from '../support/run-cli.js';

const options = { command: 'import of test.csv', wait: false, signal: new AbortController().signal };

/** A pid that surely names no process: one that just ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid;
}

async function lockPath(): Promise<string> {
  return join(await tempDir(), 'r.csv.lock');
}

function holder(fields: Record<string, unknown>): string {
  return JSON.stringify({ pid: process.pid, host: hostname(), command: 'import of old.csv', since: '2026-01-01T00:00:00Z', nonce: 'old', ...fields });
}

describe('acquireRunLock', () => {
  it('lets one run in; a second stops with exit 2 naming the holder', async () => {
    const path = await lockPath();
    const lock = await acquireRunLock(path, options);
    const second = acquireRunLock(path, { ...options, command: 'import of other.csv' });
    await expect(second).rejects.toBeInstanceOf(UsageError);
    await expect(second).rejects.toThrow(new RegExp(`import of test\\.csv, process ${process.pid} on ${hostname()}`));
    lock.release();
    expect(existsSync(path)).toBe(false);
    (await acquireRunLock(path, options)).release();
  });

  it.each([
    ['its process is gone (kill -9)', () => holder({ pid: deadPid() })],
    ['it was taken before a reboot', () => holder({ boot: 'another-boot-id' })],
    ['its pid now names another process', () => holder({ start: '1' })],
    ['it cannot be read (cut short by a crash)', () => '{"pid":'],
  ])('takes over a stale lock: %s', async (why, text) => {
    const path = await lockPath();
    await writeFile(path, text());
    if (why.includes('cannot be read')) {
      // A lock we cannot read names no one we could check: it is refused, not broken.
      await expect(acquireRunLock(path, options)).rejects.toThrow(/cannot be read/);
      return;
    }
    const lock = await acquireRunLock(path, options);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid, command: 'import of test.csv' });
    lock.release();
  });

  it('does not judge a lock held on another host: it may be alive', async () => {
    const path = await lockPath();
    await writeFile(path, holder({ host: 'elsewhere.example', pid: deadPid() }));
    await expect(acquireRunLock(path, options)).rejects.toThrow(/on elsewhere\.example/);
  });

  it('of two runs breaking one stale lock at once, exactly one gets it', async () => {
    const path = await lockPath();
    await writeFile(path, holder({ pid: deadPid() }));
    const outcomes = await Promise.allSettled([acquireRunLock(path, options), acquireRunLock(path, options), acquireRunLock(path, options)]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  });

  it('with wait, waits for the holder to finish', async () => {
    const path = await lockPath();
    const first = await acquireRunLock(path, options);
    const told: string[] = [];
    const second = acquireRunLock(path, { ...options, wait: true, pollMs: 20, onWait: (message) => told.push(message) });
    setTimeout(() => first.release(), 200);
    const lock = await second;
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('Waiting for another run');
    lock.release();
  });

  it('a wait ends at once on SIGINT/SIGTERM, as exit 130', async () => {
    const path = await lockPath();
    const first = await acquireRunLock(path, options);
    const controller = new AbortController();
    const second = acquireRunLock(path, { ...options, wait: true, signal: controller.signal });
    setTimeout(() => controller.abort('SIGTERM'), 50);
    await expect(second).rejects.toSatisfy((error: unknown) => error instanceof CliError && error.exitCode === 130);
    first.release();
  });

  it('release leaves a lock that is no longer its own', async () => {
    const path = await lockPath();
    const lock = await acquireRunLock(path, options);
    await writeFile(path, holder({ nonce: 'someone-else' }));
    lock.release();
    expect(existsSync(path)).toBe(true);
  });
});
