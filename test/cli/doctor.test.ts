import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { MAX_ANSWER_BYTES } from '../../src/api/http-exchange.js';
import { streamPaddedJson } from '../support/padded-body.js';
import { runCliCaught } from '../support/run-cli-caught.js';
import { csv, readCsv, tempDir, writeTemp } from '../support/run-cli.js';
import { spawnCli } from '../support/spawn-cli.js';

/**
 * doctor's every outcome against the sandbox and ten-line servers, and the same check as import's and export's
 * pre-flight: a wrong URL, a refused token or org, an API failing, a skewed clock, rate-limit headers.
 */

const ORG = 'org-doctor';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const started = await startSandbox({ port: 0, ...options });
  cleanups.push(() => started.close());
  return started;
}

async function server(listener: RequestListener): Promise<string> {
  const started: Server = createServer(listener);
  await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => {
    started.closeAllConnections();
    started.close(() => resolve());
  }));
  return `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
}

async function closedPort(): Promise<string> {
  const url = await server(() => undefined);
  await cleanups.pop()!();
  return url;
}

async function doctor(baseUrl: string, token: string, args: string[] = []) {
  const started = performance.now();
  const run = await runCliCaught(['doctor', '--base-url', baseUrl, '--org', ORG, ...args], { env: { SALESCHAT_TOKEN: token } });
  const lines = run.stdout.trimEnd().split('\n');
  /** check name -> its level, from the lines. */
  const levels = Object.fromEntries(lines.slice(0, -1).map((line) => [line.slice(6, 18).trim(), line.slice(0, 6).trim()]));
  return { ...run, lines, levels, seconds: (performance.now() - started) / 1000 };
}

describe('saleschat-bulk doctor', () => {
  it('a healthy API: every line ok, exit 0, in well under 3 s', async () => {
    const api = await sandbox();
    const run = await doctor(api.url, api.token);
    expect(run.code, run.stdout).toBe(0);
    expect(run.levels).toEqual({ URL: 'ok', token: 'ok', org: 'ok', clock: 'ok', 'rate limit': 'ok' });
    expect(run.lines[0]).toMatch(new RegExp(`^ok {4}URL {9}${api.url.replaceAll('.', '\\.')} answers over plain http \\(loopback only\\) \\(\\d+ ms\\)$`));
    expect(run.lines).toContain(`ok    org         ${ORG} allowed`);
    expect(run.lines).toContain('ok    rate limit  none sent: import learns the limit from 429s (or cap it with --rate N)');
    expect(run.lines.at(-1)).toBe('doctor: all 5 checks passed: ready to import and export.');
    expect(run.seconds).toBeLessThan(3);
    // One read-only request, nothing stored.
    expect(api.stats().byOperation).toEqual({ getContactByPhoneV2: { '200': 1 } });
    expect(api.store.count()).toBe(0);
  });

  it('the built binary against a healthy API finishes in under 3 s', async () => {
    const api = await sandbox();
    const started = performance.now();
    const run = await spawnCli(['doctor', '--base-url', api.url, '--org', ORG], { env: { SALESCHAT_TOKEN: api.token } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect((performance.now() - started) / 1000).toBeLessThan(3);
  });

  it('--sandbox checks an in-process sandbox', async () => {
    const run = await runCliCaught(['doctor', '--sandbox']);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/^ok {4}URL {9}the local sandbox at http:\/\/127\.0\.0\.1:\d+ answers/);
  });

  it('a wrong URL (a closed port): exit 2, naming the URL and what to check', async () => {
    const url = await closedPort();
    const run = await doctor(url, 't');
    expect(run.code).toBe(2);
    expect(run.levels).toEqual({ URL: 'FAIL', token: 'skip', org: 'skip', clock: 'skip', 'rate limit': 'skip' });
    expect(run.lines[0]).toBe(`FAIL  URL         ${url} does not answer (ECONNREFUSED): check --base-url (or SALESCHAT_BASE_URL), the network and any proxy`);
    expect(run.seconds).toBeLessThan(2);
  });

  it('a server that answers an HTML 404: exit 2, not the SalesChat API', async () => {
    const url = await server((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not Found</body></html>'));
    const run = await doctor(url, 't');
    expect(run.code).toBe(2);
    expect(run.lines[0]).toContain('does not look like the SalesChat API (HTTP 404 at the API\'s path, as an HTML page');
  });

  it('an answer past the size cap: exit 2, not the SalesChat API, asked once and read no further', async () => {
    let requests = 0;
    const url = await server((_req, res) => {
      requests += 1;
      // An empty list padded past the cap: read whole, it would pass for the API's answer.
      res.writeHead(200, { 'content-type': 'application/json' });
      streamPaddedJson(res, 3 * MAX_ANSWER_BYTES, '[', ']');
    });
    const run = await doctor(url, 'token-size-cap');
    expect(run.code, run.stdout).toBe(2);
    expect(run.levels).toMatchObject({ URL: 'FAIL', token: 'skip', org: 'skip' });
    expect(run.lines[0]).toContain('does not look like the SalesChat API (an answer larger than 8 MB (HTTP 200) to a look-up by phone number)');
    expect(requests).toBe(1);
  });

  it('no answer within --timeout: exit 2', async () => {
    const url = await server(() => undefined);
    const run = await doctor(url, 't', ['--timeout', '0.3']);
    expect(run.code).toBe(2);
    expect(run.lines[0]).toContain(`no answer from ${url} within 0.3 s`);
  });

  it('a refused token: exit 3, saying what to check', async () => {
    const api = await sandbox();
    const run = await doctor(api.url, 'not-the-token');
    expect(run.code).toBe(3);
    expect(run.levels).toMatchObject({ URL: 'ok', token: 'FAIL', org: 'skip' });
    expect(run.stdout).toContain('FAIL  token       the API refused the token (401): check SALESCHAT_TOKEN or --token-file');
    expect(run.stdout).not.toContain('not-the-token');
  });

  it('a refused org (sandbox --orgs): exit 3', async () => {
    const api = await sandbox({ orgs: ['another-org'] });
    const run = await doctor(api.url, api.token);
    expect(run.code).toBe(3);
    expect(run.levels).toMatchObject({ URL: 'ok', token: 'ok', org: 'FAIL' });
    expect(run.stdout).toContain(`the API refused organisation ${ORG} (403): check --org (or SALESCHAT_ORG_ID)`);
  });

  it.each([
    ['10 min ahead', 600_000, 2, 'FAIL', /this machine's clock is 10 min \d+ s behind the API's: sync it with NTP/],
    ['2 min ahead', 120_000, 0, 'warn', /this machine's clock is 2 min \d+ s behind the API's: sync it with NTP/],
    ['2 min behind', -120_000, 0, 'warn', /this machine's clock is (1 min 59|2 min \d+) s ahead of the API's/],
    ['5 s ahead', 5_000, 0, 'ok', /in step with the API's/],
  ])('a sandbox clock %s: exit %i, clock %s', async (_name, offset, code, level, words) => {
    const api = await sandbox({ clock: () => Date.now() + offset });
    const run = await doctor(api.url, api.token);
    expect(run.code, run.stdout).toBe(code);
    expect(run.levels['clock']).toBe(level);
    expect(run.stdout).toMatch(words);
  });

  it.each([
    ['ietf', /^ok {4}rate limit {2}100 requests per 1 s, 99 left, reset in 1 s \(from RateLimit-Policy\)$/m],
    ['legacy', /^ok {4}rate limit {2}100 requests per window \(its length not stated\), 99 left, reset in 1 s \(from RateLimit-Limit\)$/m],
    ['x', /^ok {4}rate limit {2}100 requests per window \(its length not stated\), 99 left, reset in [01](\.\d)? s \(from X-RateLimit-Limit\)$/m],
  ] as const)('rate-limit headers (%s) are shown', async (style, line) => {
    const api = await sandbox({ rateLimit: 100, rateLimitHeaders: style });
    const run = await doctor(api.url, api.token);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(line);
  });

  it('an API answering 503, twice: exit 3, try later', async () => {
    let requests = 0;
    const url = await server((_req, res) => {
      requests += 1;
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error_code":5030001,"error_message":"down"}');
    });
    const run = await doctor(url, 't');
    expect(run.code).toBe(3);
    expect(run.levels).toMatchObject({ URL: 'ok', API: 'FAIL', token: 'skip', org: 'skip' });
    expect(run.stdout).toContain('the API is failing (HTTP 503, twice in a row): try later');
    expect(requests).toBe(2);
  });

  it('a 503 once, then healthy: one retry, exit 0', async () => {
    let requests = 0;
    const url = await server((_req, res) => {
      requests += 1;
      if (requests === 1) res.writeHead(503).end();
      else res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() }).end('[]');
    });
    const run = await doctor(url, 't');
    expect(run.code, run.stdout).toBe(0);
    expect(requests).toBe(2);
  });

  it.each([
    [['--org', '..'], /cannot be an organisation id/],
    [['extra'], /doctor takes no arguments/],
    [['--timeout', '0'], /--timeout must be greater than 0/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const run = await runCliCaught(['doctor', '--base-url', 'http://127.0.0.1:1', ...args], { env: { SALESCHAT_TOKEN: 't', SALESCHAT_ORG_ID: ORG } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('no token: a usage error naming where to set it (exit 2)', async () => {
    const run = await runCliCaught(['doctor', '--org', ORG]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No API token: set SALESCHAT_TOKEN or pass --token-file PATH');
  });
});

describe('the pre-flight of import and export', () => {
  const HEADER = ['crm_id', 'phone_number', 'opt_in_date'];
  const rows = Array.from({ length: 20 }, (_, i) => [`P-${i}`, `+1415555${String(7000 + i)}`, '2024-05-01']);

  async function run(command: 'import' | 'export', baseUrl: string, token: string) {
    const dir = await tempDir();
    const input = await writeTemp('in.csv', csv(HEADER, rows), dir);
    const output = join(dir, command === 'import' ? 'in.results.csv' : 'out.csv');
    const started = performance.now();
    const args = command === 'import' ? ['import', input] : ['export', input, '--out', output];
    const ran = await runCliCaught([...args, '--base-url', baseUrl, '--org', ORG, '--quiet'], { env: { SALESCHAT_TOKEN: token } });
    return { ...ran, output, seconds: (performance.now() - started) / 1000 };
  }

  it.each(['import', 'export'] as const)('%s to a wrong URL exits 2 at once: no output file, no row sent', async (command) => {
    const url = await closedPort();
    const ran = await run(command, url, 't');
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain(`nothing sent: ${url} does not answer (ECONNREFUSED): check --base-url`);
    expect(ran.seconds).toBeLessThan(2);
    expect(existsSync(ran.output)).toBe(false);
    expect(ran.stderr).not.toContain('finished');
  });

  it.each(['import', 'export'] as const)('%s to a server that is not the API exits 2: no output file', async (command) => {
    let requests = 0;
    const url = await server((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>welcome</html>');
    });
    const ran = await run(command, url, 't');
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('does not look like the SalesChat API');
    expect(requests).toBe(1);
    expect(existsSync(ran.output)).toBe(false);
  });

  it.each(['import', 'export'] as const)('%s with a refused token exits 3 before any row: one request', async (command) => {
    const api = await sandbox();
    const ran = await run(command, api.url, 'wrong-token');
    expect(ran.code).toBe(3);
    expect(ran.stderr).toContain('nothing sent: the API refused the token (401)');
    expect(api.stats().requests).toBe(1);
    expect(existsSync(ran.output)).toBe(false);
  });

  it.each(['import', 'export'] as const)('%s with a refused org exits 3 before any row', async (command) => {
    const api = await sandbox({ orgs: ['someone-else'] });
    const ran = await run(command, api.url, api.token);
    expect(ran.code).toBe(3);
    expect(ran.stderr).toContain(`the API refused organisation ${ORG} (403)`);
    expect(api.stats().requests).toBe(1);
    expect(existsSync(ran.output)).toBe(false);
  });

  it('import against an API failing (503, twice) exits 3 before any row', async () => {
    const url = await server((_req, res) => res.writeHead(503).end());
    const ran = await run('import', url, 't');
    expect(ran.code).toBe(3);
    expect(ran.stderr).toContain('the API is failing (HTTP 503, twice in a row): try later');
    expect(existsSync(ran.output)).toBe(false);
  });

  it.each(['import', 'export'] as const)('%s goes on when the check meets 429 twice: the throttle deals with a rate limit', async (command) => {
    const api = await sandbox();
    let seen = 0;
    // Rate limited for the check and its one retry (another client has used the quota), then the API itself.
    const url = await server((req, res) => {
      seen += 1;
      if (seen <= 2) {
        req.resume();
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }).end('{"error_code":4290001}');
        return;
      }
      const upstream = httpRequest(`${api.url}${req.url ?? '/'}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
    });
    const ran = await run(command, url, api.token);
    expect(ran.code, ran.stderr).toBe(0);
    expect(seen).toBe(2 + 20);
    expect((await readCsv(ran.output)).length).toBe(20);
  });

  it.each(['import', 'export'] as const)('%s against a healthy API works as before, the pre-flight its one extra look-up', async (command) => {
    const api = await sandbox();
    const ran = await run(command, api.url, api.token);
    expect(ran.code, ran.stderr).toBe(0);
    expect((await readCsv(ran.output)).length).toBe(20);
    const lookups = api.stats().byOperation['getContactByPhoneV2']?.['200'] ?? 0;
    expect(lookups).toBe(command === 'import' ? 1 : 21);
  });

  it('a skewed clock does not stop an import: a notice says to sync it', async () => {
    const api = await sandbox({ clock: () => Date.now() + 120_000 });
    const dir = await tempDir();
    const input = await writeTemp('in.csv', csv(HEADER, rows.slice(0, 2)), dir);
    const ran = await runCliCaught(['import', input, '--base-url', api.url, '--org', ORG], { env: { SALESCHAT_TOKEN: api.token } });
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toMatch(/This machine's clock is 2 min \d+ s behind the API's: sync it with NTP/);
  });
});
