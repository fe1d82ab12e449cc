import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { openSqlite } from './sqlite.js';
import { CliError, OutputError, UsageError } from '../errors.js';
import type { StateIdentity } from './state-file-name.js';

export { stateFilePath, type StateIdentity } from './state-file-name.js';

/**
 * The sync state: what the API last confirmed, per crm_id, so a nightly import resends only what changed. One SQLite
 * file per base URL + org (stateFilePath). Losing it costs nothing but time: the next run sends every row once
 * (contacts are matched, not duplicated) and records them again.
 *
 * Schema 2, for a person with `sqlite3 <file>`:
 *   meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)
 *     schema_version '2' | base_url | org_id | created_at (ISO time)
 *   contacts(crm_id TEXT PRIMARY KEY, contact_id TEXT NOT NULL, phone TEXT NOT NULL,
 *            contact_fp TEXT, disposition_fp TEXT, assign_fp TEXT, confirmed_at TEXT NOT NULL,
 *            row_fp TEXT, row_steps TEXT) WITHOUT ROWID
 *     phone is E.164; each *_fp is the caller's fingerprint of what the API confirmed for that step, NULL when the
 *     step was never confirmed for this contact; confirmed_at is the ISO time (to the second) of the last confirm.
 *     row_fp is the key of the input row (as read) whose every step matches the stored fingerprints, and row_steps
 *     the optional steps it asks for ('disposition,assign', 'assign', ...): a row with that key is unchanged without
 *     being checked. Any confirm or forget clears them. Schema 1 (without them) is upgraded on open.
 *   e.g. SELECT count(*), max(confirmed_at) FROM contacts;
 *
 * WAL with synchronous=NORMAL: a process killed with kill -9 loses nothing committed; only a power cut may lose the
 * last commits, and a lost confirmation only means its row is sent again.
 */

/** What the API last confirmed for one crm_id. Fingerprints are opaque short strings computed by the caller; null = never confirmed. */
export interface KnownContact {
  contactId: string;
  /** E.164. */
  phone: string;
  /** Fingerprint of the contact fields. */
  contact: string | null;
  /** Fingerprint of the disposition columns. */
  disposition: string | null;
  /** Fingerprint of the assignment columns. */
  assign: string | null;
  /** The key of the input row whose every step matches these fingerprints (see settle); null when none does. */
  row: string | null;
  /** The optional steps that row asks for, e.g. 'disposition,assign' ('' for none). */
  rowSteps: string;
}

/** What one row confirmed in this run: the id and phone always; each fingerprint only for a step that succeeded now. */
export interface Confirmation {
  contactId: string;
  phone: string;
  contact?: string;
  disposition?: string;
  assign?: string;
}

/**
 * A row whose every step matches what the API confirmed: its key, and the fingerprints it was compared with. It is
 * recorded only while the stored fingerprints are still these (another row of the crm_id may have confirmed since).
 */
export interface Settlement {
  contactId: string;
  phone: string;
  /** The row's key (row-key.ts). */
  row: string;
  contact: string;
  /** Undefined: the row asks for no such step, and whatever is stored for it does not matter. */
  disposition: string | undefined;
  assign: string | undefined;
}

/** The schema this code writes; a file with a higher one was written by a newer saleschat-bulk and is left alone. */
const SCHEMA_VERSION = 2;
/** Writes per transaction: a commit per row would write its pages to the WAL once per row; 200 keep a crash's loss small. */
const COMMIT_EVERY = 200;
/** How long a write waits for another run's open batch on the same file before giving up. */
const BUSY_TIMEOUT_MS = 5000;
/**
 * Gets run inside a read transaction kept open across calls: one per get would take and drop SQLite's file locks
 * each time (about half of a get's cost). It is renewed every READS_PER_SNAPSHOT gets, so another run's commits
 * show and its checkpoints are not held back for long.
 */
const READS_PER_SNAPSHOT = 1000;
const MEMORY = ':memory:';

const SCHEMA = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE contacts (
    crm_id TEXT PRIMARY KEY,
    contact_id TEXT NOT NULL,
    phone TEXT NOT NULL,
    contact_fp TEXT,
    disposition_fp TEXT,
    assign_fp TEXT,
    confirmed_at TEXT NOT NULL,
    row_fp TEXT,
    row_steps TEXT
  ) WITHOUT ROWID;
