import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';

/**
 * A limit counted over a long window, as many APIs count it (100 per 10 s, 1,000 a minute), whose 429s are a proxy's
 * HTML page without Retry-After: nothing says when the window opens. Not a shape the sandbox has; a ten-line server.
 */

const WINDOW_MS = 5_000;
const PER_WINDOW = 40;

interface LongWindowServer {
  url: string;
  /** When each 429 was answered, in ms after the first request. */
  refusedAt: number[];
  /** Accepted requests per window, in order. */
  acceptedByWindow: number[];
  close(): Promise<void>;
}

async function startLongWindowServer(): Promise<LongWindowServer> {
  let firstAt: number | undefined;
  const refusedAt: number[] = [];
  const acceptedByWindow: number[] = [];
  let contacts = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const now = performance.now();
      firstAt ??= now;
      const window = Math.floor((now - firstAt) / WINDOW_MS);
      acceptedByWindow[window] ??= 0;
      if (acceptedByWindow[window] >= PER_WINDOW) {
        refusedAt.push(now - firstAt);
        res.writeHead(429, { 'content-type': 'text/html' }).end('<html><body><h1>429 Too Many Requests</h1></body></html>');
        return;
      }
      acceptedByWindow[window] += 1;
      const body = req.method === 'GET' ? '[]' : JSON.stringify({ id: `c-${++contacts}` });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    refusedAt,
    acceptedByWindow,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let server: LongWindowServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('import under a long window whose 429s say nothing of when it opens', () => {
  it('uses each window, and probes a used-up one ever further apart instead of every 100 ms', async () => {
    server = await startLongWindowServer();
    const dir = await tempDir();
    const rows = Array.from({ length: 60 }, (_, i) => [`CRM-${i}`, `+1415557${String(i).padStart(4, '0')}`, '2024-05-01']);
    const input = await writeTemp('contacts.csv', csv(['crm_id', 'phone_number', 'opt_in_date'], rows), dir);
    const results = join(dir, 'contacts.results.csv');
    const { code } = await runCli(['import', input, '--base-url', server.url, '--org', 'org-window', '--quiet', '--concurrency', '32', '--results', results], {
      env: { SALESCHAT_TOKEN: 'token' },
    });
    expect(code).toBe(0);
    expect((await readCsv(results)).map((row) => row['status'])).toEqual(rows.map(() => 'ok'));
    // The check and 60 rows: the first window's 40, then the rest as soon as the second opens.
    expect(server.acceptedByWindow).toEqual([PER_WINDOW, 61 - PER_WINDOW]);
    // The requests in flight when the window ran out are refused at once; after that, one probe at a time. Every
    // 100 ms from the first second to the window's end would be about 40 probes; a tenth of the hold apart, about 16.
    const probesAfterFirstSecond = server.refusedAt.filter((at) => at >= 1_000 && at < WINDOW_MS).length;
    expect(probesAfterFirstSecond).toBeLessThanOrEqual(25);
  });
});
