import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { mulberry32 } from '../../src/sandbox/rng.js';
import { csv, readCsv, tempDir } from '../support/run-cli.js';
import { runCliCaught } from '../support/run-cli-caught.js';

/**
 * Reading that stops before the end of the input (a quote that never closes, a record too big to be one, a gzip
 * file cut short) used to end the run as an ordinary finish, or as exit 2 after rows were sent. Now every row read
 * has its results row, the summary and --summary-json say where reading stopped, and the exit status is 4.
 */

const HEADER = ['crm_id', 'phone_number', 'opt_in_date'];
const rows = (count: number, from = 0) => Array.from({ length: count }, (_, i) => [`CUT-${from + i}`, `+1415558${String(1000 + from + i)}`, '2024-05-01']);

let dir: string;
let sandbox: Sandbox;
beforeEach(async () => {
  dir = await tempDir();
  sandbox = await startSandbox({ port: 0 });
});
afterEach(async () => {
  await sandbox.close();
});

async function summary(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Record<string, unknown>;
}

/** Record 10 of 1,000 opens a quote that never closes: everything after it is one malformed record. */
async function unclosedQuote(): Promise<string> {
  const text = csv(HEADER, rows(9)) + 'CUT-9,"+14155589999,2024-05-01\n' + csv(HEADER, rows(990, 10)).split('\n').slice(1).join('\n');
  const path = join(dir, 'quote.csv');
  await writeFile(path, text);
  return path;
}

const api = () => ['--base-url', sandbox.url, '--org', 'org-cut'];
const env = () => ({ SALESCHAT_TOKEN: sandbox.token });

describe('input cut short', () => {
  it.each([
    ['validate on this thread', ['validate', '--workers', '0']],
    ['validate on worker threads', ['validate', '--workers', '2']],
    ['import --dry-run', ['import', '--dry-run']],
  ])('an unclosed quote at record 10 of 1,000 (%s): exit 4, rows read written, the summary says from which line', async (_how, command) => {
    const input = await unclosedQuote();
    const run = await runCliCaught([...command.slice(0, 1), input, ...command.slice(1), '--summary-json', join(dir, 'summary.json')]);
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toContain('INPUT NOT READ TO THE END: nothing from line 11 on was read');
    const results = await readCsv(join(dir, 'quote.results.csv'));
    expect(results).toHaveLength(10);
    expect(results[9]).toMatchObject({ status: 'invalid', error_code: expect.stringContaining('CSV_MALFORMED') as unknown });
    expect(await summary()).toMatchObject({ exit_code: 4, input_complete: false, input_stopped_at_line: 11, outcome: 'stopped early' });
  });

  it('a record too big to be one stops reading there: exit 4', async () => {
    const input = join(dir, 'huge.csv');
    await writeFile(input, csv(HEADER, rows(5)) + `CUT-X,${'9'.repeat(9 * 1024 * 1024)},2024-05-01\n` + csv(HEADER, rows(5, 5)).split('\n').slice(1).join('\n'));
    const run = await runCliCaught(['validate', input, '--workers', '0', '--summary-json', join(dir, 'summary.json')]);
    expect(run.code).toBe(4);
    expect(await summary()).toMatchObject({ input_complete: false, input_stopped_at_line: 7 });
  });

  it('a truncated .gz file: import writes every row it read and sent, the summary, --summary-json, and exits 4 (not 2)', async () => {
    // Names that barely compress, so half the file spans several read chunks: zlib hands over what it decoded
    // before the error on every Node version (on 22 and 24 a one-chunk file yields nothing before it).
    const random = mulberry32(1);
    const noisy = rows(3000).map((row) => [...row, Array.from({ length: 80 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('')]);
    const full = gzipSync(Buffer.from(csv([...HEADER, 'first_name'], noisy)));
    const input = join(dir, 'drop.csv.gz');
    await writeFile(input, full.subarray(0, Math.floor(full.length / 2)));
    const run = await runCliCaught(['import', input, ...api(), '--quiet', '--summary-json', join(dir, 'summary.json')], { env: env() });
    expect(run.code, run.stderr).toBe(4);
    expect(run.stderr).toMatch(/import stopped early: [\d,]+ rows/);
    expect(run.stderr).toMatch(/not valid gzip data/);
    const results = await readCsv(join(dir, 'drop.results.csv'));
    expect(results.length).toBeGreaterThan(100);
    expect(results.every((row) => row['status'] === 'ok')).toBe(true);
    expect(sandbox.store.count()).toBe(results.length);
    const figures = await summary();
    expect(figures).toMatchObject({ exit_code: 4, input_complete: false, rows: results.length, input_stopped_at_line: results.length + 2 });
  });

  it('export of a truncated .gz file exits 4 too', async () => {
    const full = gzipSync(Buffer.from(csv(HEADER, rows(3000))));
    const input = join(dir, 'drop.csv.gz');
    await writeFile(input, full.subarray(0, Math.floor(full.length / 2)));
    const run = await runCliCaught(['export', input, '--out', join(dir, 'out.csv'), ...api(), '--quiet'], { env: env() });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('INPUT NOT READ TO THE END');
  });

  it('a file read to its end says so in --summary-json', async () => {
    const input = join(dir, 'fine.csv');
    await writeFile(input, csv(HEADER, rows(3)));
    const run = await runCliCaught(['validate', input, '--summary-json', join(dir, 'summary.json')]);
    expect(run.code).toBe(0);
    expect(await summary()).toMatchObject({ input_complete: true, input_stopped_at_line: null, outcome: 'finished' });
  });
});