`;

/** Schema 1 to 2: the settled row's key. Existing contacts have none: their next row is checked once, then settled. */
const UPGRADE_FROM_1 = `
  ALTER TABLE contacts ADD COLUMN row_fp TEXT;
  ALTER TABLE contacts ADD COLUMN row_steps TEXT;
  UPDATE meta SET value = '2' WHERE key = 'schema_version';
`;

/** The stored contact is still the same one: only then do fingerprints not confirmed now stay true. */
const SAME_CONTACT = 'contact_id = excluded.contact_id AND phone = excluded.phone';
const keepUnlessOther = (column: string) =>
  `${column} = CASE WHEN excluded.${column} IS NOT NULL THEN excluded.${column} WHEN ${SAME_CONTACT} THEN ${column} END`;

/** One statement, so a confirm is one B-tree lookup; the SET expressions all see the stored row, before the update. */
const UPSERT = `
  INSERT INTO contacts (crm_id, contact_id, phone, contact_fp, disposition_fp, assign_fp, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (crm_id) DO UPDATE SET
    ${keepUnlessOther('contact_fp')},
    ${keepUnlessOther('disposition_fp')},
    ${keepUnlessOther('assign_fp')},
    contact_id = excluded.contact_id,
    phone = excluded.phone,
    confirmed_at = excluded.confirmed_at,
    row_fp = NULL,
    row_steps = NULL
`;

/** Only while the stored contact and fingerprints are still the row's: a later confirm of the crm_id would differ. */
const SETTLE = `
  UPDATE contacts SET row_fp = @row, row_steps = @steps
  WHERE crm_id = @crmId AND contact_id = @contactId AND phone = @phone AND contact_fp = @contact
    AND (@disposition IS NULL OR disposition_fp = @disposition) AND (@assign IS NULL OR assign_fp = @assign)
`;

/**
 * SalesChat no longer holds what the state says it confirmed (verify found the contact changed there): the contact
 * fields' fingerprint and the settled row go, so the next import updates the contact by its known id instead of
 * taking the row as unchanged. The id, the phone and the other steps' fingerprints stay: those steps are not resent.
 */
const DRIFT = 'UPDATE contacts SET contact_fp = NULL, row_fp = NULL, row_steps = NULL WHERE crm_id = ?';

/**
 * A request is about to change some steps of a crm_id's contact (committed before it leaves, see StateSaver): their
 * fingerprints and the settled row go, as for DRIFT. Its answer may never come (kill -9, a power cut) while SalesChat
 * carries it out; the stored fingerprints would then still say the earlier content, and a next file saying that
 * again would be taken as unchanged, and SalesChat left holding the edit. The confirmation sets them again.
 */
const UNSURE = `
  UPDATE contacts SET
    contact_fp = CASE WHEN @contact THEN NULL ELSE contact_fp END,
    disposition_fp = CASE WHEN @disposition THEN NULL ELSE disposition_fp END,
    assign_fp = CASE WHEN @assign THEN NULL ELSE assign_fp END,
    row_fp = NULL,
    row_steps = NULL
  WHERE crm_id = @crmId
`;

type Fingerprint = string | null;
type KnownRow = [contactId: string, phone: string, contact: Fingerprint, disposition: Fingerprint, assign: Fingerprint, row: Fingerprint, rowSteps: string | null];
type UnsureParameters = { crmId: string; contact: 0 | 1; disposition: 0 | 1; assign: 0 | 1 };
type SettleParameters = { crmId: string; contactId: string; phone: string; row: string; steps: string; contact: string; disposition: Fingerprint; assign: Fingerprint };

/** Prepared once: preparing costs more than running, and get runs once per row. */
interface Statements {
  get: Database.Statement<[string], KnownRow>;
  confirm: Database.Statement<[string, string, string, Fingerprint, Fingerprint, Fingerprint, string]>;
  forget: Database.Statement<[string]>;
  drift: Database.Statement<[string]>;
  unsure: Database.Statement<[UnsureParameters]>;
  settle: Database.Statement<[SettleParameters]>;
  count: Database.Statement<[], number>;
  beginRead: Database.Statement<[]>;
  beginWrite: Database.Statement<[]>;
  commit: Database.Statement<[]>;
}

function prepareStatements(db: Database.Database): Statements {
  return {
    // Raw (an array per row): better-sqlite3 builds a keyed row object slower than the code below does (~1 µs a get).
    get: db.prepare<[string], KnownRow>('SELECT contact_id, phone, contact_fp, disposition_fp, assign_fp, row_fp, row_steps FROM contacts WHERE crm_id = ?').raw(),
    confirm: db.prepare(UPSERT),
    forget: db.prepare('DELETE FROM contacts WHERE crm_id = ?'),
    drift: db.prepare(DRIFT),
    unsure: db.prepare<[UnsureParameters]>(UNSURE),
    settle: db.prepare<[SettleParameters]>(SETTLE),
    count: db.prepare<[], number>('SELECT count(*) FROM contacts').pluck(),
    beginRead: db.prepare('BEGIN'),
    // IMMEDIATE takes the write lock now, waiting busy_timeout for another run, rather than failing mid-batch.
    beginWrite: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
  };
}

/** SQLite's (extended) result code, 'SQLITE_BUSY_SNAPSHOT', or a system error's, 'EACCES'; '' if none. */
function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const NO_STATE_HINT = 'or pass --no-state (every row is then sent, changed or not)';

function isDamaged(error: unknown): boolean {
  return codeOf(error).startsWith('SQLITE_NOTADB') || codeOf(error).startsWith('SQLITE_CORRUPT');
}

function damaged(path: string, error: unknown): UsageError {
  return new UsageError(
    `The sync state ${path} is not a readable database (${reasonOf(error)}). Delete it: the next run then sends every row once, without duplicates, and records them again.`,
    { cause: error },
  );
}

/** A failure to open the state: nothing was sent yet, so exit 2. */
function openFailure(path: string, error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (isDamaged(error)) return damaged(path, error);
  const reason = codeOf(error) === 'EACCES' ? 'permission denied' : reasonOf(error);
  return new UsageError(`Cannot open the sync state ${path}: ${reason}. Give --state-dir a folder that can be written, ${NO_STATE_HINT}.`, { cause: error });
}

/** A failure once the run has started: rows may have been sent, so it is an output failure (exit 74). */
function runFailure(path: string, error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (isDamaged(error)) return new OutputError(damaged(path, error).message, { cause: error });
  if (codeOf(error).startsWith('SQLITE_BUSY')) {
    return new OutputError(
      `The sync state ${path} was held by another run (an import to the same API and org) for over ${BUSY_TIMEOUT_MS / 1000} s. Let that run end first, ${NO_STATE_HINT}.`,
      { cause: error },
    );
  }
  return new OutputError(`Cannot write the sync state ${path}: ${reasonOf(error)}. Give --state-dir a folder with room that can be written, ${NO_STATE_HINT}.`, {
    cause: error,
  });
}

/** The folder (0o700) and an empty file (0o600) before SQLite creates it (0o644): SQLite then gives its -wal and -shm files the same mode. */
function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
}

function openDatabase(path: string): Database.Database {
  if (path !== MEMORY) createPrivately(path);
  const db = openSqlite(path);
  try {
    // exec, not pragma(): pragma() makes a statement object that would be collected (see sqlite.ts).
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};`);
    // No memory map: mapped pages count in the process's RSS (a 1M-contact state is ~165 MB), and an I/O error on
    // a mapped page ends the process with a signal instead of an error the run can report.
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Creates schema 1 in a new file, under the write lock: of two runs creating the same file, the second finds it done. */
function createSchema(db: Database.Database, path: string, identity: StateIdentity): void {
  db.transaction(() => {
    if (hasTable(db, 'meta')) return;
    if (db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() !== 0) {
      throw new UsageError(`${path} is an SQLite database but not a saleschat-bulk sync state: give --state-dir another folder, ${NO_STATE_HINT}.`);
    }
    db.exec(SCHEMA);
    const insert = db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?)');
    insert.run('schema_version', String(SCHEMA_VERSION));
    insert.run('base_url', identity.baseUrl);
    insert.run('org_id', identity.orgId);
    insert.run('created_at', new Date().toISOString());
  }).immediate();
}

