import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../support/loopback-server.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';
import { ORG } from './helpers.js';

/**
 * A read quota used up after the pre-flight: every look-up answered 429 with a Retry-After of an hour. export and
 * verify stop with exit 3, as import does, but their words must not send the user to --resume, which neither takes.
 */

let server: LoopbackServer | undefined;
let dir: string;

beforeEach(async () => {
  dir = await tempDir();
  let seen = 0;
  server = await startLoopbackServer((_req, res) => {
    seen += 1;
    if (seen === 1) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      return;
    }
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3600' }).end('{"error_message":"hourly quota exceeded"}');
  });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('export and verify when SalesChat asks to wait longer than the tool waits', () => {
  it.each([
    ['export', (input: string) => ['--out', join(input, '..', 'out.csv')], 'out.csv'],
    ['verify', () => [], 'in.verify.csv'],
  ])('%s: exit 3, and every word says to run again later, none names --resume', async (command, extra, results) => {
    const rows = Array.from({ length: 5 }, (_, i) => [`CRM-${i}`, `+1415558${String(i).padStart(4, '0')}`, '2024-05-01']);
    const input = await writeTemp('in.csv', csv(['crm_id', 'phone_number', 'opt_in_date'], rows), dir);
    const run = await runCli([command, input, ...extra(input), '--base-url', server!.url, '--org', ORG, '--concurrency', '1'], { env: { SALESCHAT_TOKEN: 'token' } });
    const written = await readCsv(join(dir, results));
    expect(run.code).toBe(3);
    expect(written).toHaveLength(5);
    expect(written[0]!['error_message']).toContain('longer than the 120 s this tool waits: run again later');
    expect(run.stderr).toContain('Aborted: the API asked to wait 3600 s before trying again (Retry-After), longer than the 120 s this tool waits: run again later.');
    expect(JSON.stringify(written) + run.stderr).not.toContain('--resume');
  });
});
