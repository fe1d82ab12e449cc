import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../support/loopback-server.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';

/**
 * Two ways real servers refuse that the sandbox does not produce, each a ten-line server: a limit answered with 503
 * (nginx's limit_req does so unless told otherwise), and a server that refuses every write for the first seconds of
 * the run (a quota an earlier run used up, a deploy) before taking everything.
 */

interface RefusingServer extends LoopbackServer {
  /** Writes refused, and accepted, each with when it was answered (ms after the first write). */
  refusedAt: number[];
  acceptedAt: number[];
}

interface Refusing {
  /** The status of a refusal, with an HTML page and no Retry-After, as a proxy sends it. */
  status: 429 | 503;
  /** Writes accepted per one-second window (fixed windows from the first write). */
  perSecond: number;
  /** Every write is refused until this long after the first. */
  closedForMs: number;
}

async function startRefusingServer({ status, perSecond, closedForMs }: Refusing): Promise<RefusingServer> {
  let firstAt: number | undefined;
  const refusedAt: number[] = [];
  const acceptedAt: number[] = [];
  const acceptedInWindow = new Map<number, number>();
  const server = await startLoopbackServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      return;
    }
    const now = performance.now();
    firstAt ??= now;
    const at = now - firstAt;
    const window = Math.floor(at / 1_000);
    const accepted = acceptedInWindow.get(window) ?? 0;
    if (at < closedForMs || accepted >= perSecond) {
      refusedAt.push(at);
      res.writeHead(status, { 'content-type': 'text/html' }).end(`<html><body><h1>${status}</h1></body></html>`);
      return;
    }
    acceptedInWindow.set(window, accepted + 1);
    acceptedAt.push(at);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `c-${acceptedAt.length}` }));
  });
  return { ...server, refusedAt, acceptedAt };
}

let server: RefusingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function importInto(url: string, count: number): Promise<{ code: number; statuses: string[]; stderr: string }> {
  const dir = await tempDir();
  const rows = Array.from({ length: count }, (_, i) => [`CRM-${i}`, `+1415557${String(i).padStart(4, '0')}`, '2024-05-01']);
  const input = await writeTemp('contacts.csv', csv(['crm_id', 'phone_number', 'opt_in_date'], rows), dir);
  const results = join(dir, 'contacts.results.csv');
  const { code, stderr } = await runCli(['import', input, '--base-url', url, '--org', 'org-refusing', '--quiet', '--concurrency', '32', '--results', results], {
    env: { SALESCHAT_TOKEN: 'token' },
  });
  return { code, statuses: (await readCsv(results)).map((row) => row['status'] ?? ''), stderr };
}

describe('import against a server that refuses', () => {
  it('reads a 503 as a limit: slows down instead of sending each row again and again', async () => {
    server = await startRefusingServer({ status: 503, perSecond: 100, closedForMs: 0 });
    const { code, statuses, stderr } = await importInto(server.url, 300);
    expect(code).toBe(0);
    expect(statuses).toEqual(Array.from({ length: 300 }, () => 'ok'));
    expect(stderr).toContain(`0 answered 429, ${server.refusedAt.length} answered 503).`);
    // Only the requests in flight when a window runs out, and the probes of the first hold, are refused. Before 503
    // was read as a limit, each refused row was sent again after its back-off alone: about 40% were refused.
    const share = server.refusedAt.length / (server.refusedAt.length + server.acceptedAt.length);
    expect(share).toBeLessThan(0.2);
  });

  it.each([429, 503] as const)('refused with %i for the first 2 s: the rows go as soon as it takes them, not at the rate of the refusals', async (status) => {
    server = await startRefusingServer({ status, perSecond: 10_000, closedForMs: 2_000 });
    const { code, statuses } = await importInto(server.url, 100);
    expect(code).toBe(0);
    expect(statuses).toEqual(Array.from({ length: 100 }, () => 'ok'));
    // Nothing was accepted before it opened, so the hold says nothing of a rate. The run used to resume at its floor
    // of one request every 2 s, each of the 32 requests waiting keeping the slot it reserved at that rate: the last
    // of 100 rows went about 45 s after it opened.
    expect(Math.max(...server.acceptedAt) - 2_000).toBeLessThan(1_500);
  });
});
