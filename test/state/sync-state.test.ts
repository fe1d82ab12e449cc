import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { stateFilePath, SyncState, type Confirmation, type Settlement, type StateIdentity } from '../../src/state/sync-state.js';
import { openSqlite } from '../../src/state/sqlite.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const identity: StateIdentity = { baseUrl: 'https://apis.saleschat.pro', orgId: 'org-42' };
const first: Confirmation = { contactId: 'c-1', phone: '+14155550001', contact: 'fp-contact', disposition: 'fp-disp', assign: 'fp-assign' };

let dir: string;
const opened: SyncState[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'saleschat-bulk-state-'));
});

afterEach(async () => {
  for (const state of opened.splice(0)) state.close();
  await rm(dir, { recursive: true, force: true });
});

function open(path = join(dir, 'state.sqlite'), who = identity): SyncState {
  const state = SyncState.open(path, who);
  opened.push(state);
  return state;
}

/** A second connection, as another process would have: it sees only what was committed. */
function committedCount(path: string): number {
  const db = openSqlite(path, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM contacts').pluck().get() as number;
  } finally {
    db.close();
  }
}

/** Another run's committed write, which must not wait for us (busy_timeout 0). */
function insertElsewhere(path: string, crmId: string): void {
  const db = openSqlite(path);
  try {
    db.exec('PRAGMA busy_timeout = 0');
    db.prepare("INSERT INTO contacts (crm_id, contact_id, phone, confirmed_at) VALUES (?, 'c-9', '+14155550009', '2026-01-01T00:00:00.000Z')").run(crmId);
  } finally {
    db.close();
  }
}

