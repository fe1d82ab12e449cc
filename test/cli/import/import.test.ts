import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { healthyAtFirst } from '../../support/preflight.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';
import { runCliCaught } from '../../support/run-cli-caught.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ORG = 'org-test';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'last_name', 'stage', 'disposition', 'user_id', 'additional.campaign'];

function phone(i: number): string {
  return `+1415555${String(2000 + i).padStart(4, '0')}`;
}

function contacts(count: number, extra: (i: number) => (string | number)[] = () => ['', '', '', '']): (string | number)[][] {
  return Array.from({ length: count }, (_, i) => [`CRM-${i}`, phone(i), '2024-05-01', `First${i}`, `Last${i}`, ...extra(i)]);
}

let sandbox: Sandbox;
let dir: string;

async function importFile(rows: (string | number)[][], args: string[] = [], header = HEADER, options: { signal?: AbortSignal; token?: string; baseUrl?: string } = {}) {
  const input = await writeTemp('contacts.csv', csv(header, rows), dir);
  const results = join(dir, 'contacts.results.csv');
  const run = await runCliCaught(['import', input, '--base-url', options.baseUrl ?? sandbox.url, '--org', ORG, '--quiet', ...args], {
    env: { SALESCHAT_TOKEN: options.token ?? sandbox.token },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { ...run, results: await readCsv(results).catch(() => []), input, resultsPath: results };
}

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await sandbox?.close();
});

