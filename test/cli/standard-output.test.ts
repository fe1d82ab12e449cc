import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESULT_COLUMNS } from '../../src/io/result-row.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startCli } from '../support/cli-process.js';
import { runCliCaught } from '../support/run-cli-caught.js';
import { csv, runCli, tempDir } from '../support/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';

/**
 * `-` is standard output for --results, --rejects and --summary-json, as for export's --out: exactly that output
 * goes there, and progress, notices and the summary stay on stderr. At most one output may be `-`; `--results -` is
 * no file, so nothing is locked or journalled beside anything. Spawned runs use the built CLI (npm run build).
 */

const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'Notes'];
const ROWS = [
  ['S-1', '+14155550201', '2024-05-01', 'kept'],
  ['S-2', 'nope', '2024-05-01', 'invalid'],
  ['S-1', '+14155550203', '2024-05-01', 'duplicate'],
];

let dir: string;
let input: string;
beforeEach(async () => {
  dir = await tempDir();
  input = join(dir, 'in.csv');
  await writeFile(input, csv(HEADER, ROWS));
});

const records = (text: string) => parse<Record<string, string>>(text, { columns: true });
const cells = (text: string): string[][] => parse(text, {});

describe('validate: one output on standard output, the rest on stderr', () => {
  it.each([
    [
      '--results -',
      ['--results', '-'],
      ['in.csv'],
      (stdout: string) => {
        expect(cells(stdout)[0]).toEqual([...RESULT_COLUMNS]);
        expect(records(stdout).map((row) => [row['crm_id'], row['status']])).toEqual([['S-1', 'ok'], ['S-2', 'invalid'], ['S-1', 'duplicate']]);
      },
    ],
    [
      '--rejects -',
      ['--rejects', '-'],
      ['in.csv', 'in.results.csv'],
      (stdout: string) => {
        expect(cells(stdout)[0]).toEqual([...HEADER, 'error_code', 'error_message']);
        expect(records(stdout).map((row) => [row['crm_id'], row['Notes'], row['error_code']])).toEqual([['S-2', 'invalid', 'PHONE_INVALID']]);
      },
    ],
    [
      '--summary-json -',
      ['--summary-json', '-'],
      ['in.csv', 'in.results.csv'],
      (stdout: string) => {
        expect(JSON.parse(stdout)).toMatchObject({ command: 'validate', exit_code: 1, rows: 3, status: { ok: 1, invalid: 1, duplicate: 1 } });
      },
    ],
  ])('%s', async (_name, args, files, checkStdout) => {
    const run = await runCli(['validate', input, ...args]);
    expect(run.code).toBe(1);
    checkStdout(run.stdout);
    expect(run.stderr).toContain('Ignoring 1 column(s)');
    expect(run.stderr).toContain('validate finished: 3 rows');
    expect((await readdir(dir)).sort()).toEqual(files);
  });

  it('names standard output in the summary', async () => {
    const run = await runCli(['validate', input, '--results', '-', '--summary-json', join(dir, 's.json'), '--quiet']);
    expect(run.stderr).toContain('results: standard output');
  });

  it('reads standard input and writes the results to standard output', async () => {
    const run = await runCli(['validate', '-', '--results', '-', '--quiet'], { stdin: csv(HEADER, ROWS) });
    expect(run.code).toBe(1);
    expect(records(run.stdout)).toHaveLength(3);
    expect(run.stderr).toContain('validate finished: 3 rows');
  });
});

describe('at most one output on standard output', () => {
  it.each([
    ['validate', ['--results', '-', '--rejects', '-'], ['--results and --rejects both']],
    ['validate', ['--results', '-', '--summary-json', '-'], ['--results and --summary-json both']],
    ['validate', ['--rejects', '-', '--summary-json', '-'], ['--rejects and --summary-json both']],
    ['validate', ['--results', '-', '--rejects', '-', '--summary-json', '-'], ['--results, --rejects and --summary-json all']],
    ['import', ['--results', '-', '--summary-json', '-', '--sandbox'], ['--results and --summary-json both']],
    ['export', ['--out', '-', '--summary-json', '-', '--sandbox'], ['--out and --summary-json both']],
  ])('%s %j: exit 2, naming them, nothing written', async (command, args, named) => {
    const run = await spawnCli([command, 'in.csv', ...args], { cwd: dir });
    expect(run.code).toBe(2);
    for (const words of named) expect(run.stderr).toContain(`${words} ask for standard output (-)`);
    expect(run.stdout).toBe('');
    expect(await readdir(dir)).toEqual(['in.csv']);
  });
});

describe('import with an output on standard output', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('--results -: the results on stdout, and no lock, journal or resume file beside anything', async () => {
    const run = await spawnCli(['import', 'in.csv', '--results', '-', '--base-url', sandbox.url, '--org', 'o', '--rejects', 'rejects.csv'], {
      cwd: dir,
      env: { SALESCHAT_TOKEN: sandbox.token },
    });
    expect(run.code, run.stderr).toBe(1);
    expect(records(run.stdout).map((row) => [row['crm_id'], row['status']])).toEqual([['S-1', 'ok'], ['S-2', 'invalid'], ['S-1', 'duplicate']]);
    expect(run.stderr).toContain('import finished: 3 rows');
    expect(run.stderr).toContain('results: standard output; rows to fix and re-run: rejects.csv');
    expect((await readdir(dir)).sort()).toEqual(['in.csv', 'rejects.csv']);
    expect(sandbox.store.count()).toBe(1);
  });

  it('--summary-json -: only the JSON on stdout, at the end', async () => {
    const run = await runCli(['import', input, '--summary-json', '-', '--base-url', sandbox.url, '--org', 'o'], { env: { SALESCHAT_TOKEN: sandbox.token } });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ command: 'import', rows: 3, requests: 1, results: join(dir, 'in.results.csv') });
    expect(run.stderr).toContain('import finished: 3 rows');
  });

  it('--resume cannot continue standard output: exit 2 before anything is sent', async () => {
    const run = await runCliCaught(['import', input, '--results', '-', '--resume', '--base-url', sandbox.url, '--org', 'o'], { env: { SALESCHAT_TOKEN: sandbox.token } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--resume reads the results file of the earlier run: give it with --results PATH (not -)');
    expect(sandbox.stats().requests).toBe(0);
  });
});

/** A reader that goes away (`| head -1`) ends the run as an output failure (74), with a line, not a stack trace. */
describe('standard output closed early', () => {
  it.each([
    ['validate', ['--results', '-']],
    ['validate', ['--rejects', '-']],
    ['validate', ['--summary-json', '-']],
    ['import', ['--results', '-', '--sandbox']],
    ['export', ['--out', '-', '--sandbox']],
  ])('%s %j: exit 74, "broken pipe"', async (command, args) => {
    const run = startCli([command, input, ...args]);
    run.child.stdout?.destroy();
    const { code, stderr } = await run.done;
    expect(code).toBe(74);
    expect(stderr).toMatch(/Cannot write (standard output|--summary-json to standard output): .*broken pipe/);
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
  });
});
