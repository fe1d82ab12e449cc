import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, it } from 'vitest';
import { csv, tempDir } from '../support/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';

/** The built CLI as a user calls it: exit statuses and what stdout and stderr say. */

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const COMMANDS = ['validate', 'import', 'export', 'sandbox', 'template'];
/** Set in every run's environment: it must never show up on stderr. */
const SECRET = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2VuLXZhbHVl.s3cr3t';
const WITH_TOKEN = { SALESCHAT_TOKEN: SECRET };
const WITH_CONFIG = { SALESCHAT_TOKEN: SECRET, SALESCHAT_ORG_ID: 'org-1' };

const HEADER = ['crm_id', 'phone_number', 'opt_in_date'];
const VALID = csv(HEADER, [
  ['A-1', '+14155552671', '2024-01-01'],
  ['A-2', '+14155552672', '2024-01-02'],
]);

let dir: string;
/** `$D/` in a case's arguments is the fixture folder. */
const inDir = (args: string[]) => args.map((arg) => arg.replaceAll('$D/', `${dir}/`));

beforeAll(async () => {
  dir = await tempDir();
  await writeFile(join(dir, 'valid.csv'), VALID);
  await writeFile(join(dir, 'valid.csv.gz'), gzipSync(VALID));
  await writeFile(join(dir, 'invalid.csv'), csv(HEADER, [['A-1', '+14155552671', '2024-01-01'], ['A-2', 'not a phone', '2024-01-02']]));
  await writeFile(join(dir, 'no-phone.csv'), csv(['crm_id', 'Email', 'opt_in_date'], [['A-1', '+14155552671', '2024-01-01']]));
  await writeFile(join(dir, 'token.txt'), `${SECRET}\n`);
});

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  stdin?: string;
  code: number;
  stdout?: RegExp;
  stderr?: RegExp;
}

const cases: Case[] = [
  { name: '--version', args: ['--version'], code: 0, stdout: new RegExp(`^${VERSION.replaceAll('.', '\\.')}\\n$`) },
  { name: '--help', args: ['--help'], code: 0, stdout: /Usage: saleschat-bulk <command>/ },
  { name: 'no arguments: help, usage error', args: [], code: 2, stdout: /Usage: saleschat-bulk <command>/ },
  { name: 'unknown command', args: ['frobnicate'], code: 2, stderr: /Unknown command "frobnicate"/ },
  { name: 'validate without a file', args: ['validate'], code: 2, stderr: /validate needs an input file: saleschat-bulk validate <file\.csv/ },
  { name: 'a missing file', args: ['validate', '$D/nope.csv'], code: 2, stderr: /Input file not found: .*nope\.csv/ },
  {
    name: 'a missing required column',
    args: ['validate', '$D/no-phone.csv', '--results', '$D/r-miss.csv'],
    code: 2,
    stderr: /Missing required column phone_number \(headers found: "crm_id", "Email", "opt_in_date"\)/,
  },
  { name: 'an all-valid file', args: ['validate', '$D/valid.csv', '--results', '$D/r-valid.csv'], code: 0, stderr: /status: 2 ok\./ },
  { name: 'an invalid row', args: ['validate', '$D/invalid.csv', '--results', '$D/r-invalid.csv'], code: 1, stderr: /status: 1 ok, 1 invalid\./ },
  { name: 'a .gz input', args: ['validate', '$D/valid.csv.gz', '--results', '$D/r-gz.csv'], code: 0, stderr: /2 rows .* from .*valid\.csv\.gz/ },
  { name: 'stdin with --results', args: ['validate', '-', '--results', '$D/r-stdin.csv'], stdin: VALID, code: 0, stderr: /2 rows .* from standard input/ },
  { name: 'stdin without --results', args: ['validate', '-'], stdin: VALID, code: 2, stderr: /standard input needs --results PATH/ },
  {
    name: '--dedupe last with stdin',
    args: ['validate', '-', '--dedupe', 'last', '--results', '$D/r-last.csv'],
    stdin: VALID,
    code: 2,
    stderr: /--dedupe last .*cannot read standard input/,
  },
  { name: '--dedupe sometimes', args: ['validate', '$D/valid.csv', '--dedupe', 'sometimes'], code: 2, stderr: /--dedupe takes first, last or off/ },
  { name: '--workers -1', args: ['validate', '$D/valid.csv', '--workers', '-1'], code: 2, stderr: /'--workers'/ },
  { name: '--default-country XX', args: ['validate', '$D/valid.csv', '--default-country', 'XX'], code: 2, stderr: /--default-country "XX" is not a country code/ },
  { name: 'an unknown flag', args: ['validate', '$D/valid.csv', '--frobnicate'], code: 2, stderr: /Unknown option '--frobnicate'.*validate --help/s },
  { name: 'import without a token or org', args: ['import', '$D/valid.csv'], env: {}, code: 2, stderr: /set SALESCHAT_TOKEN or pass --token-file/ },
  {
    name: 'import over clear-text http',
    args: ['import', '$D/valid.csv', '--base-url', 'http://example.com'],
    env: WITH_CONFIG,
    code: 2,
    stderr: /Refusing plain http:\/\/ to example\.com: the token would travel in clear text/,
  },
  {
    // Loopback http is accepted; a dry run sends nothing, so the closed port does not matter.
    name: 'import --dry-run to loopback http',
    args: ['import', '$D/invalid.csv', '--base-url', 'http://127.0.0.1:1', '--dry-run', '--results', '$D/r-dry.csv'],
    env: WITH_CONFIG,
    code: 1,
    stderr: /import --dry-run finished: 2 rows .*status: 1 planned, 1 invalid\./s,
  },
  {
    // The pre-flight finds nothing at the URL: a configuration error, before any row.
    name: 'import to loopback http that refuses the connection',
    args: ['import', '$D/valid.csv', '--base-url', 'http://127.0.0.1:1', '--retries', '0', '--results', '$D/r-net.csv', '--quiet'],
    env: WITH_CONFIG,
    code: 2,
    stderr: /nothing sent: http:\/\/127\.0\.0\.1:1 does not answer \(ECONNREFUSED\): check --base-url/,
  },
];

describe('saleschat-bulk as a user calls it', () => {
  it.concurrent.for(cases)('$name -> exit $code', async ({ args, env, stdin, code, stdout, stderr }, { expect }) => {
    const run = await spawnCli(inDir(args), { env: env ?? WITH_TOKEN, ...(stdin === undefined ? {} : { stdin }) });
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code });
    if (stdout) expect(run.stdout).toMatch(stdout);
    if (stderr) expect(run.stderr).toMatch(stderr);
    expect(run.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(run.stderr).not.toContain('internal error');
    expect(run.stderr + run.stdout).not.toContain(SECRET);
  });

  it('--help lists every command with its summary', async ({ expect }) => {
    const run = await spawnCli(['--help']);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
  });

});