/** A state is only ever used for the API and org it was made for, and only by code that knows its schema. */
function checkMeta(db: Database.Database, path: string, identity: StateIdentity): void {
  const rows = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM meta').all();
  const meta = new Map(rows.map((row) => [row.key, row.value]));
  const version = Number(meta.get('schema_version'));
  if (!Number.isInteger(version) || version < 1) {
    throw new UsageError(`${path} is not a saleschat-bulk sync state (its meta table has no schema_version): give --state-dir another folder, ${NO_STATE_HINT}.`);
  }
  if (version > SCHEMA_VERSION) {
    throw new UsageError(
      `The sync state ${path} was written by a newer saleschat-bulk (state schema ${version}; this one knows up to ${SCHEMA_VERSION}). Upgrade saleschat-bulk, or give --state-dir another folder.`,
    );
  }
  const [baseUrl, orgId] = [meta.get('base_url'), meta.get('org_id')];
  if (baseUrl !== identity.baseUrl || orgId !== identity.orgId) {
    throw new UsageError(
      `The sync state ${path} belongs to ${baseUrl ?? '(none)'} org ${orgId ?? '(none)'}, not to ${identity.baseUrl} org ${identity.orgId}. ` +
        'Each API and org has its own file (was it copied or renamed?): give --state-dir another folder, or delete this file.',
    );
  }
}

