import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as LibrarySource from '../../src/index.js';

/**
 * The library as a user gets it: the built entry (dist/index.js, which the exports map names; test/library/
 * package.test.ts checks that map), typed by its source. Runs talk HTTP to a sandbox on a free port.
 */
type Library = typeof LibrarySource;
const ROOT = resolve(import.meta.dirname, '../..');
const lib = (await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href)) as Library;

const ORG = 'org-library';

function contact(i: number) {
  return { crm_id: `CRM-${i}`, phone_number: `+1415555${String(2000 + i).padStart(4, '0')}`, opt_in_date: '2024-05-01', first_name: `First${i}` };
}

async function readCsv(path: string): Promise<Record<string, string>[]> {
  return parse<Record<string, string>>(await readFile(path, 'utf8'), { columns: true });
}

function capture(): Writable & { text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return Object.assign(stream, { text: () => text });
}

let sandbox: Awaited<ReturnType<Library['startSandbox']>>;
let dir: string;
let results: string;

beforeEach(async () => {
  sandbox = await lib.startSandbox({ port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'saleschat-bulk-library-'));
  results = join(dir, 'results.csv');
});
afterEach(async () => {
  vi.restoreAllMocks();
  await sandbox.close();
});

const api = () => ({ baseUrl: sandbox.url, token: sandbox.token, orgId: ORG, stateDir: process.env['SALESCHAT_STATE_DIR'] });

describe('importContacts', () => {
  it('imports an array of records into the sandbox and returns the tally, printing nothing', async () => {
    const stderr = vi.spyOn(process.stderr, 'write');
    const stdout = vi.spyOn(process.stdout, 'write');
    const result = await lib.importContacts({ input: [contact(1), contact(2), contact(3)], results, ...api() });
    expect(result).toMatchObject({
      exitCode: 0,
      truncation: undefined,
      tally: {
        rows: 3,
        byStatus: { ok: 3, invalid: 0, duplicate: 0, failed: 0, skipped: 0 },
        byAction: { created: 3, updated: 0, exists: 0, none: 0 },
        errorCodes: {},
        requests: 3,
      },
    });
    expect(Object.isFrozen(result.tally)).toBe(true);
    expect(sandbox.store.count()).toBe(3);
    expect((await readCsv(results)).map((row) => [row['row'], row['crm_id'], row['status'], row['line']])).toEqual([
      ['1', 'CRM-1', 'ok', '1'],
      ['2', 'CRM-2', 'ok', '2'],
      ['3', 'CRM-3', 'ok', '3'],
    ]);
    expect([...stderr.mock.calls, ...stdout.mock.calls]).toEqual([]);
  });

  it('streams an async generator of 1,000 records: read as rows are sent, not all up front', async () => {
    let countWhenLastRead = -1;
    async function* records() {
      for (let i = 0; i < 1000; i++) {
        if (i === 999) countWhenLastRead = sandbox.store.count();
        yield contact(i);
        await Promise.resolve();
      }
    }
    const result = await lib.importContacts({ input: records(), results, ...api() });
    expect(result.exitCode).toBe(0);
    expect(result.tally).toMatchObject({ rows: 1000, byStatus: { ok: 1000 }, byAction: { created: 1000 }, requests: 1000 });
    expect(sandbox.store.count()).toBe(1000);
    // Read all up front, the last record would come before any answer: the run's window bounds the read-ahead.
    expect(countWhenLastRead).toBeGreaterThan(250);
  });

  it('reads a missing key as an empty cell, and stops at a key the first record lacks, naming the record (exit 4)', async () => {
    const { first_name: _dropped, ...noName } = contact(2);
    const input = [contact(1), noName, { ...contact(3), nickname: 'Bo' }, contact(4)];
    const result = await lib.importContacts({ input, results, ...api() });
    expect(result.exitCode).toBe(4);
    expect(result.truncation?.line).toBe(3);
    expect(result.truncation?.reason).toMatch(/^record 3 has the key "nickname", which the first record does not have/);
    expect(result.tally).toMatchObject({ rows: 2, byStatus: { ok: 2 } });
    expect((await readCsv(results)).map((row) => row['crm_id'])).toEqual(['CRM-1', 'CRM-2']);
    expect(sandbox.store.listByOrg(ORG).map((record) => [record.crmId, record.firstName])).toEqual([
      ['CRM-1', 'First1'],
      ['CRM-2', undefined],
    ]);
  });

  it('stops on its AbortSignal: exit 130, rows in flight written, the generator released', async () => {
    const controller = new AbortController();
    let released = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) {
          if (i === 20) controller.abort();
          yield contact(i);
          await Promise.resolve();
        }
      } finally {
        released = true;
      }
    }
    const result = await lib.importContacts({ input: endless(), results, ...api(), signal: controller.signal });
    expect(result.exitCode).toBe(130);
    expect(result.tally.rows).toBeGreaterThan(0);
    expect(result.tally.rows).toBeLessThan(200);
    expect(await readCsv(results)).toHaveLength(result.tally.rows);
    expect(released).toBe(true);
  });

  it('stops on its AbortSignal while the iterable stalls: a pending read cannot hold the run', async () => {
    const controller = new AbortController();
    async function* stalls() {
      yield* [contact(1), contact(2)];
      setTimeout(() => controller.abort(), 50);
      await new Promise(() => undefined);
    }
    const result = await lib.importContacts({ input: stalls(), results, ...api(), signal: controller.signal });
    expect(result.exitCode).toBe(130);
    expect(await readCsv(results)).toHaveLength(result.tally.rows);
  });

  it('prints the summary when given a stderr, and runs a path as the CLI does', async () => {
    const stderr = capture();
    const result = await lib.importContacts({ input: join(ROOT, 'samples', 'contacts.csv'), results, sandbox: true, stderr, quiet: true });
    expect(result.exitCode).toBe(1);
    expect(result.tally).toMatchObject({ rows: 53, byStatus: { ok: 46, invalid: 5, duplicate: 2 } });
    expect(stderr.text()).toContain('import finished: 53 rows');
  });

  it.each([
    [{ concurrency: 0 }, /--concurrency must be at least 1/],
    [{ mode: 'merge' as 'create' }, /--mode takes upsert, create, update; got "merge"/],
    [{ results: undefined }, /Records have no file name to put the results beside: give results/],
    [{ concurency: 4 }, /importContacts takes no option "concurency"/],
    [{ input: 42 as unknown as string }, /input is a path, or records/],
    [{ input: [] }, /No record in records/],
    [{ dedupe: 'last' as const }, /--dedupe last reads the input twice, and records can be read only once/],
  ])('refuses %o with a UsageError, nothing sent', async (bad, message) => {
    const run = lib.importContacts({ input: [contact(1)], results, ...api(), ...bad });
    await expect(run).rejects.toThrow(lib.UsageError);
    await expect(run).rejects.toThrow(message);
    expect(sandbox.stats().requests).toBe(0);
  });
});

