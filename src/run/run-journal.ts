import { closeSync, fdatasyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { OutputError } from '../errors.js';
import type { ResultRow } from '../io/result-row.js';

/**
 * The journal beside the results file (`<results>.journal`): every row the API decided is appended the moment it
 * finishes, in whatever order rows finish. The results file is written in input order, so a slow row holds finished
 * rows back; were the process killed then, the journal still has them, and --resume reads both. Lines are JSON;
 * the first names the run. Rows that have reached the results file are dropped from time to time (compaction),
 * so the journal stays small however long the run.
 */

export interface JournaledRow extends ResultRow {
  fingerprint: string;
}

interface JournalHeader {
  journal: 1;
  run: string;
}

/** Rewrite the journal after this many rows, keeping only those not yet in the results file. */
const COMPACT_EVERY = 4096;
/** How often what was appended is forced to the disk (a process kill loses nothing; a power cut at most this much). */
const SYNC_EVERY_MS = 1000;

export class RunJournal {
  readonly path: string;
  readonly #header: string;
  /** Rows journaled since the last compaction point, by row number. */
  readonly #pending = new Map<number, string>();
  #fd: number;
  #sinceCompaction = 0;
  #dirty = false;
  readonly #timer: NodeJS.Timeout;

  /** Starts a new journal at `path` (an old one there is replaced). */
  constructor(path: string, run: string) {
    this.path = path;
    this.#header = `${JSON.stringify({ journal: 1, run } satisfies JournalHeader)}\n`;
    this.#fd = this.#rewrite([]);
    this.#timer = setInterval(() => this.#sync(), SYNC_EVERY_MS);
    this.#timer.unref();
  }

  /** Records a finished row; synchronous, so it is in the file before anything else happens. */
  record(row: JournaledRow): void {
    const line = `${JSON.stringify(row)}\n`;
    this.#append(line);
    this.#pending.set(row.row, line);
    this.#sinceCompaction += 1;
    this.#dirty = true;
  }

  /** Drops the rows up to `flushedRow` (they are in the results file now) once enough have gathered. */
  compact(flushedRow: number): void {
    if (this.#sinceCompaction < COMPACT_EVERY) return;
    for (const row of this.#pending.keys()) if (row <= flushedRow) this.#pending.delete(row);
    const old = this.#fd;
    this.#fd = this.#rewrite([...this.#pending.values()]);
    closeSync(old);
    this.#sinceCompaction = 0;
  }

  /** The run is over and every row is in the results file (or in what --resume keeps): the journal has served. */
  remove(): void {
    this.close();
    rmSync(this.path, { force: true });
  }

  /** Stops writing; the file stays, for --resume to read. */
  close(): void {
    clearInterval(this.#timer);
    if (this.#fd < 0) return;
    this.#sync();
    closeSync(this.#fd);
    this.#fd = -1;
  }

  #append(line: string): void {
    try {
      writeSync(this.#fd, line);
    } catch (error) {
      throw new OutputError(`Cannot write the journal ${this.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
    }
  }

  #sync(): void {
    if (!this.#dirty || this.#fd < 0) return;
    this.#dirty = false;
    try {
      fdatasyncSync(this.#fd);
    } catch {
      // a file system without fsync: the kernel still has every line
    }
  }

  /** Writes header + lines to a new file and renames it over the journal: a crash leaves the old or the new, whole. */
  #rewrite(lines: readonly string[]): number {
    const temporary = `${this.path}.tmp`;
    try {
      const fd = openSync(temporary, 'w');
      writeSync(fd, this.#header + lines.join(''));
      fdatasyncSync(fd);
      renameSync(temporary, this.path);
      return fd;
    } catch (error) {
      throw new OutputError(`Cannot write the journal ${this.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
    }
  }
}

/** What a journal left by an earlier run holds: its run and its rows by number (a torn last line is ignored). */
export async function readJournal(path: string): Promise<{ run: string | undefined; rows: Map<number, JournaledRow> } | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const rows = new Map<number, JournaledRow>();
  let run: string | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue; // cut short by a crash
    }
    if (typeof value !== 'object' || value === null) continue;
    if ('journal' in value) run = typeof (value as { run?: unknown }).run === 'string' ? (value as JournalHeader).run : undefined;
    else if (typeof (value as { row?: unknown }).row === 'number') rows.set((value as JournaledRow).row, value as JournaledRow);
  }
  return { run, rows };
}
