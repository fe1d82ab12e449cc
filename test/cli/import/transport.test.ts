import { createServer as createHttpServer, request as httpRequest } from 'node:http';
import { createServer as createTlsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { existsSync } from 'node:fs';
import { MAX_ANSWER_BYTES } from '../../../src/api/http-exchange.js';
import { streamPaddedJson } from '../../support/padded-body.js';
import { healthyAtFirst, type Front } from '../../support/preflight.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';
import { runCliCaught } from '../../support/run-cli-caught.js';
import { spawnCli } from '../../support/spawn-cli.js';

/** A self-signed certificate for 127.0.0.1, valid until 2126: the HTTPS the real API speaks, on loopback. */
const TLS_DIR = fileURLToPath(new URL('../../fixtures/tls', import.meta.url));
const ORG = 'org-transport';

let sandbox: Sandbox;
let front: Server | undefined;
/** Answers the run's pre-flight as a healthy API, so that the rows meet what is behind it. */
let preflightFront: Front | undefined;
let dir: string;
/** Closes a ten-line API a test started. */
let closeApi: (() => Promise<void>) | undefined;

function rows(count: number): (string | number)[][] {
  return Array.from({ length: count }, (_, i) => [`T-${i}`, `+1415555${String(3000 + i)}`, '2024-05-01', `First${i}`]);
}

async function input(count: number): Promise<string> {
  return writeTemp('contacts.csv', csv(['crm_id', 'phone_number', 'opt_in_date', 'first_name'], rows(count)), dir);
}

/** An HTTPS server with the test certificate that hands every request on to the sandbox. */
async function startTlsFront(target: string): Promise<string> {
  const [key, cert] = await Promise.all([readFile(join(TLS_DIR, 'key.pem')), readFile(join(TLS_DIR, 'cert.pem'))]);
  front = createTlsServer({ key, cert }, (incoming, outgoing) => {
    const upstream = httpRequest(new URL(incoming.url ?? '/', target), { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => front!.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(front.address() as AddressInfo).port}`;
}

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  front?.closeAllConnections();
  await new Promise((resolve) => (front ? front.close(resolve) : resolve(undefined)));
  front = undefined;
  await preflightFront?.close();
  preflightFront = undefined;
  await closeApi?.();
  closeApi = undefined;
  await sandbox?.close();
});

describe('import: the connection to the API', () => {
  it('imports over HTTPS when the certificate is trusted (NODE_EXTRA_CA_CERTS, as behind a corporate proxy)', async () => {
    sandbox = await startSandbox({ port: 0 });
    const url = await startTlsFront(sandbox.url);
    const file = await input(20);
    const run = await spawnCli(['import', file, '--base-url', url, '--org', ORG, '--quiet'], {
      env: { SALESCHAT_TOKEN: sandbox.token, NODE_EXTRA_CA_CERTS: join(TLS_DIR, 'cert.pem') },
    });
    expect(run.stderr).toContain('20 ok');
    expect(run.code).toBe(0);
    expect(sandbox.store.count()).toBe(20);
  });

  it('an untrusted certificate stops the run at its pre-flight: exit 2, no results file, a message that says what to do', async () => {
    sandbox = await startSandbox({ port: 0 });
    const url = await startTlsFront(sandbox.url);
    const file = await input(3);
    const run = await spawnCli(['import', file, '--base-url', url, '--org', ORG, '--quiet'], { env: { SALESCHAT_TOKEN: sandbox.token } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/certificate is not trusted \(\w*SELF_SIGNED\w*\).*NODE_EXTRA_CA_CERTS/);
    expect(existsSync(join(dir, 'contacts.results.csv'))).toBe(false);
    expect(sandbox.stats().requests).toBe(0);
  });

  it('an API that answers too slowly: each try is cut at --timeout, retried, then the row fails TIMEOUT', async () => {
    sandbox = await startSandbox({ port: 0, latencyMs: 2_000 });
    preflightFront = await healthyAtFirst(sandbox.url);
    const file = await input(2);
    const run = await runCli(['import', file, '--base-url', preflightFront.url, '--org', ORG, '--quiet', '--timeout', '0.2', '--retries', '1'], {
      env: { SALESCHAT_TOKEN: sandbox.token },
    });
    const results = await readCsv(join(dir, 'contacts.results.csv'));
    expect(results.map((row) => [row['status'], row['error_code'], row['attempts'], row['http_status']])).toEqual(Array(2).fill(['failed', 'TIMEOUT', '2', '']));
    expect(run.code).toBe(1);
  });

  it('an answer past the size cap fails its row UNEXPECTED_RESPONSE at once, read no further; the other rows go on', async () => {
    let creates = 0;
    const api = createHttpServer((request, response) => {
      const body: Buffer[] = [];
      request.on('data', (chunk: Buffer) => body.push(chunk));
      request.on('end', () => {
        if (request.method === 'GET') return void response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
        creates += 1;
        const crmId = (JSON.parse(Buffer.concat(body).toString()) as { crm_id: string }).crm_id;
        response.writeHead(200, { 'content-type': 'application/json' });
        // A usable create answer padded past the cap: read whole, the row would be ok.
        if (crmId === 'T-1') streamPaddedJson(response, 3 * MAX_ANSWER_BYTES, '{"id":"c-big"', '}');
        else response.end(JSON.stringify({ id: `c-${crmId}` }));
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    closeApi = () => new Promise<void>((resolve) => {
      api.closeAllConnections();
      api.close(() => resolve());
    });
    const file = await input(3);
    const run = await runCli(['import', file, '--base-url', `http://127.0.0.1:${(api.address() as AddressInfo).port}`, '--org', ORG, '--quiet'], {
      env: { SALESCHAT_TOKEN: 'token-size-cap' },
    });
    const results = await readCsv(join(dir, 'contacts.results.csv'));
    expect(results.map((row) => [row['crm_id'], row['status'], row['error_code'], row['http_status'], row['attempts']])).toEqual([
      ['T-0', 'ok', '', '200', '1'],
      ['T-1', 'failed', 'UNEXPECTED_RESPONSE', '200', '1'],
      ['T-2', 'ok', '', '200', '1'],
    ]);
    expect(results[1]!['error_message']).toContain('the API\'s answer (HTTP 200) was larger than 8 MB');
    expect(creates).toBe(3);
    expect(run.code).toBe(1);
  });

  it('an API nobody listens on stops the run at its pre-flight: exit 2 naming ECONNREFUSED and --base-url, at once, no results file', async () => {
    sandbox = await startSandbox({ port: 0 });
    const url = sandbox.url;
    await sandbox.close();
    const file = await input(6);
    const started = performance.now();
    const run = await runCliCaught(['import', file, '--base-url', url, '--org', ORG, '--quiet', '--retries', '1', '--max-errors', '3', '--concurrency', '1'], {
      env: { SALESCHAT_TOKEN: 'any' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/ECONNREFUSED.*--base-url/);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(existsSync(join(dir, 'contacts.results.csv'))).toBe(false);
  });

  it('an API that stops answering after the pre-flight: rows fail NETWORK_ERROR, and --max-errors stops the run', async () => {
    sandbox = await startSandbox({ port: 0 });
    const url = sandbox.url;
    await sandbox.close();
    preflightFront = await healthyAtFirst(url);
    const file = await input(6);
    const run = await runCli(['import', file, '--base-url', preflightFront.url, '--org', ORG, '--quiet', '--retries', '1', '--max-errors', '3', '--concurrency', '1'], {
      env: { SALESCHAT_TOKEN: 'any' },
    });
    const results = await readCsv(join(dir, 'contacts.results.csv'));
    expect(results).toHaveLength(6);
    expect(results[0]).toMatchObject({ status: 'failed', error_code: 'NETWORK_ERROR', attempts: '2' });
    expect(results.at(-1)).toMatchObject({ status: 'skipped', error_code: 'ABORTED' });
    expect(run.code).toBe(3);
  });
});