function schemaVersion(db: Database.Database): number {
  return Number(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get());
}

/** Brings an older schema (checkMeta passed it) up to SCHEMA_VERSION, under the write lock: of two runs, one does it. */
function upgradeSchema(db: Database.Database): void {
  if (schemaVersion(db) === SCHEMA_VERSION) return;
  db.transaction(() => {
    if (schemaVersion(db) === 1) db.exec(UPGRADE_FROM_1);
  }).immediate();
}

export class SyncState {
  /** The file, or ':memory:'. */
  readonly path: string;
  readonly #db: Database.Database;
  readonly #statements: Statements;
  /** The transaction open now: a read one for gets, or the write batch. */
  #open: 'none' | 'read' | 'write' = 'none';
  /** Gets in the open read transaction. */
  #reads = 0;
  /** Writes in the open write batch. */
  #pending = 0;
  /** confirmed_at, formatted once per second rather than once per row. */
  #second = -1;
  #stamp = '';

  private constructor(path: string, db: Database.Database) {
    this.path = path;
    this.#db = db;
    this.#statements = prepareStatements(db);
  }

  /** Opens (creating dir with mode 0o700 and file with 0o600 if needed) the state at `path`, or an in-memory one for ':memory:'. */
  static open(path: string, identity: StateIdentity): SyncState {
    let db: Database.Database | undefined;
    try {
      db = openDatabase(path);
      if (!hasTable(db, 'meta')) createSchema(db, path, identity);
      checkMeta(db, path, identity);
      upgradeSchema(db);
      return new SyncState(path, db);
    } catch (error) {
      db?.close();
      throw openFailure(path, error);
    }
  }

