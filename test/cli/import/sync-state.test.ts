import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { stateFilePath } from '../../../src/state/sync-state.js';
import { healthyAtFirst, PREFLIGHT_REQUESTS, withoutPreflight } from '../../support/preflight.js';
import { csv, readCsv, runCli, tempDir, writeTemp } from '../../support/run-cli.js';
import { openSqlite } from '../../../src/state/sqlite.js';

/**
 * Issue 13, the sync state: per base URL + org, what SalesChat last confirmed per crm_id. A re-run sends only what
 * changed, straight to the known id; unchanged rows send nothing. Every run here goes through main() in-process
 * against a real sandbox, and the sandbox's counters say exactly which requests each run sent.
 */

const ORG = 'org-sync';
const HEADER = ['crm_id', 'phone_number', 'opt_in_date', 'first_name', 'last_name', 'stage', 'user_id'];

interface Cells {
  first?: string;
  stage?: string;
  user?: string;
  phone?: string;
}

const phone = (i: number) => `+1415556${String(1000 + i)}`;
const row = (i: number, cells: Cells = {}) => [`S-${i}`, cells.phone ?? phone(i), '2024-05-01', cells.first ?? `First${i}`, `Last${i}`, cells.stage ?? '', cells.user ?? ''];
const rows = (count: number, cells: (i: number) => Cells = () => ({})) => Array.from({ length: count }, (_, i) => row(i, cells(i)));

/** Requests by operation and status, as the sandbox counted them. */
type Counts = Record<string, Record<string, number>>;

/** What the sandbox counted since `before`: operation -> status -> requests, with nothing that stayed at 0. */
function since(before: Counts, after: Counts): Counts {
  const out: Counts = {};
  for (const [operation, statuses] of Object.entries(after)) {
    for (const [status, count] of Object.entries(statuses)) {
      const delta = count - (before[operation]?.[status] ?? 0);
      if (delta !== 0) (out[operation] ??= {})[status] = delta;
    }
  }
  return out;
}

let sandbox: Sandbox;
/** The sandbox's clock runs this far ahead of the wall clock: each run moves it 11 s on, past the 1-assign-per-10-s limit. */
let skew = 0;
let dir: string;
let stateDir: string;

beforeEach(async () => {
  skew = 0;
  sandbox = await startSandbox({ port: 0, clock: () => Date.now() + skew });
  dir = await tempDir();
  stateDir = join(dir, 'state');
});
afterEach(async () => {
  await sandbox.close();
});

interface ImportOptions {
  /** Pass --state-dir <stateDir> (default), or leave where the state goes to the environment. */
  stateDir?: boolean;
  env?: Record<string, string>;
  org?: string;
  /** Send to this base URL instead of the sandbox's (a front before it). */
  baseUrl?: string;
}

async function importRows(data: (string | number)[][] | undefined, args: string[] = [], options: ImportOptions = {}) {
  const input = join(dir, 'contacts.csv');
  if (data !== undefined) await writeTemp('contacts.csv', csv(HEADER, data), dir);
  skew += 11_000;
  const before = sandbox.stats().byOperation;
  const requestsBefore = sandbox.stats().requests;
  const run = await runCli(
    ['import', input, '--base-url', options.baseUrl ?? sandbox.url, '--org', options.org ?? ORG, '--quiet', ...(options.stateDir === false ? [] : ['--state-dir', stateDir]), ...args],
    { env: { SALESCHAT_TOKEN: sandbox.token, ...options.env } },
  );
  const results = await readCsv(join(dir, 'contacts.results.csv'));
  // Every run here gets past its pre-flight: its one look-up is left out, so the counts are what the rows sent.
  return { ...run, results, sent: withoutPreflight(since(before, sandbox.stats().byOperation)), requests: sandbox.stats().requests - requestsBefore - PREFLIGHT_REQUESTS };
}

const statePath = (directory = stateDir, orgId = ORG) => stateFilePath(directory, { baseUrl: sandbox.url, orgId });

/** The state file as a person would read it: crm_id -> [contact_id, phone]. */
function stateRows(path = statePath()): Record<string, [string, string]> {
  const db = openSqlite(path, { readonly: true });
  try {
    const found = db.prepare('select crm_id, contact_id, phone from contacts').all() as { crm_id: string; contact_id: string; phone: string }[];
    return Object.fromEntries(found.map((entry) => [entry.crm_id, [entry.contact_id, entry.phone]]));
  } finally {
    db.close();
  }
}

