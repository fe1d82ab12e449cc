import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../support/loopback-server.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';

/**
 * A quota used up for the day: every write answered 429 with a Retry-After of a day (the check's look-up is answered,
 * as a read quota may still have room). A ten-line server, not the sandbox, whose limits reset every second.
 */
async function startQuotaUsedUpServer(retryAfter: string): Promise<LoopbackServer & { writes: () => number }> {
  let writes = 0;
  const server = await startLoopbackServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      return;
    }
    writes += 1;
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': retryAfter }).end('{"error_message":"daily quota exceeded"}');
  });
  return { ...server, writes: () => writes };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('import when SalesChat asks to wait longer than the tool waits', () => {
  it('stops at once with exit 3, the rows not sent skipped, and says to run again later with --resume', async () => {
    const server = await startQuotaUsedUpServer('86400');
    close = () => server.close();
    const dir = await tempDir();
    const rows = Array.from({ length: 100 }, (_, i) => [`CRM-${i}`, `+1415558${String(i).padStart(4, '0')}`, '2024-05-01']);
    const input = await writeTemp('contacts.csv', csv(['crm_id', 'phone_number', 'opt_in_date'], rows), dir);
    const results = join(dir, 'contacts.results.csv');
    const started = performance.now();
    const { code, stderr } = await runCli(['import', input, '--base-url', server.url, '--org', 'org-quota', '--concurrency', '8', '--results', results], {
      env: { SALESCHAT_TOKEN: 'token' },
    });
    // Before, every row waited for the throttle's one probe every 120 s: hours, then rows failed one by one.
    expect((performance.now() - started) / 1000).toBeLessThan(10);
    expect(code).toBe(3);
    const written = await readCsv(results);
    expect(written).toHaveLength(100);
    const failed = written.filter((row) => row['status'] === 'failed');
    const skipped = written.filter((row) => row['status'] === 'skipped');
    // Only what was on the wire when the first answer came was sent.
    expect(failed.length).toBe(server.writes());
    expect(failed.length).toBeLessThanOrEqual(8);
    expect(failed.every((row) => row['error_code'] === 'RATE_LIMITED' && row['error_message']!.includes('asked to wait 86400 s'))).toBe(true);
    expect(skipped).toHaveLength(100 - failed.length);
    expect(skipped.every((row) => row['error_code'] === 'ABORTED' && row['error_message']!.includes('run again later with --resume'))).toBe(true);
    expect(stderr).toContain('Aborted: the API asked to wait 86400 s before trying again (Retry-After), longer than the 120 s this tool waits');
  });
});
