import { readdirSync } from 'node:fs';
import { link, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { csv, tempDir } from '../support/run-cli.js';
import { runCliCaught } from '../support/run-cli-caught.js';
import { spawnSync } from 'node:child_process';
import { CLI_PATH } from '../support/spawn-cli.js';

/**
 * An output that is the input under another name (a symlink, a hard link) used to truncate the input while it was
 * read: `ln -s in.csv r.csv; import in.csv --results r.csv` imported 2,231 of 5,000 rows and destroyed the file.
 * Every output is now compared with the input and with every other output by device and inode.
 */

const HEADER = ['crm_id', 'phone_number', 'opt_in_date'];
const TEXT = csv(HEADER, Array.from({ length: 50 }, (_, i) => [`P-${i}`, `+1415559${String(1000 + i)}`, '2024-05-01']));

let dir: string;
let input: string;
let sandbox: Sandbox;
beforeEach(async () => {
  dir = await tempDir();
  input = join(dir, 'in.csv');
  await writeFile(input, TEXT);
  sandbox = await startSandbox({ port: 0 });
});
afterEach(async () => {
  await sandbox.close();
});

const inDir = (name: string) => join(dir, name);

describe('outputs never overwrite the input or each other', () => {
  it.each([
    ['a symlink to the input as --results', async () => symlink(input, inDir('r.csv')), ['--results', 'r.csv']],
    ['a hard link to the input as --results', async () => link(input, inDir('r.csv')), ['--results', 'r.csv']],
    ['a symlink to the input as --rejects', async () => symlink(input, inDir('x.csv')), ['--rejects', 'x.csv']],
    ['a hard link to the input as --summary-json', async () => link(input, inDir('s.json')), ['--summary-json', 's.json']],
    ['--rejects through a symlink to the results file', async () => symlink(inDir('in.results.csv'), inDir('x.csv')), ['--rejects', 'x.csv']],
    ['--rejects and --results through a dangling symlink to one new file', async () => symlink(inDir('new.csv'), inDir('x.csv')), ['--results', 'new.csv', '--rejects', 'x.csv']],
  ])('%s: exit 2, nothing sent, the input intact', async (_what, prepare, args) => {
    await prepare();
    const resolved = args.map((arg, i) => (i % 2 === 1 ? join(dir, arg) : arg));
    const run = await runCliCaught(['import', input, '--base-url', sandbox.url, '--org', 'o', ...resolved], { env: { SALESCHAT_TOKEN: sandbox.token } });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/Cannot write .* it is the same file as/);
    expect(sandbox.stats().requests).toBe(0);
    expect(await readFile(input, 'utf8')).toBe(TEXT);
  });

  it('export --out through a symlink to the input: exit 2, the input intact', async () => {
    await symlink(input, inDir('out.csv'));
    const run = await runCliCaught(['export', input, '--out', inDir('out.csv'), '--base-url', sandbox.url, '--org', 'o'], { env: { SALESCHAT_TOKEN: sandbox.token } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--out');
    expect(await readFile(input, 'utf8')).toBe(TEXT);
  });

  it('validate --results as a hard link to the input: exit 2, the input intact', async () => {
    await link(input, inDir('r.csv'));
    const run = await runCliCaught(['validate', input, '--results', inDir('r.csv')]);
    expect(run.code).toBe(2);
    expect(await readFile(input, 'utf8')).toBe(TEXT);
  });

  it('standard input redirected from a file is protected too (import - --results in.csv < in.csv)', async () => {
    // Redirected from the file itself through a shell, as a person would type it.
    const shell = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI_PATH}" validate - --results in.csv < in.csv`], { cwd: dir, encoding: 'utf8' });
    expect(shell.status).toBe(2);
    expect(shell.stderr).toMatch(/same file as the input/);
    expect(await readFile(input, 'utf8')).toBe(TEXT);
  });

  it('/dev/null takes results and rejects (as scripts and the bench use it): no lock, journal or --resume beside a device', async () => {
    const devices = () => readdirSync('/dev').filter((name) => name.startsWith('null.'));
    expect((await runCliCaught(['validate', input, '--results', '/dev/null', '--rejects', '/dev/null'])).code).toBe(0);
    const run = await runCliCaught(['import', input, '--results', '/dev/null', '--base-url', sandbox.url, '--org', 'o'], { env: { SALESCHAT_TOKEN: sandbox.token } });
    expect(run.code, run.stderr).toBe(0);
    expect(sandbox.store.count()).toBe(50);
    const resume = await runCliCaught(['import', input, '--results', '/dev/null', '--resume', '--base-url', sandbox.url, '--org', 'o'], { env: { SALESCHAT_TOKEN: sandbox.token } });
    expect(resume.code).toBe(2);
    expect(resume.stderr).toContain('/dev/null is not a file');
    expect(devices()).toEqual([]);
  });
});
