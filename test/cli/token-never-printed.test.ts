import { createServer, type Server } from 'node:http';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_PHONE } from '../../src/api/probe.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { csv, tempDir } from '../support/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';

/**
 * The token never appears in any output, error or file: a distinctive token is fed through every error path the
 * built CLI can reach, and afterwards no stdout, no stderr and no file in the run's folder holds any of it.
 */

const TOKEN = 'tok.SECRET-9f3a_xyz';
/** The middle of the token: a leak of part of it (one line of a two-line file, a cut-off quote) shows too. */
const PIECE = 'SECRET-9f3a';

const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'stage', 'user_id'];
const INPUT = csv(HEADER, [
  ['A-1', '+14155552671', '2024-01-01', 'new', 'user-1'],
  ['A-2', '+14155552672', '2024-01-02', '', ''],
]);
const UPDATE_INPUT = csv(['crm_id', 'phone_number', 'opt_in_date', 'contact_id'], [['A-1', '+14155552671', '2024-01-01', '..']]);

/**
 * A server that answers every request with `status` and a body quoting the request's Authorization header back;
 * with `preflight: 'healthy'`, the look-up of the pre-flight's number is answered as a healthy API (so the rows
 * meet the echo), with 'echo' it is echoed too.
 */
function echoingServer(status: number, contentType: 'json' | 'html', preflight: 'healthy' | 'echo' = 'healthy'): Server {
  return createServer((request, response) => {
    if (preflight === 'healthy' && (request.url ?? '').endsWith(encodeURIComponent(PROBE_PHONE))) {
      response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      return;
    }
    const authorization = request.headers.authorization ?? '';
    const body =
      contentType === 'json'
        ? JSON.stringify({ error_code: status * 10_000 + 1, error_message: `token "${authorization}" refused`, error_description: authorization })
        : `<html><body>Proxy says: ${authorization}</body></html>`;
    response.writeHead(status, { 'content-type': contentType === 'json' ? 'application/json' : 'text/html' }).end(body);
  });
}