/** crm_id -> contact id, as the sandbox holds them for the org. */
const sandboxIds = (orgId = ORG) => Object.fromEntries(sandbox.store.listByOrg(orgId).map((contact) => [contact.crmId, contact.id]));

describe('sync state: where it is kept', () => {
  it('--state-dir DIR: one SQLite file there, none in SALESCHAT_STATE_DIR', async () => {
    const run = await importRows(rows(2));
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(statePath())).toBe(true);
    expect(existsSync(process.env['SALESCHAT_STATE_DIR']!)).toBe(false);
  });

  it('else SALESCHAT_STATE_DIR', async () => {
    const envDir = join(dir, 'from-env');
    const run = await importRows(rows(2), [], { stateDir: false, env: { SALESCHAT_STATE_DIR: envDir, XDG_STATE_HOME: join(dir, 'xdg') } });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(statePath(envDir))).toBe(true);
    expect(existsSync(join(dir, 'xdg'))).toBe(false);
  });

  it('else $XDG_STATE_HOME/saleschat-bulk', async () => {
    const xdg = join(dir, 'xdg');
    const home = join(dir, 'home');
    const run = await importRows(rows(2), [], { stateDir: false, env: { SALESCHAT_STATE_DIR: '', XDG_STATE_HOME: xdg, HOME: home } });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(statePath(join(xdg, 'saleschat-bulk')))).toBe(true);
    expect(existsSync(home)).toBe(false);
  });

  it('else ~/.local/state/saleschat-bulk', async () => {
    const home = join(dir, 'home');
    const run = await importRows(rows(2), [], { stateDir: false, env: { SALESCHAT_STATE_DIR: '', XDG_STATE_HOME: '', HOME: home } });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(statePath(join(home, '.local', 'state', 'saleschat-bulk')))).toBe(true);
  });

  it('a relative $XDG_STATE_HOME is ignored (the XDG spec): ~/.local/state/saleschat-bulk', async () => {
    const home = join(dir, 'home');
    // Relative to the working directory, yet inside the test's folder: a state put there by mistake is found, and harmless.
    const xdg = relative(process.cwd(), join(dir, 'xdg'));
    const run = await importRows(rows(2), [], { stateDir: false, env: { SALESCHAT_STATE_DIR: '', XDG_STATE_HOME: xdg, HOME: home } });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(statePath(join(home, '.local', 'state', 'saleschat-bulk')))).toBe(true);
    expect(existsSync(join(dir, 'xdg'))).toBe(false);
  });

  it('import --sandbox keeps it in memory only: nothing on disk, and the next --sandbox run creates every row again', async () => {
    const input = await writeTemp('sandboxed.csv', csv(HEADER, rows(3)), dir);
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const run = await runCli(['import', input, '--sandbox', '--quiet']);
      expect(run.code, run.stderr).toBe(0);
      expect((await readCsv(join(dir, 'sandboxed.results.csv'))).map((r) => [r['status'], r['action']])).toEqual(Array(3).fill(['ok', 'created']));
    }
    expect(existsSync(process.env['SALESCHAT_STATE_DIR']!)).toBe(false);
    const home = join(dir, 'home');
    const run = await runCli(['import', input, '--sandbox', '--quiet'], { env: { SALESCHAT_STATE_DIR: '', HOME: home, XDG_STATE_HOME: '' } });
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(home)).toBe(false);
  });

  it('--no-state neither reads nor writes it', async () => {
    expect((await importRows(rows(3))).code).toBe(0);
    const before = await readFile(statePath());
    const renamed = rows(3, () => ({ first: 'Renamed' }));
    // Not read: every row goes the create -> 409 -> look-up -> update way, as without a state.
    const blind = await importRows(renamed, ['--no-state'], { stateDir: false });
    expect(blind.code, blind.stderr).toBe(0);
    expect(blind.sent).toEqual({ registerContactV2: { '409': 3 }, getContactByPhoneV2: { '200': 3 }, updateContact: { '200': 3 } });
    expect(blind.results.map((r) => r['action'])).toEqual(['updated', 'updated', 'updated']);
    // Not written: the state still holds the old names, so the same file sends one update per row once more.
    expect(await readFile(statePath())).toEqual(before);
    const next = await importRows(undefined);
    expect(next.sent).toEqual({ updateContact: { '200': 3 } });
    // And with no state at all, none is made.
    await rm(stateDir, { recursive: true });
    expect((await importRows(undefined, ['--no-state'], { stateDir: false })).code).toBe(0);
    expect(existsSync(stateDir)).toBe(false);
    // Nor where the environment says one would be.
    expect(existsSync(process.env['SALESCHAT_STATE_DIR']!)).toBe(false);
  });

  it('the state is a SQLite file a person can query: crm_id, contact_id, phone of each contact confirmed', async () => {
    expect((await importRows(rows(4, (i) => ({ stage: i % 2 ? 'Lead' : '' })))).code).toBe(0);
    const ids = sandboxIds();
    expect(stateRows()).toEqual(Object.fromEntries(rows(4).map((r) => [r[0], [ids[String(r[0])], r[1]]])));
  });

  it('never holds the token', async () => {
    await sandbox.close();
    const token = 'tok-Zq8wN3-never-in-the-state';
    sandbox = await startSandbox({ port: 0, token, clock: () => Date.now() + skew });
    expect((await importRows(rows(5, () => ({ stage: 'Lead', user: 'user-1' })))).code).toBe(0);
    // The state file, and whatever else is beside it (a -wal or -shm left open); kill -9 leaves one: see sync-state-crash.
    const folder = dirname(statePath());
    const files = readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(folder, entry.name));
    expect(files).toContain(statePath());
    for (const file of files) expect(readFileSync(file).includes(token), file).toBe(false);
  });
});