describe('validateContacts', () => {
  it('checks an iterable of records offline, on this thread', async () => {
    const records = new Set([contact(1), { ...contact(2), phone_number: '12' }, contact(1), { ...contact(3), opt_in_date: new Date('2024-05-01T10:00:00Z') }]);
    const result = await lib.validateContacts({ input: records, results });
    expect(result).toMatchObject({
      exitCode: 1,
      tally: { rows: 4, byStatus: { ok: 2, invalid: 1, duplicate: 1 }, errorCodes: { PHONE_INVALID: 1, DUPLICATE_CRM_ID: 1 }, requests: 0 },
    });
    expect((await readCsv(results)).map((row) => row['status'])).toEqual(['ok', 'invalid', 'duplicate', 'ok']);
    expect(sandbox.stats().requests).toBe(0);
  });
});

describe('exportContacts', () => {
  it('looks up the phone numbers of records', async () => {
    await lib.importContacts({ input: [contact(1)], results, ...api() });
    const out = join(dir, 'export.csv');
    const { stateDir: _stateDir, ...exportApi } = api();
    const result = await lib.exportContacts({ input: [{ phone_number: contact(1).phone_number }, { phone_number: contact(2).phone_number }], out, ...exportApi });
    expect(result).toMatchObject({ exitCode: 0, tally: { records: 2, phones: 2, byStatus: { found: 1, not_found: 1 } } });
    expect((await readCsv(out)).map((row) => [row['crm_id'], row['status']])).toEqual([
      ['CRM-1', 'found'],
      ['', 'not_found'],
    ]);
  });
});