/** Every request answered with a redirect whose Location quotes the Authorization header (a login page's return link). */
function redirectingServer(): Server {
  return createServer((request, response) => {
    const authorization = encodeURIComponent(request.headers.authorization ?? '');
    response.writeHead(302, { location: `https://login.example/sso?auth=${authorization}` }).end();
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

let otherTokenSandbox: Sandbox;
let sandbox: Sandbox;
const servers: Server[] = [];
const url: Record<string, string> = {};
let secrets: string;

beforeAll(async () => {
  otherTokenSandbox = await startSandbox({ port: 0, token: 'another-token' });
  sandbox = await startSandbox({ port: 0, token: TOKEN });
  url['401'] = otherTokenSandbox.url;
  url['ok'] = sandbox.url;
  const named: [string, Server][] = [
    ['403', echoingServer(403, 'json')],
    ['500', echoingServer(500, 'json')],
    ['html', echoingServer(200, 'html')],
    ['all500', echoingServer(500, 'json', 'echo')],
    ['all403', echoingServer(403, 'json', 'echo')],
    ['all422', echoingServer(422, 'json', 'echo')],
    ['all302', redirectingServer()],
    ['allhtml', echoingServer(200, 'html', 'echo')],
    ['html404', echoingServer(404, 'html', 'echo')],
    // Takes the request and never answers.
    ['silent', createServer(() => undefined)],
  ];
  for (const [name, server] of named) {
    servers.push(server);
    url[name] = await listen(server);
  }
  const closed = createServer();
  url['closed'] = await listen(closed);
  await close(closed);

  // Token files and the preload live apart from the runs' folders, which must end up holding nothing of the token.
  secrets = await tempDir();
  await writeFile(join(secrets, 'token.txt'), `${TOKEN}\n`);
  await writeFile(join(secrets, 'two-lines.txt'), `${TOKEN}\nsecond-line\n`);
  await writeFile(join(secrets, 'nul.txt'), `${TOKEN}\0\n`);
  // A JWT that expired in 1970, whose signature holds the secret piece: doctor reads its exp, and must not show it.
  const payload = Buffer.from(JSON.stringify({ exp: 1, sub: 'someone' })).toString('base64url');
  await writeFile(join(secrets, 'expired-jwt.txt'), `eyJhbGciOiJIUzI1NiJ9.${payload}.sig-${PIECE}_x\n`);
  // An error thrown outside any command (a timer), quoting the token: what a bug deep in a library could do.
  await writeFile(join(secrets, 'throw-later.mjs'), 'setTimeout(() => { throw new Error(`boom: Bearer ${process.env.SALESCHAT_TOKEN}`); }, 2500);\n');
});

afterAll(async () => {
  await Promise.all([otherTokenSandbox.close(), sandbox.close(), ...servers.map(close)]);
});

interface Case {
  name: string;
  /** `$URL:<name>` is a server's base URL, `$SECRETS/` the folder of token files. */
  args: string[];
  env?: Record<string, string>;
  input?: string;
  /** SALESCHAT_DEBUG=1, where the most is printed (stacks): on unless said otherwise. */
  debug?: boolean;
  code: number;
  stderr?: RegExp;
  stdout?: RegExp;
}

const OUTPUTS = ['--results', 'r.csv', '--rejects', 'rejects.csv', '--summary-json', 'summary.json'];
const IMPORT = ['import', 'in.csv', ...OUTPUTS, '--org', 'org-1'];
const EXPORT = ['export', 'in.csv', '--out', 'export.csv', '--org', 'org-1'];
const FROM_ENV = { SALESCHAT_TOKEN: TOKEN };
const DOCTOR = ['doctor', '--org', 'org-1'];

const cases: Case[] = [
  { name: 'a 401 from a sandbox started with another token', args: [...IMPORT, '--base-url', '$URL:401'], env: FROM_ENV, code: 3, stderr: /401/ },
  { name: 'export, 401', args: [...EXPORT, '--base-url', '$URL:401', '--token-file', '$SECRETS/token.txt'], code: 3, stderr: /401/ },
  { name: 'a 403 whose body quotes the token', args: [...IMPORT, '--base-url', '$URL:403', '--token-file', '$SECRETS/token.txt'], code: 3, stderr: /403/ },
  { name: 'connection refused', args: [...IMPORT, '--base-url', '$URL:closed', '--retries', '0'], env: FROM_ENV, code: 2, stderr: /ECONNREFUSED/ },
  { name: 'export, connection refused', args: [...EXPORT, '--base-url', '$URL:closed'], env: FROM_ENV, code: 2, stderr: /ECONNREFUSED/ },
  { name: 'a pre-flight answered 500 quoting the token', args: [...IMPORT, '--base-url', '$URL:all500'], env: FROM_ENV, code: 3, stderr: /HTTP 500/ },
  { name: 'a pre-flight answered by an HTML 200 quoting the token', args: [...EXPORT, '--base-url', '$URL:allhtml'], env: FROM_ENV, code: 2, stderr: /does not look like the SalesChat API/ },
  { name: 'doctor, healthy', args: [...DOCTOR, '--base-url', '$URL:ok'], env: FROM_ENV, code: 0, stdout: /all 5 checks passed/ },
  { name: 'doctor, token from a file', args: [...DOCTOR, '--base-url', '$URL:ok', '--token-file', '$SECRETS/token.txt'], code: 0, stdout: /all 5 checks passed/ },
  { name: 'doctor, 401', args: [...DOCTOR, '--base-url', '$URL:401'], env: FROM_ENV, code: 3, stdout: /FAIL {2}token .*401/ },
  { name: 'doctor, a 403 whose body quotes the token', args: [...DOCTOR, '--base-url', '$URL:all403'], env: FROM_ENV, code: 3, stdout: /FAIL {2}org .*403/ },
  { name: 'doctor, a 422 whose error_message quotes the token', args: [...DOCTOR, '--base-url', '$URL:all422'], env: FROM_ENV, code: 3, stdout: /FAIL {2}API {9}the API refused a read-only look-up \(HTTP 422: token "Bearer \[redacted\]" refused\)/ },
  { name: 'doctor, a 302 whose Location quotes the token', args: [...DOCTOR, '--base-url', '$URL:all302'], env: FROM_ENV, code: 2, stdout: /FAIL {2}URL .*a redirect \(HTTP 302\) to https:\/\/login\.example\/sso\?auth=Bearer%20\[redacted\]/ },
  { name: 'a pre-flight answered 422 quoting the token', args: [...IMPORT, '--base-url', '$URL:all422'], env: FROM_ENV, code: 3, stderr: /HTTP 422: token "Bearer \[redacted\]" refused/ },
  { name: 'doctor, a 500 quoting the token', args: [...DOCTOR, '--base-url', '$URL:all500'], env: FROM_ENV, code: 3, stdout: /HTTP 500/ },
  { name: 'doctor, an HTML 200 quoting the token', args: [...DOCTOR, '--base-url', '$URL:allhtml'], env: FROM_ENV, code: 2, stdout: /an HTML page/ },
  { name: 'doctor, an HTML 404 quoting the token', args: [...DOCTOR, '--base-url', '$URL:html404'], env: FROM_ENV, code: 2, stdout: /HTTP 404/ },
  { name: 'doctor, connection refused', args: [...DOCTOR, '--base-url', '$URL:closed'], env: FROM_ENV, code: 2, stdout: /ECONNREFUSED/ },
  { name: 'doctor, no answer, --timeout 0.2', args: [...DOCTOR, '--base-url', '$URL:silent', '--timeout', '0.2'], env: FROM_ENV, code: 2, stdout: /no answer .* within 0\.2 s/ },
  { name: 'doctor, an expired JWT', args: [...DOCTOR, '--base-url', '$URL:ok', '--token-file', '$SECRETS/expired-jwt.txt'], code: 2, stdout: /FAIL {2}token .*expired at 1970-01-01T00:00:01\.000Z/ },
  { name: 'doctor, a token file of two lines', args: [...DOCTOR, '--base-url', '$URL:ok', '--token-file', '$SECRETS/two-lines.txt'], code: 2, stderr: /holds more than one line/ },
  { name: 'a 500 quoting the token, --retries 0', args: [...IMPORT, '--base-url', '$URL:500', '--retries', '0'], env: FROM_ENV, code: 1, stderr: /2 failed/ },
  { name: 'export, 500 quoting the token', args: [...EXPORT, '--base-url', '$URL:500', '--retries', '0'], env: FROM_ENV, code: 1, stderr: /failed/ },
  { name: 'no answer, --timeout 0.2', args: [...IMPORT, '--base-url', '$URL:silent', '--timeout', '0.2', '--retries', '0'], env: FROM_ENV, code: 2, stderr: /no answer from .* within 0\.2 s/ },
  { name: 'an HTML 200 quoting the token', args: [...IMPORT, '--base-url', '$URL:html', '--retries', '0'], env: FROM_ENV, code: 1, stderr: /import finished/ },
  { name: 'export, HTML 200 quoting the token', args: [...EXPORT, '--base-url', '$URL:html', '--retries', '0'], env: FROM_ENV, code: 1, stderr: /export finished/ },
  { name: 'contact_id ".." with --mode update', args: [...IMPORT, '--base-url', '$URL:ok', '--mode', 'update'], input: UPDATE_INPUT, env: FROM_ENV, code: 1, stderr: /1 invalid/ },
  { name: '--org ..', args: ['import', 'in.csv', ...OUTPUTS, '--org', '..', '--base-url', '$URL:ok'], env: FROM_ENV, code: 2, stderr: /--org "\.\." cannot be an organisation id/ },
  { name: 'a base URL with the token as its password', args: [...IMPORT, '--base-url', `http://user:${TOKEN}@127.0.0.1:9`], env: FROM_ENV, code: 2, stderr: /user name or password/ },
  { name: 'a base URL on a name that looks like loopback', args: [...IMPORT, '--base-url', 'http://127.0.0.1.nip.io:4010'], env: FROM_ENV, code: 2, stderr: /clear text/ },
  { name: 'a token file of two lines', args: [...IMPORT, '--base-url', '$URL:ok', '--token-file', '$SECRETS/two-lines.txt'], code: 2, stderr: /holds more than one line/ },
  { name: 'a token file with a NUL byte', args: [...IMPORT, '--base-url', '$URL:ok', '--token-file', '$SECRETS/nul.txt'], code: 2, stderr: /holds a NUL byte/ },
  {
    name: 'an internal error quoting the token, outside any command',
    args: [...IMPORT, '--base-url', '$URL:silent', '--timeout', '30'],
    env: { ...FROM_ENV, NODE_OPTIONS: '--import=$PRELOAD' },
    code: 70,
    stderr: /internal error: .*boom: Bearer \[redacted\]/,
  },
  {
    name: 'the same with SALESCHAT_DEBUG unset (no stack, the message alone)',
    args: [...IMPORT, '--base-url', '$URL:silent', '--timeout', '30'],
    env: { ...FROM_ENV, NODE_OPTIONS: '--import=$PRELOAD' },
    debug: false,
    code: 70,
    stderr: /^saleschat-bulk: internal error: boom: Bearer \[redacted\]\nSet SALESCHAT_DEBUG=1 for details, and please report it\.\n$/m,
  },
];

/** Every file under `dir`, read whole. */
async function filesIn(dir: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (path) => ({ path, text: await readFile(path, 'latin1') })));
}

describe('the token appears in no output and no file, whatever goes wrong', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s',
    async (name, c) => {
      const dir = join(await tempDir(), 'run');
      await mkdir(dir);
      await writeFile(join(dir, 'in.csv'), c.input ?? INPUT);
      const preload = pathToFileURL(join(secrets, 'throw-later.mjs')).href;
      const fill = (text: string) =>
        text.replace(/\$URL:(\w+)/, (_match, server: string) => url[server] ?? '').replaceAll('$SECRETS/', `${secrets}/`).replace('$PRELOAD', preload);
      const env = Object.fromEntries(Object.entries(c.env ?? {}).map(([key, value]) => [key, fill(value)]));
      const run = await spawnCli(c.args.map(fill), { cwd: dir, env: { ...env, ...(c.debug === false ? {} : { SALESCHAT_DEBUG: '1' }) } });

      expect(run.code, `${name}: ${run.stderr}`).toBe(c.code);
      if (c.stderr) expect(run.stderr).toMatch(c.stderr);
      if (c.stdout) expect(run.stdout).toMatch(c.stdout);
      expect(run.stdout).not.toContain(PIECE);
      expect(run.stderr).not.toContain(PIECE);
      for (const file of await filesIn(dir)) expect(file.text, file.path).not.toContain(PIECE);
    },
    30_000,
  );
});