describe('sync state: what a re-run sends', () => {
  const full = (i: number): Cells => ({ stage: 'Lead', user: 'user-1', first: `First${i}` });

  it('unchanged rows: ok, action unchanged, attempts 0, the contact_id, and no request at all', async () => {
    const first = await importRows(rows(5, full));
    expect(first.code, first.stderr).toBe(0);
    const again = await importRows(undefined);
    expect(again.code, again.stderr).toBe(0);
    expect(again.requests).toBe(0);
    expect(again.results.map((r) => [r['crm_id'], r['status'], r['action'], r['contact_id'], r['disposition'], r['assign'], r['attempts']])).toEqual(
      first.results.map((r) => [r['crm_id'], 'ok', 'unchanged', r['contact_id'], 'ok', 'ok', '0']),
    );
  });

  it('a known, changed row sends only the step that changed, straight to its id', async () => {
    expect((await importRows(rows(5, full))).code).toBe(0);
    const ids = sandboxIds();
    const changed = rows(5, (i) => ({ ...full(i), ...[{ first: 'Renamed' }, { stage: 'Qualified' }, { user: 'user-2' }, {}, {}][i] }));

    const run = await importRows(changed);
    expect(run.code, run.stderr).toBe(0);
    // No create, no 409, no look-up: one request per changed row, to the id the state knows.
    expect(run.sent).toEqual({ updateContact: { '200': 1 }, updateContactDispositionV2: { '200': 1 }, assignChatroom: { '202': 1 } });
    expect(run.results.map((r) => [r['status'], r['action'], r['contact_id'], r['disposition'], r['assign'], r['attempts']])).toEqual([
      ['ok', 'updated', ids['S-0'], 'ok', 'ok', '1'],
      ['ok', 'unchanged', ids['S-1'], 'ok', 'ok', '1'],
      ['ok', 'unchanged', ids['S-2'], 'ok', 'ok', '1'],
      ['ok', 'unchanged', ids['S-3'], 'ok', 'ok', '0'],
      ['ok', 'unchanged', ids['S-4'], 'ok', 'ok', '0'],
    ]);
    expect(sandbox.store.get(ids['S-0']!)?.firstName).toBe('Renamed');
    expect(sandbox.store.get(ids['S-1']!)?.stage).toBe('Qualified');
    expect(sandbox.store.get(ids['S-2']!)?.assignment).toMatchObject({ kind: 'user', id: 'user-2' });
    expect(sandbox.store.count()).toBe(5);

    // What was sent is now what the state knows: the same file again sends nothing.
    expect((await importRows(undefined)).requests).toBe(0);
  });

  it('a new row is created as without a state; the known ones send nothing', async () => {
    expect((await importRows(rows(3))).code).toBe(0);
    const run = await importRows(rows(4));
    expect(run.code, run.stderr).toBe(0);
    expect(run.sent).toEqual({ registerContactV2: { '200': 1 } });
    expect(run.results.map((r) => r['action'])).toEqual(['unchanged', 'unchanged', 'unchanged', 'created']);
    expect(stateRows()['S-3']).toEqual([sandboxIds()['S-3'], phone(3)]);
  });

  it('a known crm_id under a new phone number takes the create-or-find path (the API cannot change a phone)', async () => {
    expect((await importRows(rows(2))).code).toBe(0);
    const run = await importRows([row(0), row(1, { phone: phone(50) })]);
    expect(run.code).toBe(1);
    // Create (409: the crm_id is held), then the look-up by the new phone that does not find it.
    expect(run.sent).toEqual({ registerContactV2: { '409': 1 }, getContactByPhoneV2: { '200': 1 } });
    expect(run.results[1]).toMatchObject({ status: 'failed', error_code: 'CONTACT_NOT_FOUND' });
  });

  it('a stale id (SalesChat answers 404) falls back to create-or-find and corrects the state', async () => {
    const first = await importRows(rows(3, full));
    expect(first.code, first.stderr).toBe(0);
    const oldIds = first.results.map((r) => r['contact_id']);
    // Every contact gone, same base URL (the same state): the ids the state holds are stale.
    sandbox.reset();
    const changed = rows(3, (i) => ({ ...full(i), ...[{ first: 'Renamed' }, { stage: 'Qualified' }, { user: 'user-2' }][i] }));
    const run = await importRows(changed);
    expect(run.code, run.stderr).toBe(0);
    expect(run.results.map((r) => [r['status'], r['action'], r['disposition'], r['assign']])).toEqual(Array(3).fill(['ok', 'created', 'ok', 'ok']));
    const newIds = run.results.map((r) => r['contact_id']);
    for (const [i, id] of newIds.entries()) expect(id).not.toBe(oldIds[i]);
    expect(sandboxIds()).toEqual({ 'S-0': newIds[0], 'S-1': newIds[1], 'S-2': newIds[2] });
    // The one request to each stale id (404), an assign's 404 checked by a look-up, then create + every step.
    expect(run.sent).toEqual({
      updateContact: { '404': 1 },
      updateContactDispositionV2: { '404': 1, '200': 3 },
      assignChatroom: { '404': 1, '202': 3 },
      getContactByPhoneV2: { '200': 1 },
      registerContactV2: { '200': 3 },
    });
    expect(stateRows()).toEqual({ 'S-0': [newIds[0], phone(0)], 'S-1': [newIds[1], phone(1)], 'S-2': [newIds[2], phone(2)] });
    expect((await importRows(undefined)).requests).toBe(0);
  });

  it('a lost state (its folder deleted) gives a full upsert and no duplicate contact', async () => {
    expect((await importRows(rows(4, () => ({ stage: 'Lead' })))).code).toBe(0);
    await rm(stateDir, { recursive: true });
    const run = await importRows(undefined);
    expect(run.code, run.stderr).toBe(0);
    expect(run.sent).toEqual({
      registerContactV2: { '409': 4 },
      getContactByPhoneV2: { '200': 4 },
      updateContact: { '200': 4 },
      updateContactDispositionV2: { '200': 4 },
    });
    expect(run.results.map((r) => r['action'])).toEqual(Array(4).fill('updated'));
    expect(sandbox.store.count()).toBe(4);
    expect(Object.keys(stateRows())).toHaveLength(4);
    expect((await importRows(undefined)).requests).toBe(0);
  });

  it('--full sends every row as if nothing were known, and still records what SalesChat confirmed', async () => {
    expect((await importRows(rows(3))).code).toBe(0);
    const run = await importRows(rows(3, () => ({ first: 'Renamed' })), ['--full']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.sent).toEqual({ registerContactV2: { '409': 3 }, getContactByPhoneV2: { '200': 3 }, updateContact: { '200': 3 } });
    expect(run.results.map((r) => r['action'])).toEqual(['updated', 'updated', 'updated']);
    const after = await importRows(undefined);
    expect(after.requests).toBe(0);
    expect(after.results.map((r) => r['action'])).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('the state is kept per org: the same file into org B sends everything for B', async () => {
    expect((await importRows(rows(3))).code).toBe(0);
    const other = await importRows(undefined, [], { org: 'org-sync-b' });
    expect(other.code, other.stderr).toBe(0);
    expect(other.sent).toEqual({ registerContactV2: { '200': 3 } });
    expect(other.results.map((r) => r['action'])).toEqual(['created', 'created', 'created']);
    expect(sandbox.store.count()).toBe(6);
    expect(statePath(stateDir, 'org-sync-b')).not.toBe(statePath());
    expect(Object.keys(stateRows(statePath(stateDir, 'org-sync-b')))).toHaveLength(3);
    // Each org's state knows its own rows.
    expect((await importRows(undefined)).requests).toBe(0);
    expect((await importRows(undefined, [], { org: 'org-sync-b' })).requests).toBe(0);
  });
});

describe('sync state: failed rows are sent again', () => {
  it('an assign that failed (unknown user) is sent next time, and once fixed, only the assign', async () => {
    const data = rows(3, (i) => ({ user: i === 1 ? 'user-99' : 'user-1' }));
    const first = await importRows(data);
    expect(first.code).toBe(1);
    expect(first.results[1]).toMatchObject({ status: 'failed', action: 'created', assign: 'failed', http_status: '404' });

    // The same file: the failed assign is sent again (its 404 checked by a look-up: the contact is there).
    const again = await importRows(undefined);
    expect(again.code).toBe(1);
    expect(again.sent).toEqual({ assignChatroom: { '404': 1 }, getContactByPhoneV2: { '200': 1 } });
    expect(again.results.map((r) => [r['status'], r['assign'], r['attempts']])).toEqual([
      ['ok', 'ok', '0'],
      ['failed', 'failed', '2'],
      ['ok', 'ok', '0'],
    ]);
    expect(again.results[1]).toMatchObject({ action: 'unchanged', error_code: '4040001' });

    // Fixed: one assign, to the known id.
    const fixed = await importRows(rows(3, () => ({ user: 'user-1' })));
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.sent).toEqual({ assignChatroom: { '202': 1 } });
    expect(fixed.results[1]).toMatchObject({ status: 'ok', action: 'unchanged', assign: 'ok', attempts: '1', contact_id: first.results[1]!['contact_id'] });
    expect(sandbox.store.count()).toBe(3);
    expect((await importRows(undefined)).requests).toBe(0);
  });

  it("a failed assign to a known id reports the assign's 404 as http_status, not the look-up's 200", async () => {
    expect((await importRows(rows(1, () => ({ user: 'user-99' })))).results[0]).toMatchObject({ status: 'failed', http_status: '404' });
    const again = await importRows(undefined);
    // The look-up by phone only checked that the id is not stale; what failed, and how, is the assign (404).
    expect(again.sent).toEqual({ assignChatroom: { '404': 1 }, getContactByPhoneV2: { '200': 1 } });
    expect(again.results[0]).toMatchObject({ status: 'failed', assign: 'failed', error_code: '4040001', http_status: '404' });
  });

  it('rows that failed outright (5xx) are not recorded: the next run against a healthy API creates them', async () => {
    await sandbox.close();
    sandbox = await startSandbox({ port: 0, failRate: 1 });
    // Healthy for the first run's pre-flight, then whichever sandbox runs now: one base URL, so one state.
    const front = await healthyAtFirst(() => sandbox.url);
    const failed = await importRows(rows(3), ['--retries', '0'], { baseUrl: front.url });
    expect(failed.code).toBe(1);
    expect(failed.results.map((r) => r['status'])).toEqual(['failed', 'failed', 'failed']);
    await sandbox.close();
    sandbox = await startSandbox({ port: 0 });
    const run = await importRows(undefined, [], { baseUrl: front.url }).finally(() => front.close());
    expect(run.code, run.stderr).toBe(0);
    expect(run.sent).toEqual({ registerContactV2: { '200': 3 } });
    expect(run.results.map((r) => [r['status'], r['action']])).toEqual(Array(3).fill(['ok', 'created']));
  });
});

describe('sync state: the summary', () => {
  it('counts unchanged rows in action:, says how to send them anyway (--full), and --summary-json has action.unchanged', async () => {
    expect((await importRows(rows(3))).code).toBe(0);
    const summaryPath = join(dir, 'summary.json');
    const run = await importRows(rows(4), ['--summary-json', summaryPath]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toContain('  action: 1 created, 3 unchanged.');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}3 row\(s\) unchanged since SalesChat last confirmed them: .*--full/));
    const summary = JSON.parse(await readFile(summaryPath, 'utf8')) as { action: Record<string, number>; requests: number };
    expect(summary.action).toEqual({ created: 1, updated: 0, exists: 0, unchanged: 3, none: 0 });
    expect(summary.requests).toBe(1);
  });
});

