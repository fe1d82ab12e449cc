import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { csv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';
import { EXPORT_HEADER, ORG, csvRecords, phone, seed } from './helpers.js';

let sandbox: Sandbox | undefined;
let dir: string;

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe('export: output and flags', () => {
  it('--out - writes the CSV to standard output and nothing else; progress and summary go to stderr', async () => {
    sandbox = await startSandbox({ port: 0 });
    await seed(sandbox, dir, [['A', phone(1), '2024-01-01', 'Ada', '']]);
    const input = await writeTemp('in.csv', csv(['phone_number', 'Notes'], [[phone(1), 'x'], [phone(2), 'y'], ['bad', 'z']]), dir);
    const run = await runCli(['export', input, '--out', '-', '--base-url', sandbox.url, '--org', ORG], { env: { SALESCHAT_TOKEN: sandbox.token } });
    expect(run.code).toBe(1);
    const records = csvRecords(run.stdout);
    expect(records[0]).toEqual(EXPORT_HEADER);
    expect(records.slice(1).map((r) => [r[0], r[9]])).toEqual([[phone(1), 'found'], [phone(2), 'not_found'], ['bad', 'invalid']]);
    expect(run.stderr).toContain('Ignoring 1 column(s)');
    expect(run.stderr).toContain('export finished: 3 rows');
    expect(run.stderr).toContain('1 found, 1 not_found, 1 invalid');
    expect(run.stderr).toContain('results: standard output');
  });

  it('reads standard input and writes --summary-json in export\'s statuses', async () => {
    sandbox = await startSandbox({ port: 0 });
    const summary = join(dir, 'summary.json');
    const run = await runCli(['export', '-', '--out', '-', '--base-url', sandbox.url, '--org', ORG, '--quiet', '--summary-json', summary], {
      env: { SALESCHAT_TOKEN: sandbox.token },
      stdin: csv(['phone_number'], [[phone(1)], [phone(1)]]),
    });
    expect(run.code).toBe(0);
    expect(csvRecords(run.stdout)).toHaveLength(2);
    const figures = JSON.parse(await readFile(summary, 'utf8')) as Record<string, unknown>;
    expect(figures).toMatchObject({ command: 'export', outcome: 'finished', exit_code: 0, rows: 1, requests: 1 });
    expect(figures['status']).toEqual({ found: 0, not_found: 1, invalid: 0, failed: 0 });
  });

  it('checks rows on worker threads with --workers, a phone column being enough', async () => {
    sandbox = await startSandbox({ port: 0 });
    await seed(sandbox, dir, [['A', phone(1), '2024-01-01', 'Ada', '']]);
    const input = await writeTemp('in.csv', csv(['Phone'], [[phone(1)], ['nope']]), dir);
    const out = join(dir, 'out.csv');
    const run = await runCli(['export', input, '--out', out, '--map', 'phone_number=Phone', '--workers', '2', '--base-url', sandbox.url, '--org', ORG, '--quiet'], {
      env: { SALESCHAT_TOKEN: sandbox.token },
    });
    expect(run.code).toBe(1);
    expect(csvRecords(await readFile(out, 'utf8')).slice(1).map((r) => [r[2], r[9], r[10]])).toEqual([['A', 'found', ''], ['', 'invalid', 'PHONE_INVALID']]);
  });

  it('--sandbox runs against an in-process sandbox and says nothing goes to SalesChat', async () => {
    const out = join(dir, 'contacts.export.csv');
    const run = await runCli(['export', 'samples/contacts.csv', '--out', out, '--sandbox']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing is sent to SalesChat');
    expect(run.stderr).toContain('50 not_found, 1 invalid');
  });

  it.each([
    ['no --out', ['export', 'samples/contacts.csv', '--sandbox'], 'export needs --out FILE'],
    ['--results (export writes no results file)', ['export', 'samples/contacts.csv', '--out', '-', '--results', 'r.csv', '--sandbox'], "Unknown option '--results'"],
    ['--rejects', ['export', 'samples/contacts.csv', '--out', '-', '--rejects', 'r.csv', '--sandbox'], "Unknown option '--rejects'"],
    ['--dedupe', ['export', 'samples/contacts.csv', '--out', '-', '--dedupe', 'last', '--sandbox'], "Unknown option '--dedupe'"],
    ['--out the input itself', ['export', 'samples/contacts.csv', '--out', './samples/contacts.csv', '--sandbox'], 'is the same file as the input file'],
  ])('%s is a usage error (exit 2)', async (_title, argv, message) => {
    await expect(runCli(argv)).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining(message) as unknown });
  });

  it('no phone column is a usage error (exit 2)', async () => {
    const input = await writeTemp('no-phone.csv', csv(['ID', 'Name', 'Fax'], [['1', 'Ada', '+12125550101']]), dir);
    await expect(runCli(['export', input, '--out', '-', '--sandbox'])).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('Missing required column phone_number (headers found: "ID", "Name", "Fax")') as unknown,
    });
  });

  it('exits 2 from the real binary when --out is missing, having written nothing to stdout', async () => {
    const error = await promisify(execFile)(process.execPath, ['bin/saleschat-bulk.js', 'export', 'samples/contacts.csv', '--sandbox']).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('export needs --out FILE') as unknown });
  });

  it('--help lists every flag export takes, and none it does not', async () => {
    const { code, stdout } = await runCli(['export', '--help']);
    expect(code).toBe(0);
    for (const flag of ['--out', '--summary-json', '--delimiter', '--encoding', '--map', '--mapping-file', '--default-country', '--workers', '--quiet',
      '--sandbox', '--base-url', '--org', '--token-file', '--concurrency', '--rate', '--retries', '--timeout', '--max-errors']) {
      expect(stdout).toMatch(new RegExp(`^  (-[a-z], )?${flag} `, 'm'));
    }
    expect(stdout).not.toMatch(/--results|--rejects|--dedupe/);
  });
});