describe('import: steps and modes', () => {
  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  it('upsert creates new contacts, then disposition and assign, and reports each step', async () => {
    const rows = contacts(3, (i) => (i === 0 ? ['Qualified', 'Interested', 'user-2', 'spring'] : ['', '', '', '']));
    const { code, results } = await importFile(rows);
    expect(code).toBe(0);
    expect(results.map((r) => [r['row'], r['status'], r['action'], r['disposition'], r['assign']])).toEqual([
      ['1', 'ok', 'created', 'ok', 'ok'],
      ['2', 'ok', 'created', '', ''],
      ['3', 'ok', 'created', '', ''],
    ]);
    const stored = sandbox.store.get(results[0]!['contact_id']!);
    expect(stored).toMatchObject({ crmId: 'CRM-0', phone: phone(0), stage: 'Qualified', disposition: 'Interested', assignment: { kind: 'user', id: 'user-2' } });
    expect(stored?.additionalFields).toEqual({ campaign: 'spring' });
    expect(results[0]!['attempts']).toBe('3');
  });

  it('upsert updates a contact that exists (409 -> find by phone -> update)', async () => {
    await importFile(contacts(2));
    const renamed = contacts(2).map((row) => [...row.slice(0, 3), 'Renamed', ...row.slice(4)]);
    const { code, results } = await importFile(renamed);
    expect(code).toBe(0);
    expect(results.map((r) => r['action'])).toEqual(['updated', 'updated']);
    expect(sandbox.store.listByOrg(ORG).map((c) => c.firstName)).toEqual(['Renamed', 'Renamed']);
    expect(sandbox.store.count()).toBe(2);
  });

  it('create mode leaves an existing contact as it is: action exists', async () => {
    await importFile(contacts(1));
    const { code, results } = await importFile(contacts(1).map((row) => [...row.slice(0, 3), 'Other', ...row.slice(4)]), ['--mode', 'create']);
    expect(code).toBe(0);
    expect(results[0]).toMatchObject({ status: 'ok', action: 'exists' });
    expect(sandbox.store.listByOrg(ORG)[0]?.firstName).toBe('First0');
  });

  it('update mode uses contact_id, else finds by phone and crm_id, else CONTACT_NOT_FOUND', async () => {
    const first = await importFile(contacts(2));
    const id = first.results[0]!['contact_id']!;
    const header = ['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'contact_id'];
    const { code, results } = await importFile(
      [
        ['CRM-0', phone(0), '2024-05-01', 'ById', id],
        ['CRM-1', phone(1), '2024-05-01', 'ByLookup', ''],
        ['CRM-404', phone(9), '2024-05-01', 'Nobody', ''],
      ],
      ['--mode', 'update'],
      header,
    );
    expect(code).toBe(1);
    expect(results.map((r) => [r['status'], r['action'], r['error_code']])).toEqual([
      ['ok', 'updated', ''],
      ['ok', 'updated', ''],
      ['failed', 'none', 'CONTACT_NOT_FOUND'],
    ]);
    expect(sandbox.store.get(id)?.firstName).toBe('ById');
  });

  it('a crm_id held under another phone number fails with a message that says what to do', async () => {
    await importFile(contacts(1));
    const { results } = await importFile([['CRM-0', phone(7), '2024-05-01', 'X', 'Y', '', '', '', '']]);
    expect(results[0]).toMatchObject({ status: 'failed', error_code: 'CONTACT_NOT_FOUND', http_status: '200' });
    expect(results[0]!['error_message']).toContain('--mode update');
  });

  it('sends the phone as the PhoneNumber object by default, or as E.164 with --phone-format e164', async () => {
    for (const format of ['object', 'e164']) {
      const { code } = await importFile(contacts(1).map((row) => [`${format}-1`, ...row.slice(1)]), ['--phone-format', format]);
      expect(code).toBe(0);
    }
    expect(sandbox.store.listByOrg(ORG).map((c) => c.phone)).toEqual([phone(0), phone(0)]);
  });

  it('an assign to an unknown user fails the row but keeps the created contact', async () => {
    const { code, results } = await importFile(contacts(1, () => ['', '', 'user-99', '']));
    expect(code).toBe(1);
    expect(results[0]).toMatchObject({ status: 'failed', action: 'created', assign: 'failed', http_status: '404' });
    expect(results[0]!['contact_id']).not.toBe('');
  });

  it('--dry-run sends nothing and writes the plan of each row', async () => {
    const { code, results } = await importFile(contacts(2, (i) => (i ? ['Lead', '', 'user-1', ''] : ['', '', '', ''])), ['--dry-run']);
    expect(code).toBe(0);
    expect(sandbox.stats().requests).toBe(0);
    expect(results.map((r) => [r['status'], r['plan']])).toEqual([
      ['skipped', 'create, or update if it exists'],
      ['skipped', 'create, or update if it exists; disposition; assign'],
    ]);
  });

  it('invalid and duplicate rows are reported, not sent, and every row appears once in order', async () => {
    const rows = [...contacts(2), ['CRM-0', phone(0), '2024-05-01', 'Dup', 'Dup', '', '', '', ''], ['', 'bad', 'never', '', '', '', '', '', '']];
    const { code, results } = await importFile(rows);
    expect(code).toBe(1);
    expect(results.map((r) => [r['row'], r['status']])).toEqual([
      ['1', 'ok'],
      ['2', 'ok'],
      ['3', 'duplicate'],
      ['4', 'invalid'],
    ]);
    expect(sandbox.stats().byOperation['registerContactV2']).toEqual({ '200': 2 });
  });
});

describe('import: failures, retries and limits', () => {
  it('a create stored but answered 500 or dropped resolves to the contact that exists: no duplicate', async () => {
    sandbox = await startSandbox({ port: 0, failAfterCommit: 0.5, seed: 7 });
    const { code, results } = await importFile(contacts(40), ['--concurrency', '8']);
    expect(code).toBe(0);
    expect(results.every((r) => r['status'] === 'ok')).toBe(true);
    expect(new Set(results.map((r) => r['action']))).toEqual(new Set(['created', 'updated']));
    expect(sandbox.store.count()).toBe(40);
    const stats = sandbox.stats();
    expect(stats.serverErrors + stats.droppedConnections).toBeGreaterThan(5);
  });

  it('a rate-limited API: every row still ends ok, with few 429s', async () => {
    sandbox = await startSandbox({ port: 0, rateLimit: 50 });
    const { code, results, stderr } = await importFile(contacts(120), ['--concurrency', '16']);
    expect(code).toBe(0);
    expect(results.filter((r) => r['status'] === 'ok')).toHaveLength(120);
    expect(sandbox.stats().rateLimited).toBeLessThan(40);
    expect(stderr).toMatch(/answered 429/);
  });

  it('random 500s are retried until they succeed', async () => {
    sandbox = await startSandbox({ port: 0, failRate: 0.2, seed: 3 });
    const { code, results } = await importFile(contacts(30), ['--retries', '8']);
    expect(code).toBe(0);
    expect(results.some((r) => Number(r['attempts']) > 1)).toBe(true);
    expect(sandbox.store.count()).toBe(30);
  });

  it('results stay in input order under random latency', async () => {
    sandbox = await startSandbox({ port: 0, latencyMs: 15, seed: 11 });
    const { results } = await importFile(contacts(60), ['--concurrency', '12']);
    expect(results.map((r) => r['crm_id'])).toEqual(contacts(60).map((row) => row[0]));
  });

  it('a token refused from the start stops at the pre-flight with exit 3: one request, no results file, the token never shown', async () => {
    sandbox = await startSandbox({ port: 0 });
    const secret = 'eyJhbGciOiJIUzI1NiJ9.secret-token-value';
    const { code, resultsPath, stderr } = await importFile(contacts(50), ['--concurrency', '4'], HEADER, { token: secret });
    expect(code).toBe(3);
    expect(existsSync(resultsPath)).toBe(false);
    expect(sandbox.stats().requests).toBe(1);
    expect(sandbox.stats().byOperation['getContactByPhoneV2']).toEqual({ '401': 1 });
    expect(stderr).toContain('refused the token (401)');
    expect(stderr).not.toContain(secret);
  });

  it('a token refused mid-run (revoked after the pre-flight) aborts at once with exit 3: rows skipped ABORTED, the token never shown', async () => {
    sandbox = await startSandbox({ port: 0 });
    const secret = 'eyJhbGciOiJIUzI1NiJ9.secret-token-value';
    const front = await healthyAtFirst(sandbox.url);
    const { code, results, stderr } = await importFile(contacts(50), ['--concurrency', '4'], HEADER, { token: secret, baseUrl: front.url }).finally(() => front.close());
    expect(code).toBe(3);
    expect(results).toHaveLength(50);
    expect(results[0]).toMatchObject({ status: 'failed', error_code: 'AUTH_FAILED', http_status: '401' });
    expect(results.filter((r) => r['status'] === 'skipped' && r['error_code'] === 'ABORTED').length).toBeGreaterThan(40);
    expect(stderr).toContain('refused the token');
    expect(stderr).not.toContain(secret);
    expect(JSON.stringify(results)).not.toContain(secret);
  });

  it('--max-errors consecutive failed rows abort the run with exit 3', async () => {
    sandbox = await startSandbox({ port: 0, failRate: 1 });
    // Healthy for the run's pre-flight, failing for its rows.
    const front = await healthyAtFirst(sandbox.url);
    const { code, results, stderr } = await importFile(contacts(40), ['--max-errors', '5', '--retries', '0', '--concurrency', '1'], HEADER, { baseUrl: front.url }).finally(() => front.close());
    expect(code).toBe(3);
    // The fifth failure stops the run; a row already on the wire then finishes (concurrency 1: at most one more).
    const failed = results.filter((r) => r['status'] === 'failed').length;
    expect(failed).toBeGreaterThanOrEqual(5);
    expect(failed).toBeLessThanOrEqual(6);
    expect(results.filter((r) => r['status'] === 'skipped' && r['error_code'] === 'ABORTED')).toHaveLength(40 - failed);
    expect(stderr).toContain('--max-errors');
  });
});

describe('import: interruption and --resume', () => {
  it('stops on a signal with exit 130, then --resume finishes without sending anything twice', async () => {
    sandbox = await startSandbox({ port: 0, latencyMs: 20, seed: 5 });
    const controller = new AbortController();
    const rows = contacts(80);
    const stopping = setInterval(() => {
      if (sandbox.store.count() >= 20) controller.abort();
    }, 5);
    const first = await importFile(rows, ['--concurrency', '4'], HEADER, { signal: controller.signal });
    clearInterval(stopping);
    expect(first.code).toBe(130);
    expect(first.stderr).toContain('--resume');
    expect(first.results.length).toBeGreaterThanOrEqual(20);
    expect(first.results.length).toBeLessThan(80);
    expect(first.results.every((r) => r['status'] === 'ok')).toBe(true);

    const second = await importFile(rows, ['--concurrency', '4', '--resume']);
    expect(second.code).toBe(0);
    expect(second.results.map((r) => Number(r['row']))).toEqual(rows.map((_, i) => i + 1));
    expect(second.results.every((r) => r['status'] === 'ok')).toBe(true);
    // Every contact created exactly once: the second run sent nothing for the rows already ok.
    expect(sandbox.stats().byOperation['registerContactV2']).toEqual({ '200': 80 });
    expect(sandbox.store.count()).toBe(80);
  });

  it('a resume that is itself interrupted can be resumed again: every row once, nothing created twice', async () => {
    sandbox = await startSandbox({ port: 0, latencyMs: 20, seed: 9 });
    const rows = contacts(90);
    const interruptAt = async (count: number, args: string[]) => {
      const controller = new AbortController();
      const timer = setInterval(() => {
        if (sandbox.store.count() >= count) controller.abort();
      }, 5);
      const run = await importFile(rows, ['--concurrency', '4', ...args], HEADER, { signal: controller.signal });
      clearInterval(timer);
      return run;
    };
    expect((await interruptAt(20, [])).code).toBe(130);
    const second = await interruptAt(50, ['--resume']);
    expect(second.code).toBe(130);
    const third = await importFile(rows, ['--concurrency', '4', '--resume']);
    expect(third.code).toBe(0);
    expect(third.results.map((r) => Number(r['row']))).toEqual(rows.map((_, i) => i + 1));
    expect(third.results.every((r) => r['status'] === 'ok' && r['action'] === 'created')).toBe(true);
    expect(sandbox.stats().byOperation['registerContactV2']).toEqual({ '200': 90 });
    expect(existsSync(`${third.resultsPath}.prev`)).toBe(false);
  });

  it('--resume retries only the rows that failed', async () => {
    sandbox = await startSandbox({ port: 0 });
    const rows = contacts(6, (i) => (i % 2 ? ['', '', 'user-99', ''] : ['', '', '', '']));
    const first = await importFile(rows);
    expect(first.results.map((r) => r['status'])).toEqual(['ok', 'failed', 'ok', 'failed', 'ok', 'failed']);
    const fixed = contacts(6, (i) => (i % 2 ? ['', '', 'user-1', ''] : ['', '', '', '']));
    const second = await importFile(fixed, ['--resume']);
    expect(second.code).toBe(0);
    // The failed rows' contacts were created the first time, and the sync state knows them: only the assign that
    // failed is sent again, straight to the known id (action unchanged: the contact itself is not touched).
    expect(second.results.map((r) => [r['status'], r['action'], r['assign']])).toEqual([
      ['ok', 'created', ''],
      ['ok', 'unchanged', 'ok'],
      ['ok', 'created', ''],
      ['ok', 'unchanged', 'ok'],
      ['ok', 'created', ''],
      ['ok', 'unchanged', 'ok'],
    ]);
    expect(sandbox.stats().byOperation['registerContactV2']?.['200']).toBe(6);
    expect(sandbox.stats().byOperation['registerContactV2']?.['409']).toBeUndefined();
  });
});

describe('import --sandbox', () => {
  it('runs against an in-process sandbox and says nothing goes to SalesChat', async () => {
    const input = await writeTemp('c.csv', csv(HEADER, contacts(3)), await tempDir());
    const run = await runCli(['import', input, '--sandbox']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('nothing is sent to SalesChat');
    expect(run.stderr).toContain('3 ok');
  });
});