/** The error `open` throws, for its exit code and message. */
function openError(path: string, who = identity): CliError {
  try {
    SyncState.open(path, who).close();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('open did not fail');
}

describe('SyncState: what it records', () => {
  it('knows nothing of a crm_id never confirmed', () => {
    expect(open().get('CRM-0000001')).toBeUndefined();
  });

  it('gives back what was confirmed', () => {
    const state = open();
    state.confirm('CRM-0000001', first);
    expect(state.get('CRM-0000001')).toEqual({ contactId: 'c-1', phone: '+14155550001', contact: 'fp-contact', disposition: 'fp-disp', assign: 'fp-assign', row: null, rowSteps: '' });
    expect(state.get('CRM-0000002')).toBeUndefined();
  });

  it('keeps the fingerprints a later confirm does not give, and replaces those it gives', () => {
    const state = open();
    state.confirm('CRM-1', first);
    state.confirm('CRM-1', { contactId: 'c-1', phone: '+14155550001', disposition: 'fp-disp-2' });
    expect(state.get('CRM-1')).toEqual({ contactId: 'c-1', phone: '+14155550001', contact: 'fp-contact', disposition: 'fp-disp-2', assign: 'fp-assign', row: null, rowSteps: '' });
  });

  it('records null for a step never confirmed', () => {
    const state = open();
    state.confirm('CRM-1', { contactId: 'c-1', phone: '+14155550001', contact: 'fp-contact' });
    expect(state.get('CRM-1')).toEqual({ contactId: 'c-1', phone: '+14155550001', contact: 'fp-contact', disposition: null, assign: null, row: null, rowSteps: '' });
  });

  it.each([
    ['contact id', { contactId: 'c-2', phone: '+14155550001' }],
    ['phone', { contactId: 'c-1', phone: '+14155550002' }],
  ])('forgets the fingerprints not given when the %s changed (another contact now)', (_what, other) => {
    const state = open();
    state.confirm('CRM-1', first);
    state.confirm('CRM-1', { ...other, contact: 'fp-contact-2' });
    expect(state.get('CRM-1')).toEqual({ ...other, contact: 'fp-contact-2', disposition: null, assign: null, row: null, rowSteps: '' });
  });

  it('forgets a crm_id, and counts what it knows', () => {
    const state = open();
    expect(state.count()).toBe(0);
    state.confirm('CRM-1', first);
    state.confirm('CRM-2', { ...first, contactId: 'c-2' });
    state.confirm('CRM-1', first);
    expect(state.count()).toBe(2);
    state.forget('CRM-1');
    state.forget('CRM-unknown');
    expect(state.get('CRM-1')).toBeUndefined();
    expect(state.get('CRM-2')?.contactId).toBe('c-2');
    expect(state.count()).toBe(1);
  });

  it('stamps each confirm with the time, to the second', () => {
    const path = join(dir, 'state.sqlite');
    const state = open(path);
    const before = Math.floor(Date.now() / 1000) * 1000;
    state.confirm('CRM-1', first);
    state.commit();
    const db = openSqlite(path, { readonly: true });
    const stamp = db.prepare('SELECT confirmed_at FROM contacts').pluck().get() as string;
    db.close();
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(Date.parse(stamp)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(stamp)).toBeLessThanOrEqual(Date.now());
  });

  it("works in memory (':memory:') and leaves no file", () => {
    const state = open(':memory:');
    state.confirm('CRM-1', first);
    state.commit();
    expect(state.get('CRM-1')?.contact).toBe('fp-contact');
    expect(state.count()).toBe(1);
    expect(state.path).toBe(':memory:');
    state.close();
    expect(existsSync(join(process.cwd(), ':memory:'))).toBe(false);
  });
});

describe('SyncState: settled rows', () => {
  /** The row whose steps `first` confirmed, all three. */
  const settlement: Settlement = { contactId: 'c-1', phone: '+14155550001', row: 'row-key-1', contact: 'fp-contact', disposition: 'fp-disp', assign: 'fp-assign' };

  it('keeps the key of a row whose every step matches, with the steps it asks for', () => {
    const state = open();
    state.confirm('CRM-1', first);
    state.settle('CRM-1', settlement);
    expect(state.get('CRM-1')).toMatchObject({ row: 'row-key-1', rowSteps: 'disposition,assign' });
    state.settle('CRM-1', { ...settlement, row: 'row-key-2', disposition: undefined });
    expect(state.get('CRM-1')).toMatchObject({ row: 'row-key-2', rowSteps: 'assign' });
  });

  it.each<[string, Partial<Settlement>]>([
    ['another contact id', { contactId: 'c-2' }],
    ['another phone', { phone: '+14155550002' }],
    ['other contact fields', { contact: 'fp-other' }],
    ['another disposition', { disposition: 'fp-other' }],
    ['another assignment', { assign: 'fp-other' }],
  ])('settles nothing when the row has %s than what is stored (another row of the crm_id confirmed since)', (_what, change) => {
    const state = open();
    state.confirm('CRM-1', first);
    state.settle('CRM-1', { ...settlement, ...change });
    expect(state.get('CRM-1')).toMatchObject({ row: null, rowSteps: '' });
  });

  it('settles nothing for a crm_id it does not know, nor for a step never confirmed', () => {
    const state = open();
    state.settle('CRM-9', settlement);
    expect(state.get('CRM-9')).toBeUndefined();
    state.confirm('CRM-1', { contactId: 'c-1', phone: '+14155550001', contact: 'fp-contact' });
    state.settle('CRM-1', settlement);
    expect(state.get('CRM-1')?.row).toBeNull();
  });

  it('any later confirm of the crm_id clears it, even one that confirms nothing new; a forget removes it', () => {
    const state = open();
    state.confirm('CRM-1', first);
    state.settle('CRM-1', settlement);
    state.confirm('CRM-1', { contactId: 'c-1', phone: '+14155550001' });
    expect(state.get('CRM-1')).toMatchObject({ row: null, contact: 'fp-contact' });
    state.settle('CRM-1', settlement);
    state.forget('CRM-1');
    expect(state.get('CRM-1')).toBeUndefined();
  });

  it('upgrades a schema 1 file: its contacts are kept, unsettled, and can be settled', () => {
    const path = join(dir, 'state.sqlite');
    const db = openSqlite(path);
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE contacts (crm_id TEXT PRIMARY KEY, contact_id TEXT NOT NULL, phone TEXT NOT NULL, contact_fp TEXT,
        disposition_fp TEXT, assign_fp TEXT, confirmed_at TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO contacts VALUES ('CRM-1', 'c-1', '+14155550001', 'fp-contact', 'fp-disp', 'fp-assign', '2026-11-01T00:00:00.000Z');
    `);
    const meta = db.prepare<[string, string]>('INSERT INTO meta VALUES (?, ?)');
    for (const [key, value] of [['schema_version', '1'], ['base_url', identity.baseUrl], ['org_id', identity.orgId], ['created_at', '2026-11-01T00:00:00.000Z']] as const) meta.run(key, value);
    db.close();

    const state = open(path);
    expect(state.get('CRM-1')).toEqual({ contactId: 'c-1', phone: '+14155550001', contact: 'fp-contact', disposition: 'fp-disp', assign: 'fp-assign', row: null, rowSteps: '' });
    state.settle('CRM-1', settlement);
    state.close();
    const reopened = open(path);
    expect(reopened.get('CRM-1')?.row).toBe('row-key-1');
    const check = openSqlite(path, { readonly: true });
    expect(check.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe('2');
    check.close();
  });
});

describe('SyncState: steps about to be sent (unsure)', () => {
  const settlement: Settlement = { contactId: 'c-1', phone: '+14155550001', row: 'row-key-1', contact: 'fp-contact', disposition: 'fp-disp', assign: 'fp-assign' };

  it('no longer holds the fingerprints of the steps given, nor the settled row; keeps the id, the phone and the other steps', () => {
    const state = open();
    state.confirm('CRM-1', first);
    state.settle('CRM-1', settlement);
    state.unsure('CRM-1', { contact: false, disposition: true, assign: false });
    expect(state.get('CRM-1')).toEqual({ ...first, disposition: null, row: null, rowSteps: '' });
    state.unsure('CRM-1', { contact: true, disposition: false, assign: true });
    expect(state.get('CRM-1')).toEqual({ contactId: 'c-1', phone: '+14155550001', contact: null, disposition: null, assign: null, row: null, rowSteps: '' });
  });

  it('is answered by the confirmation of what was sent, and touches no crm_id it does not know', () => {
    const state = open();
    state.confirm('CRM-1', first);
    state.unsure('CRM-1', { contact: true, disposition: false, assign: false });
    state.confirm('CRM-1', { contactId: 'c-1', phone: '+14155550001', contact: 'fp-contact-2' });
    expect(state.get('CRM-1')).toMatchObject({ contact: 'fp-contact-2', disposition: 'fp-disp', assign: 'fp-assign' });
    state.unsure('CRM-9', { contact: true, disposition: true, assign: true });
    expect(state.get('CRM-9')).toBeUndefined();
  });
});

describe('SyncState: durability', () => {
  it('makes writes visible to another process only once committed', () => {
    const path = join(dir, 'state.sqlite');
    const state = open(path);
    state.confirm('CRM-1', first);
    expect(committedCount(path)).toBe(0);
    state.commit();
    expect(committedCount(path)).toBe(1);
    expect(state.get('CRM-1')?.contactId).toBe('c-1');
  });

  it('neither blocks another run writing the same file between its gets, nor fails to write after it', () => {
    const path = join(dir, 'state.sqlite');
    const state = open(path);
    expect(state.get('CRM-9')).toBeUndefined(); // a read snapshot is open now
    insertElsewhere(path, 'CRM-9');
    state.confirm('CRM-1', first); // the snapshot predates that commit: a write must not build on it
    state.commit();
    expect(committedCount(path)).toBe(2);
    expect(state.get('CRM-9')?.contactId).toBe('c-9');
  });

  it("sees another run's commits within 1000 gets", () => {
    const path = join(dir, 'state.sqlite');
    const state = open(path);
    expect(state.get('CRM-9')).toBeUndefined();
    insertElsewhere(path, 'CRM-9');
    for (let n = 0; n < 1000; n += 1) state.get('CRM-1');
    expect(state.get('CRM-9')?.contactId).toBe('c-9');
  });

  it('commits by itself every 200 writes', () => {
    const path = join(dir, 'state.sqlite');
    const state = open(path);
    for (let n = 0; n < 199; n += 1) state.confirm(`CRM-${n}`, first);
    expect(committedCount(path)).toBe(0);
    state.confirm('CRM-199', first);
    expect(committedCount(path)).toBe(200);
  });

  it('commits on close, and a closed state can be closed again and reopened', () => {
    const path = join(dir, 'state.sqlite');
    const state = SyncState.open(path, identity);
    state.confirm('CRM-1', first);
    state.forget('CRM-1');
    state.confirm('CRM-2', first);
    state.close();
    state.close();
    const again = open(path);
    expect(again.count()).toBe(1);
    expect(again.get('CRM-2')).toEqual({ ...first, row: null, rowSteps: '' });
  });

  it('keeps what was committed when the process is killed with kill -9, and nothing uncommitted', () => {
    const path = join(dir, 'state.sqlite');
    const state = SyncState.open(path, identity);
    state.confirm('CRM-0', first);
    state.close();
    // Another process writes as SyncState does (WAL, synchronous=NORMAL), commits one row, begins another, and dies.
    const child = `
      const db = new (require('better-sqlite3'))(process.argv[1]);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const insert = db.prepare("INSERT INTO contacts (crm_id, contact_id, phone, contact_fp, confirmed_at) VALUES (?, 'c-9', '+14155550009', 'fp', '2026-01-01T00:00:00.000Z')");
      db.exec('BEGIN IMMEDIATE'); insert.run('CRM-1'); db.exec('COMMIT');
      db.exec('BEGIN IMMEDIATE'); insert.run('CRM-2');
      process.kill(process.pid, 'SIGKILL');
    `;
    const run = spawnSync(process.execPath, ['-e', child, path], { cwd: REPO, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.signal).toBe('SIGKILL');
    expect(existsSync(`${path}-wal`)).toBe(true); // the commit is only in the WAL: opening must recover it
    const after = open(path);
    expect(after.get('CRM-0')?.contactId).toBe('c-1');
    expect(after.get('CRM-1')).toEqual({ contactId: 'c-9', phone: '+14155550009', contact: 'fp', disposition: null, assign: null, row: null, rowSteps: '' });
    expect(after.get('CRM-2')).toBeUndefined();
    expect(after.count()).toBe(2);
  });
});

describe('SyncState: the file', () => {
  it('creates its folder 0o700 and its files 0o600', () => {
    const path = join(dir, 'state', 'deeper', 'state.sqlite');
    const state = open(path);
    state.confirm('CRM-1', first);
    state.commit();
    expect(statSync(join(dir, 'state')).mode & 0o777).toBe(0o700);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
  });

  it('records the schema, base URL and org in meta, for a person with sqlite3', () => {
    const path = join(dir, 'state.sqlite');
    open(path).close();
    const db = openSqlite(path, { readonly: true });
    const meta = Object.fromEntries(db.prepare<[], [string, string]>('SELECT key, value FROM meta').raw().all());
    db.close();
    expect(meta).toMatchObject({ schema_version: '2', base_url: identity.baseUrl, org_id: identity.orgId });
    expect(Date.parse(meta['created_at']!)).not.toBeNaN();
  });

  it.each([
    ['another org', { ...identity, orgId: 'org-43' }, /org-42.*org-43/],
    ['another API', { ...identity, baseUrl: 'https://staging.saleschat.pro' }, /apis\.saleschat\.pro.*staging\.saleschat\.pro/],
  ])('refuses a state made for %s (exit 2), naming both', (_what, other, names) => {
    const path = join(dir, 'state.sqlite');
    open(path).close();
    const error = openError(path, other);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(names);
    expect(error.message).toContain(path);
  });

  it('refuses a state written by a newer saleschat-bulk (exit 2)', () => {
    const path = join(dir, 'state.sqlite');
    open(path).close();
    const db = openSqlite(path);
    db.prepare("UPDATE meta SET value = '3' WHERE key = 'schema_version'").run();
    db.close();
    const error = openError(path);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/written by a newer saleschat-bulk/);
  });

  it.each([
    ['garbage', 'this is not a database, only some bytes\u0000\u0001\u0002'.repeat(200)],
    ['a few bytes', 'SQLite'],
  ])('refuses a damaged file (%s), naming it and saying it can be deleted', (_what, bytes) => {
    const path = join(dir, 'state.sqlite');
    writeFileSync(path, bytes);
    const error = openError(path);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/Delete it/);
  });

  it('refuses an SQLite database that is not a state', () => {
    const path = join(dir, 'other.sqlite');
    const db = openSqlite(path);
    db.exec('CREATE TABLE invoices (id INTEGER)');
    db.close();
    expect(openError(path).message).toMatch(/not a saleschat-bulk sync state/);
  });

  it('names the file and the way out when it cannot be opened (exit 2)', () => {
    const path = join(dir, 'state.sqlite');
    mkdirSync(path);
    const error = openError(path);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/--state-dir.*--no-state/);
  });

  it('a write held up by another run fails as an output error naming the file and the way out', () => {
    const path = join(dir, 'state.sqlite');
    const holder = open(path);
    holder.confirm('CRM-1', first); // its batch is open: it holds the write lock
    const waiting = open(path);
    let error: unknown;
    try {
      waiting.confirm('CRM-2', first);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(74);
    expect((error as CliError).message).toContain(path);
    expect((error as CliError).message).toMatch(/another run.*--no-state/);
    holder.commit();
    waiting.confirm('CRM-2', first);
    waiting.commit();
    expect(committedCount(path)).toBe(2);
  });
});

describe('stateFilePath', () => {
  const hash = (who: StateIdentity) => createHash('sha256').update(`${who.baseUrl}\n${who.orgId}`).digest('hex').slice(0, 12);

  it('names the host and org, then a hash of the exact identity', () => {
    expect(stateFilePath('/var/state', identity)).toBe(`/var/state/apis.saleschat.pro_org-42-${hash(identity)}.sqlite`);
    const local = { baseUrl: 'http://localhost:8080', orgId: 'org-42' };
    expect(stateFilePath('/var/state', local)).toBe(`/var/state/localhost_8080_org-42-${hash(local)}.sqlite`);
  });

  it('is the same for the same identity, and differs by org and by base URL, even when they read alike', () => {
    const path = stateFilePath(dir, identity);
    expect(stateFilePath(dir, { ...identity })).toBe(path);
    const others = [
      { ...identity, orgId: 'org-43' },
      { ...identity, orgId: 'org/42' }, // sanitised to the same slug as org_42
      { ...identity, orgId: 'org_42' },
      { ...identity, baseUrl: 'https://apis.saleschat.pro/v2' }, // same host
      { ...identity, baseUrl: 'http://apis.saleschat.pro' },
    ];
    const paths = others.map((other) => stateFilePath(dir, other));
    expect(new Set([path, ...paths]).size).toBe(others.length + 1);
  });

  it.each([
    '../../etc',
    '.',
    '..',
    '...hidden',
    '',
    'x'.repeat(200),
    'ünïcødé 組織 🙂',
    'a/b\\c',
    'a\u0000b',
    '/etc/passwd',
  ])('keeps a hostile org id %j to a plain file directly inside the folder', (orgId) => {
    for (const baseUrl of [identity.baseUrl, '../../not a url', '.']) {
      const path = stateFilePath(dir, { baseUrl, orgId });
      expect(dirname(path)).toBe(dir);
      const name = basename(path);
      expect(name).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,59}-[0-9a-f]{12}\.sqlite$/);
    }
  });

  it('keeps accented letters readable', () => {
    expect(basename(stateFilePath(dir, { ...identity, orgId: 'café' }))).toMatch(/^apis\.saleschat\.pro_cafe-/);
  });
});
