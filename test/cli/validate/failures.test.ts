import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CsvFileError } from '../../../src/io/index.js';
import { csv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';

/** Outputs that cannot be created: a usage error before any row, and nothing left running or open. */

const INPUT = csv(['crm_id', 'phone_number', 'opt_in_date'], [['A', '+14155552671', '2024-01-01']]);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('validate: an output that cannot be created', () => {
  it.each([
    ['--results', (dir: string) => ['--results', join(dir, 'no', 'r.csv')]],
    ['--rejects', (dir: string) => ['--results', join(dir, 'r.csv'), '--rejects', join(dir, 'no', 'x.csv')]],
  ])('%s in a missing folder: exit 2 naming it, and the worker threads are stopped', async (_flag, flags) => {
    const terminate = vi.spyOn(Worker.prototype, 'terminate');
    const dir = await tempDir();
    const input = await writeTemp('in.csv', INPUT, dir);
    const error = await runCli(['validate', input, '--workers', '2', ...flags(dir)]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CsvFileError);
    expect((error as CsvFileError).exitCode).toBe(2);
    expect((error as CsvFileError).message).toMatch(/Cannot create .*: the folder .*no does not exist/);
    expect(terminate).toHaveBeenCalledTimes(2);
  });
});