  /**
   * The state at `path` for reading only (import --dry-run --online): nothing is created, upgraded or locked.
   * Undefined when there is no such file, or it has an older schema (the next import upgrades it).
   */
  static openReadOnly(path: string, identity: StateIdentity): SyncState | undefined {
    if (!existsSync(path)) return undefined;
    let db: Database.Database | undefined;
    try {
      db = openSqlite(path, { readonly: true, fileMustExist: true });
      db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS};`);
      checkMeta(db, path, identity);
      if (schemaVersion(db) !== SCHEMA_VERSION) {
        db.close();
        return undefined;
      }
      return new SyncState(path, db);
    } catch (error) {
      db?.close();
      throw openFailure(path, error);
    }
  }

  /** What the API last confirmed for `crmId`, as of this run's writes too; undefined if never. */
  get(crmId: string): KnownContact | undefined {
    let row: KnownRow | undefined;
    try {
      if (this.#open === 'none' || (this.#open === 'read' && this.#reads >= READS_PER_SNAPSHOT)) this.#beginRead();
      this.#reads += 1;
      row = this.#statements.get.get(crmId);
    } catch (error) {
      this.#syncOpen();
      throw runFailure(this.path, error);
    }
    return row === undefined
      ? undefined
      : { contactId: row[0], phone: row[1], contact: row[2], disposition: row[3], assign: row[4], row: row[5], rowSteps: row[6] ?? '' };
  }

  /**
   * Records a confirmation. Upsert by crm_id. contact_id and phone always replace the stored ones; a fingerprint
   * given replaces the stored one, one not given is kept — EXCEPT when contactId or phone differs from what was
   * stored (another contact now): then the fingerprints not given become null.
   */
  confirm(crmId: string, confirmation: Confirmation): void {
    const { contactId, phone, contact, disposition, assign } = confirmation;
    this.#write(() => this.#statements.confirm.run(crmId, contactId, phone, contact ?? null, disposition ?? null, assign ?? null, this.#now()));
  }

  /**
   * Records that the row with key `settlement.row` is wholly confirmed: every step it asks for matches what is
   * stored. A no-op when the stored contact or fingerprints are not the row's (another row of the crm_id confirmed
   * something else since): a row is taken as unchanged unchecked only when checking it would say so too.
   */
  settle(crmId: string, settlement: Settlement): void {
    const { contactId, phone, row, contact, disposition, assign } = settlement;
    const steps = [disposition !== undefined && 'disposition', assign !== undefined && 'assign'].filter(Boolean).join(',');
    this.#write(() =>
      this.#statements.settle.run({ crmId, contactId, phone, row, steps, contact, disposition: disposition ?? null, assign: assign ?? null }),
    );
  }

  /** Forgets a crm_id (its id turned out stale: SalesChat answered 404 for it). */
  forget(crmId: string): void {
    this.#write(() => this.#statements.forget.run(crmId));
  }

  /** Marks a crm_id's contact as changed inside SalesChat (see DRIFT): its next import sends the contact fields again. */
  drift(crmId: string): void {
    this.#write(() => this.#statements.drift.run(crmId));
  }

  /** The steps about to be sent for a crm_id are no longer taken as confirmed (see UNSURE); commit before sending. */
  unsure(crmId: string, steps: { contact: boolean; disposition: boolean; assign: boolean }): void {
    const flag = (step: boolean) => (step ? 1 : 0);
    this.#write(() => this.#statements.unsure.run({ crmId, contact: flag(steps.contact), disposition: flag(steps.disposition), assign: flag(steps.assign) }));
  }

  /** How many crm_ids are known. */
  count(): number {
    try {
      return this.#statements.count.get()!;
    } catch (error) {
      throw runFailure(this.path, error);
    }
  }

  /** Makes every confirm/forget so far durable (commits the open write transaction; a read snapshot ends too). */
  commit(): void {
    if (this.#open === 'none') return;
    try {
      this.#end();
    } catch (error) {
      this.#syncOpen();
      throw runFailure(this.path, error);
    }
  }

  /** Commits and closes. Idempotent. */
  close(): void {
    if (!this.#db.open) return;
    try {
      this.commit();
    } finally {
      this.#db.close();
      this.#open = 'none';
    }
  }

  /**
   * Runs one write inside the open batch, beginning one if none is open; commits every COMMIT_EVERY writes. A read
   * transaction is ended first rather than made a write one: were its snapshot older than another run's last
   * commit, SQLite would refuse the upgrade at once instead of waiting.
   */
  #write(run: () => unknown): void {
    try {
      if (this.#open === 'read') this.#end();
      if (this.#open === 'none') {
        this.#statements.beginWrite.run();
        this.#open = 'write';
      }
      run();
    } catch (error) {
      this.#syncOpen();
      throw runFailure(this.path, error);
    }
    this.#pending += 1;
    if (this.#pending >= COMMIT_EVERY) this.commit();
  }

  #beginRead(): void {
    if (this.#open === 'read') this.#end();
    this.#statements.beginRead.run();
    this.#open = 'read';
    this.#reads = 0;
  }

  #end(): void {
    this.#statements.commit.run();
    this.#open = 'none';
    this.#pending = 0;
  }

  /** After a failure: SQLite rolls back by itself on some (a full disk), so what is open is asked, not assumed. */
  #syncOpen(): void {
    if (!this.#db.open || !this.#db.inTransaction) {
      this.#open = 'none';
      this.#pending = 0;
    }
  }

  #now(): string {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#stamp = new Date(second * 1000).toISOString();
    }
    return this.#stamp;
  }
}
