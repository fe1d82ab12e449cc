import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../support/loopback-server.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';
import { runCliCaught } from '../../support/run-cli-caught.js';
import { ORG } from './helpers.js';

/**
 * An API that starts redirecting after the run's pre-flight (a maintenance page, a load balancer sending to a login
 * page that quotes the token back): redirects are never followed, and the row says where it pointed and what to do.
 */

const SECRET = 'eyJhbGciOiJIUzI1NiJ9.redirect-secret';
const PHONE = '+14155552671';

let server: LoopbackServer | undefined;
let dir: string;
const seen: string[] = [];

beforeEach(async () => {
  dir = await tempDir();
  seen.length = 0;
  server = await startLoopbackServer((req, res) => {
    seen.push(req.url ?? '');
    if (seen.length === 1) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      return;
    }
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    // A return link quotes the token as a URL does: percent-encoded (the same text for a JWT, not for base64's + / =).
    res.writeHead(302, { location: `https://login.elsewhere.example/sso?back=${encodeURIComponent(token)}`, 'content-type': 'text/html' }).end('<html>Moved</html>');
  });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a redirect in the middle of a run', () => {
  it.each([
    ['export', (input: string) => ['--out', join(input, '..', 'out.csv')], 'out.csv'],
    ['verify', () => [], 'in.verify.csv'],
  ])('%s: the row fails HTTP_302 naming where it pointed, with advice to retry, never the token', async (command, extra, results) => {
    const input = await writeTemp('in.csv', csv(['crm_id', 'phone_number', 'opt_in_date'], [['CRM-1', PHONE, '2024-01-15']]), dir);
    const run = await runCli([command, input, ...extra(input), '--base-url', server!.url, '--org', ORG, '--quiet'], { env: { SALESCHAT_TOKEN: SECRET } });
    const [row] = await readCsv(join(dir, results));
    expect(run.code).toBe(1);
    expect(row).toMatchObject({ status: 'failed', error_code: 'HTTP_302' });
    expect(row!['error_message']).toBe(
      'HTTP 302 - the API redirected to https://login.elsewhere.example/sso?back=[redacted], which this tool does not follow (the token is sent to --base-url only): check --base-url, or try again later',
    );
    expect(run.stderr).not.toContain('fix them in the input');
    expect(run.stderr).toMatch(/To retry the 1 row that failed for a reason another try can fix \(1 HTTP_302\)/);
    expect(seen).toHaveLength(2);
    expect(run.stderr + run.stdout + (await readFile(join(dir, results), 'utf8'))).not.toContain(SECRET);
  });

  it('an opaque token with + / = quoted back percent-encoded is redacted in that form too', async () => {
    const opaque = 'opaque+SECRET/token==';
    const input = await writeTemp('in.csv', csv(['crm_id', 'phone_number', 'opt_in_date'], [['CRM-1', PHONE, '2024-01-15']]), dir);
    const run = await runCli(['export', input, '--out', join(dir, 'out.csv'), '--base-url', server!.url, '--org', ORG, '--quiet'], { env: { SALESCHAT_TOKEN: opaque } });
    const [row] = await readCsv(join(dir, 'out.csv'));
    expect(run.code).toBe(1);
    expect(row!['error_message']).toContain('https://login.elsewhere.example/sso?back=[redacted],');
    expect(run.stderr + run.stdout + (await readFile(join(dir, 'out.csv'), 'utf8'))).not.toContain('SECRET');
  });

  it('the same at the pre-flight: the check before the first row names the redirect without the encoded token', async () => {
    const opaque = 'opaque+SECRET/token==';
    seen.push('the pre-flight is redirected too');
    const input = await writeTemp('in.csv', csv(['phone_number'], [[PHONE]]), dir);
    const run = await runCliCaught(['export', input, '--out', join(dir, 'out.csv'), '--base-url', server!.url, '--org', ORG, '--quiet'], { env: { SALESCHAT_TOKEN: opaque } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a redirect (HTTP 302) to https://login.elsewhere.example/sso?back=[redacted]');
    expect(run.stderr).not.toContain('SECRET');
  });
});
