import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../support/run-cli.js';
import { runCliCaught } from '../support/run-cli-caught.js';
import { PREFLIGHT_REQUESTS } from '../support/preflight.js';
import { spawnCli } from '../support/spawn-cli.js';

const ORG = 'org-verify';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'last_name'];
const VERIFY_COLUMNS = ['row', 'crm_id', 'phone_number', 'status', 'contact_id', 'differences', 'error_code', 'error_message', 'line'];

let sandbox: Sandbox | undefined;
let server: Server | undefined;
let dir: string;

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

const phone = (i: number) => `+1415555${String(4000 + i).padStart(4, '0')}`;
const rows = (count: number) => Array.from({ length: count }, (_, i) => [`C-${i}`, phone(i), '2024-03-15', `First${i}`, `Last${i}`]);

/** `saleschat-bulk <command> <input> ...` against the sandbox. */
function run(command: 'import' | 'verify', input: string, args: string[] = [], target = sandbox!) {
  return runCli([command, input, '--base-url', target.url, '--org', ORG, '--quiet', ...args], { env: { SALESCHAT_TOKEN: target.token } });
}

/** Changes a contact inside SalesChat, behind the tool's back: the API's own update, sent straight to the sandbox. */
async function changeInSalesChat(id: string, body: Record<string, string>): Promise<void> {
  const response = await fetch(`${sandbox!.url}/v1/orgs/${ORG}/contact/${id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${sandbox!.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

/** Imports `text` as contacts.csv; returns its path and the import's results rows. */
async function imported(text: string) {
  const input = await writeTemp('contacts.csv', text, dir);
  const done = await run('import', input);
  expect(done.code).toBe(0);
  return { input, results: await readCsv(join(dir, 'contacts.results.csv')) };
}

describe('verify after an import', () => {
  it('finds every row as imported: match, exit 0, results in <input>.verify.csv in input order', async () => {
    sandbox = await startSandbox({ port: 0, latencyMs: 5, seed: 1 });
    const { input, results } = await imported(csv(HEADER, rows(40)));
    const verified = await run('verify', input, ['--concurrency', '8']);
    expect(verified.code).toBe(0);
    const text = await readFile(join(dir, 'contacts.verify.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe(VERIFY_COLUMNS.join(','));
    const out = await readCsv(join(dir, 'contacts.verify.csv'));
    expect(out.map((r) => [r['row'], r['crm_id'], r['status'], r['contact_id'], r['line']])).toEqual(
      results.map((r, i) => [String(i + 1), `C-${i}`, 'match', r['contact_id'], String(i + 2)]),
    );
    expect(verified.stderr).toContain('verify finished: 40 rows');
    expect(verified.stderr).toContain('status: 40 match.');
    // verify reads only: no "action:" line, as import has.
    expect(verified.stderr).not.toContain('action:');
  });

  it('compares dates as instants: the same moment written otherwise matches', async () => {
    sandbox = await startSandbox({ port: 0, dates: 'epoch' });
    const { input } = await imported(csv(HEADER, [['A', phone(1), '2024-03-15T10:00:00Z', 'Ann', '']]));
    const other = await writeTemp('other.csv', csv(HEADER, [['A', phone(1), '2024-03-15T12:00:00+02:00', 'Ann', '']]), dir);
    expect((await run('verify', input)).code).toBe(0);
    expect((await run('verify', other)).code).toBe(0);
  });
});

describe('verify as a user runs it (the built binary)', () => {
  it('reads standard input, writes the results to standard output and the figures to --summary-json', async () => {
    sandbox = await startSandbox({ port: 0 });
    const { input } = await imported(csv(HEADER, rows(2)));
    const summary = join(dir, 'summary.json');
    const verified = await spawnCli(['verify', '-', '--results', '-', '--summary-json', summary, '--base-url', sandbox.url, '--org', ORG], {
      env: { SALESCHAT_TOKEN: sandbox.token },
      stdin: await readFile(input),
    });
    expect(verified.code).toBe(0);
    expect(verified.stdout.trim().split('\n').map((line) => line.split(',').slice(0, 4).join(','))).toEqual(['row,crm_id,phone_number,status', `1,C-0,${phone(0)},match`, `2,C-1,${phone(1)},match`]);
    expect(verified.stderr).toContain('Reading contacts back from');
    const figures = JSON.parse(await readFile(summary, 'utf8')) as Record<string, unknown>;
    expect(figures).toMatchObject({ command: 'verify', outcome: 'finished', exit_code: 0, rows: 2, requests: 2 });
    expect(figures['status']).toEqual({ match: 2, missing: 0, differs: 0, invalid: 0, duplicate: 0, failed: 0, skipped: 0 });
  });
});

describe('verify after contacts changed inside SalesChat', () => {
  it('names the fields that differ with both values, exit 1; the next import sends them again; then all match', async () => {
    sandbox = await startSandbox({ port: 0 });
    const { input, results } = await imported(csv(HEADER, rows(3)));
    const id = (i: number) => results[i]!['contact_id']!;
    await changeInSalesChat(id(0), { crm_id: 'C-0', first_name: 'Renamed', last_name: 'Last0' });
    await changeInSalesChat(id(2), { crm_id: 'C-2-elsewhere', first_name: 'First2', last_name: 'Last2' });

    const verified = await run('verify', input);
    expect(verified.code).toBe(1);
    const out = await readCsv(join(dir, 'contacts.verify.csv'));
    expect(out.map((r) => [r['status'], r['contact_id'], r['differences'], r['error_code'], r['error_message']])).toEqual([
      ['differs', id(0), 'first_name', 'CONTACT_DIFFERS', 'first_name: file "First0", SalesChat "Renamed"'],
      ['match', id(1), '', '', ''],
      // Found by the id the sync state recorded for C-2: its crm_id is what changed.
      ['differs', id(2), 'crm_id', 'CONTACT_DIFFERS', 'crm_id: file "C-2", SalesChat "C-2-elsewhere"'],
    ]);
    expect(verified.stderr).toContain('status: 1 match, 2 differs.');
    expect(verified.stderr).toContain('Sync state: 2 contacts marked drifted');

    const again = await run('import', input);
    expect(again.code).toBe(0);
    const sent = await readCsv(join(dir, 'contacts.results.csv'));
    expect(sent.map((r) => [r['action'], r['contact_id']])).toEqual([['updated', id(0)], ['unchanged', id(1)], ['updated', id(2)]]);

    expect((await run('verify', input)).code).toBe(0);
    expect((await readCsv(join(dir, 'contacts.verify.csv'))).map((r) => r['status'])).toEqual(['match', 'match', 'match']);
  });

  it('a row never imported, or whose crm_id the number no longer holds, is missing: saying what it holds instead', async () => {
    sandbox = await startSandbox({ port: 0 });
    const { results } = await imported(csv(HEADER, rows(2)));
    await changeInSalesChat(results[1]!['contact_id']!, { crm_id: 'C-1-moved' });
    const input = await writeTemp('check.csv', csv(HEADER, [...rows(2), ['NEW', phone(9), '2024-03-15', '', '']]), dir);
    const verified = await run('verify', input, ['--no-state']);
    expect(verified.code).toBe(1);
    const out = await readCsv(join(dir, 'check.verify.csv'));
    expect(out.map((r) => [r['crm_id'], r['status'], r['error_code'], r['error_message']])).toEqual([
      ['C-0', 'match', '', ''],
      ['C-1', 'missing', 'CONTACT_NOT_FOUND', `No contact on ${phone(1)} has crm_id "C-1": the number holds crm_id "C-1-moved" (contact ${results[1]!['contact_id']}).`],
      ['NEW', 'missing', 'CONTACT_NOT_FOUND', `SalesChat has no contact on ${phone(9)}.`],
    ]);
    expect(verified.stderr).toContain('--no-state');
  });

  it('contacts deleted inside SalesChat are missing and forgotten in the sync state: the next import creates them again', async () => {
    sandbox = await startSandbox({ port: 0 });
    const { input } = await imported(csv(HEADER, rows(2)));
    // The sandbox's own reset: every contact gone, as if deleted inside SalesChat.
    expect((await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' })).status).toBe(200);
    const verified = await run('verify', input);
    expect(verified.code).toBe(1);
    expect((await readCsv(join(dir, 'contacts.verify.csv'))).map((r) => r['status'])).toEqual(['missing', 'missing']);
    expect(verified.stderr).toContain('Sync state: 2 crm_ids forgotten');
    expect((await run('import', input)).code).toBe(0);
    expect((await readCsv(join(dir, 'contacts.results.csv'))).map((r) => r['action'])).toEqual(['created', 'created']);
    expect((await run('verify', input)).code).toBe(0);
  });
});

describe('verify: rows not looked up, and the rejects file', () => {
  it('invalid and duplicate rows as validate says them; --rejects holds the rows that did not match, as they came in', async () => {
    sandbox = await startSandbox({ port: 0 });
    const header = ['CRM ID', 'Phone', 'Opt-In Date', 'First Name', 'Notes'];
    const { results } = await imported(csv(HEADER, rows(2)));
    await changeInSalesChat(results[1]!['contact_id']!, { crm_id: 'C-1', first_name: 'Changed' });
    const input = await writeTemp(
      'mixed.csv',
      csv(header, [['C-0', phone(0), '2024-03-15', 'First0', 'a'], ['C-1', phone(1), '2024-03-15', 'First1', 'b'], ['C-0', phone(0), '2024-03-15', 'Again', 'c'], ['C-3', 'nope', '2024-03-15', '', 'd']]),
      dir,
    );
    const rejects = join(dir, 'to-send.csv');
    const verified = await run('verify', input, ['--rejects', rejects]);
    expect(verified.code).toBe(1);
    const out = await readCsv(join(dir, 'mixed.verify.csv'));
    expect(out.map((r) => [r['row'], r['status'], r['error_code']])).toEqual([
      ['1', 'match', ''],
      ['2', 'differs', 'CONTACT_DIFFERS'],
      ['3', 'duplicate', 'DUPLICATE_CRM_ID'],
      ['4', 'invalid', 'PHONE_INVALID'],
    ]);
    const lines = (await readFile(rejects, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe([...header, 'error_code', 'error_message'].join(','));
    expect(lines.slice(1)).toEqual([
      `C-1,${phone(1)},2024-03-15,First1,b,CONTACT_DIFFERS,"first_name: file ""First1"", SalesChat ""Changed"""`,
      expect.stringMatching(/^C-3,nope,2024-03-15,,d,PHONE_INVALID,/),
    ]);
    // Fed back to import as it is, the rows go again (the invalid one stays invalid).
    const again = await runCli(['import', rejects, '--base-url', sandbox.url, '--org', ORG, '--quiet'], { env: { SALESCHAT_TOKEN: sandbox.token } });
    expect((await readCsv(join(dir, 'to-send.results.csv'))).map((r) => [r['status'], r['action']])).toEqual([['ok', 'updated'], ['invalid', 'none']]);
    expect(again.code).toBe(1);
  });

  it('a refused token stops it before any row is read (exit 3), with no results file', async () => {
    sandbox = await startSandbox({ port: 0 });
    const input = await writeTemp('contacts.csv', csv(HEADER, rows(3)), dir);
    const refused = await runCliCaught(['verify', input, '--base-url', sandbox.url, '--org', ORG], { env: { SALESCHAT_TOKEN: 'not-the-token' } });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('nothing sent');
    expect(sandbox.stats().requests).toBe(PREFLIGHT_REQUESTS);
    expect(existsSync(join(dir, 'contacts.verify.csv'))).toBe(false);
  });

  it('refuses a results path that is the input, before any look-up (exit 2)', async () => {
    sandbox = await startSandbox({ port: 0 });
    const input = await writeTemp('contacts.csv', csv(HEADER, rows(1)), dir);
    const refused = await runCliCaught(['verify', input, '--results', input, '--base-url', sandbox.url, '--org', ORG], { env: { SALESCHAT_TOKEN: sandbox.token } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('same file as the input file');
    expect(sandbox.stats().requests).toBe(0);
  });
});

/** A server healthy for the pre-flight, then answering every request 500, as SalesChat's gateway might. */
async function failingServer(): Promise<{ url: string; token: string; requests: () => number }> {
  let count = 0;
  server = createServer((_request, response) => {
    count += 1;
    if (count <= PREFLIGHT_REQUESTS) response.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    else response.writeHead(500, { 'content-type': 'text/html' }).end('<h1>Internal Server Error</h1>');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: 'any-token', requests: () => count };
}

describe('verify: failed look-ups', () => {
  it('a look-up that fails for good is a failed row with its error code: exit 1', async () => {
    const target = await failingServer();
    const input = await writeTemp('contacts.csv', csv(HEADER, rows(3)), dir);
    const verified = await run('verify', input, ['--retries', '0', '--no-state'], target as unknown as Sandbox);
    expect(verified.code).toBe(1);
    const out = await readCsv(join(dir, 'contacts.verify.csv'));
    expect(out.map((r) => [r['crm_id'], r['status'], r['error_code']])).toEqual([0, 1, 2].map((i) => [`C-${i}`, 'failed', 'HTTP_500']));
    expect(target.requests()).toBe(PREFLIGHT_REQUESTS + 3);
  });

  it('--max-errors failures in a row abort with exit 3: the rest are skipped (ABORTED), one results row each', async () => {
    const target = await failingServer();
    const input = await writeTemp('contacts.csv', csv(HEADER, rows(20)), dir);
    const verified = await run('verify', input, ['--retries', '0', '--no-state', '--max-errors', '2', '--concurrency', '1'], target as unknown as Sandbox);
    expect(verified.code).toBe(3);
    const out = await readCsv(join(dir, 'contacts.verify.csv'));
    expect(out).toHaveLength(20);
    expect(out.slice(0, 2).map((r) => r['status'])).toEqual(['failed', 'failed']);
    expect(out.slice(3).every((r) => r['status'] === 'skipped' && r['error_code'] === 'ABORTED')).toBe(true);
    expect(target.requests()).toBeLessThanOrEqual(PREFLIGHT_REQUESTS + 3);
    expect(verified.stderr).toContain('Aborted');
  });
});