/** crm_id -> the settled row's key (row_fp), as a person would query it. */
function settledKeys(path = statePath()): Record<string, string | null> {
  const db = openSqlite(path, { readonly: true });
  try {
    return Object.fromEntries(db.prepare<[], [string, string | null]>('select crm_id, row_fp from contacts').raw().all());
  } finally {
    db.close();
  }
}

describe('sync state: rows answered before they are checked', () => {
  const full = (i: number): Cells => ({ stage: 'Lead', user: 'user-1', first: `First${i}` });

  it('a row whose every step SalesChat confirmed is settled by its key; one that failed a step is not', async () => {
    const run = await importRows(rows(3, (i) => ({ ...full(i), user: i === 1 ? 'user-404' : 'user-1' })));
    expect(run.results.map((r) => r['status'])).toEqual(['ok', 'failed', 'ok']);
    const keys = settledKeys();
    expect(keys['S-0']).toMatch(/^[0-9a-f]{16}$/);
    expect(keys['S-1']).toBeNull();
    expect(keys['S-2']).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(Object.values(keys)).size).toBe(3);
  });

  it('a cell reworded so that it checks the same (spaces, another phone spelling) is unchanged, sends nothing, and its new key is kept', async () => {
    expect((await importRows(rows(2, full))).code).toBe(0);
    const before = settledKeys();
    const reworded = [row(0, { ...full(0), phone: '+1 (415) 556-1000' }), row(1, { ...full(1), first: '  First1 ' })];
    const run = await importRows(reworded);
    expect(run.code, run.stderr).toBe(0);
    expect(run.requests).toBe(0);
    expect(run.results.map((r) => [r['action'], r['phone_number'], r['disposition'], r['assign']])).toEqual([
      ['unchanged', phone(0), 'ok', 'ok'],
      ['unchanged', phone(1), 'ok', 'ok'],
    ]);
    const after = settledKeys();
    expect(after['S-0']).not.toBe(before['S-0']);
    expect(after['S-1']).not.toBe(before['S-1']);
    // Settled again under the new cells: the next run answers the same rows unchecked, with the same results.
    const again = await importRows(undefined);
    expect(again.requests).toBe(0);
    expect(again.results).toEqual(run.results);
  });

  it('a change in a column SalesChat does not take leaves the row settled', async () => {
    const header = [...HEADER, 'Last Modified'];
    const input = join(dir, 'contacts.csv');
    const runWith = async (stamp: string) => {
      await writeTemp('contacts.csv', csv(header, rows(2, full).map((cells) => [...cells, stamp])), dir);
      skew += 11_000;
      const before = sandbox.stats().requests;
      const run = await runCli(['import', input, '--base-url', sandbox.url, '--org', ORG, '--quiet', '--state-dir', stateDir], { env: { SALESCHAT_TOKEN: sandbox.token } });
      return { ...run, requests: sandbox.stats().requests - before - PREFLIGHT_REQUESTS };
    };
    expect((await runWith('2026-11-29')).code).toBe(0);
    const keys = settledKeys();
    const next = await runWith('2026-11-30');
    expect(next.code, next.stderr).toBe(0);
    expect(next.requests).toBe(0);
    expect(settledKeys()).toEqual(keys);
  });

  it('a settled row repeated in the file is a duplicate the second time, as a checked one is', async () => {
    expect((await importRows(rows(2))).code).toBe(0);
    const run = await importRows([row(0), row(1), row(0)]);
    expect(run.results.map((r) => [r['status'], r['action']])).toEqual([
      ['ok', 'unchanged'],
      ['ok', 'unchanged'],
      ['duplicate', 'none'],
    ]);
    expect(run.requests).toBe(0);
  });

  it('a contact that --mode create found existing with other fields is not settled: the next upsert updates it', async () => {
    expect((await importRows(rows(2))).code).toBe(0);
    const renamed = rows(2, () => ({ first: 'Renamed' }));
    const create = await importRows(renamed, ['--mode', 'create']);
    expect(create.code, create.stderr).toBe(0);
    expect(create.results.map((r) => r['action'])).toEqual(['exists', 'exists']);
    expect(create.requests).toBe(0);
    const upsert = await importRows(renamed);
    expect(upsert.sent).toEqual({ updateContact: { '200': 2 } });
    expect(upsert.results.map((r) => r['action'])).toEqual(['updated', 'updated']);
  });

  it('a --default-country that reads a number differently checks the row again', async () => {
    const national = [['S-0', '020 7946 0958', '2024-05-01', 'Ann', 'Lee', '', '']];
    expect((await importRows(national, ['--default-country', 'GB'])).code).toBe(0);
    const run = await importRows(national, ['--default-country', 'US']);
    expect(run.results[0]).toMatchObject({ status: 'invalid', error_code: 'PHONE_INVALID' });
    expect(run.requests).toBe(0);
  });
});
