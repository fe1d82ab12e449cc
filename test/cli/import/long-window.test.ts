import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../support/loopback-server.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';

/**
 * A limit counted over a long window, as many APIs count it (100 per 10 s, 1,000 a minute): with 429s that do not say
 * when it opens (a proxy's HTML page without Retry-After, or a JSON answer with `Retry-After: 0`), or with every
 * answer stating the quota in X-RateLimit headers. Not a shape the sandbox has; a ten-line server.
 */

const WINDOW_MS = 5_000;
const PER_WINDOW = 40;

interface Window {
  ms: number;
  accepts: number;
  /** Every answer says X-RateLimit-Limit, -Remaining and -Reset (whole seconds until the window ends, rounded up). */
  statesQuota?: boolean;
}

interface LongWindowServer extends LoopbackServer {
  /** When each 429 was answered, in ms after the first request. */
  refusedAt: number[];
  /** Accepted requests per window, in order. */
  acceptedByWindow: number[];
}

/** How a 429 answers: its headers and body. */
interface Refusal {
  headers: Record<string, string>;
  body: string;
}

const HTML_PAGE: Refusal = { headers: { 'content-type': 'text/html' }, body: '<html><body><h1>429 Too Many Requests</h1></body></html>' };
const RETRY_NOW: Refusal = { headers: { 'content-type': 'application/json', 'retry-after': '0' }, body: '{"message":"rate limited"}' };

async function startLongWindowServer(refusal: Refusal, { ms, accepts, statesQuota = false }: Window = { ms: WINDOW_MS, accepts: PER_WINDOW }): Promise<LongWindowServer> {
  let firstAt: number | undefined;
  const refusedAt: number[] = [];
  const acceptedByWindow: number[] = [];
  let contacts = 0;
  const server = await startLoopbackServer((req, res) => {
    const now = performance.now();
    firstAt ??= now;
    const window = Math.floor((now - firstAt) / ms);
    acceptedByWindow[window] ??= 0;
    const refused = acceptedByWindow[window] >= accepts;
    if (!refused) acceptedByWindow[window] += 1;
    const resetS = Math.ceil(((window + 1) * ms - (now - firstAt)) / 1_000);
    const quota = statesQuota
      ? { 'x-ratelimit-limit': String(accepts), 'x-ratelimit-remaining': String(accepts - acceptedByWindow[window]), 'x-ratelimit-reset': String(resetS) }
      : {};
    if (refused) {
      refusedAt.push(now - firstAt);
      res.writeHead(429, { ...refusal.headers, ...quota }).end(refusal.body);
      return;
    }
    const body = req.method === 'GET' ? '[]' : JSON.stringify({ id: `c-${++contacts}` });
    res.writeHead(200, { 'content-type': 'application/json', ...quota }).end(body);
  });
  return { ...server, refusedAt, acceptedByWindow };
}

let server: LongWindowServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Imports `count` rows into `url` at --concurrency 32: the exit code and each row's status. */
async function importRows(url: string, count: number): Promise<{ code: number; statuses: string[] }> {
  const dir = await tempDir();
  const rows = Array.from({ length: count }, (_, i) => [`CRM-${i}`, `+1415557${String(i).padStart(4, '0')}`, '2024-05-01']);
  const input = await writeTemp('contacts.csv', csv(['crm_id', 'phone_number', 'opt_in_date'], rows), dir);
  const results = join(dir, 'contacts.results.csv');
  const { code } = await runCli(['import', input, '--base-url', url, '--org', 'org-window', '--quiet', '--concurrency', '32', '--results', results], {
    env: { SALESCHAT_TOKEN: 'token' },
  });
  return { code, statuses: (await readCsv(results)).map((row) => row['status'] ?? '') };
}

const allOk = (count: number) => Array.from({ length: count }, () => 'ok');

describe('import under a long window whose 429s do not say when it opens', () => {
  it.each([
    ['an HTML page without Retry-After', HTML_PAGE],
    // Taken at its word, `Retry-After: 0` had the run probe every millisecond: rows spent their retries and failed.
    ['Retry-After: 0', RETRY_NOW],
  ])('%s: every row ok, each window used, a used-up one probed ever further apart', async (_name, refusal) => {
    server = await startLongWindowServer(refusal);
    expect(await importRows(server.url, 60)).toEqual({ code: 0, statuses: allOk(60) });
    // The check and 60 rows: the first window's 40, then the rest as soon as the second opens.
    expect(server.acceptedByWindow).toEqual([PER_WINDOW, 61 - PER_WINDOW]);
    // The requests in flight when the window ran out are refused at once; after that, one probe at a time. Every
    // 100 ms from the first second to the window's end would be about 40 probes; a tenth of the hold apart, about 16.
    const probesAfterFirstSecond = server.refusedAt.filter((at) => at >= 1_000 && at < WINDOW_MS).length;
    expect(probesAfterFirstSecond).toBeLessThanOrEqual(25);
  });
});

describe('import under a long window stated in X-RateLimit headers', () => {
  it('uses each window in full as it opens, not only the first', async () => {
    const window: Window = { ms: 3_000, accepts: 300, statesQuota: true };
    server = await startLongWindowServer({ headers: { 'content-type': 'application/json', 'retry-after': '1' }, body: '{"message":"rate limited"}' }, window);
    expect(await importRows(server.url, 899)).toEqual({ code: 0, statuses: allOk(899) });
    // The check and 899 rows, 300 a window: each used up at once, held to its end, and the next used in full as soon
    // as it opens. (The cut this shape could set to one request a second, from a second of probes after a hold, is
    // pinned in test/api/throttle.test.ts: here it came only when the quota's last slots were left to a probe.)
    expect(server.acceptedByWindow).toEqual([300, 300, 300]);
  });
});

describe('import under X-RateLimit headers that do not count what binds', () => {
  it('a quota stuck at none left, a minute from its reset, while every request is accepted: the run goes on', async () => {
    let accepted = 0;
    const stuck = await startLoopbackServer((req, res) => {
      accepted += 1;
      const quota = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '60' };
      res.writeHead(200, { 'content-type': 'application/json', ...quota }).end(req.method === 'GET' ? '[]' : JSON.stringify({ id: `c-${accepted}` }));
    });
    try {
      // Taken at its word, the header let one request through a minute: 32 rows in 20 s, then one a minute.
      expect(await importRows(stuck.url, 100)).toEqual({ code: 0, statuses: allOk(100) });
    } finally {
      await stuck.close();
    }
  }, 20_000);
});
