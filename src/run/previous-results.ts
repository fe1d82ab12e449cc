import { createReadStream } from 'node:fs';
import { access, open, rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { unescapeFormula } from '../io/escape-formula.js';
import { realPathOf } from '../io/file-identity.js';
import { UsageError } from '../errors.js';
import type { RowAction, RowStatus, StepStatus } from '../io/result-row.js';
import { runOf } from './row-fingerprint.js';
import { readJournal, type JournaledRow } from './run-journal.js';

/**
 * --resume. What earlier runs confirmed is kept in `<results>.resume`: JSON lines of the rows that ended `ok`, in row
 * order, each with its fingerprint. Before a resumed run starts, everything earlier runs left (the results file, the
 * journal of a run that was killed, the `.resume` file of a resume that was itself stopped) is folded into it; the
 * run then sends again every row whose content was not confirmed, and writes a complete new results file.
 */

export interface ResumeFiles {
  results: string;
  journal: string;
  resume: string;
}

export function resumeFiles(results: string): ResumeFiles {
  return { results, journal: `${results}.journal`, resume: `${results}.resume` };
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

function toRow(record: Record<string, string>): JournaledRow {
  const cell = (name: string) => unescapeFormula(record[name] ?? '');
  return {
    row: Number(record['row']),
    crm_id: cell('crm_id'),
    phone_number: cell('phone_number'),
    status: cell('status') as RowStatus,
    action: (cell('action') || 'none') as RowAction,
    contact_id: cell('contact_id'),
    disposition: cell('disposition') as StepStatus,
    assign: cell('assign') as StepStatus,
    http_status: record['http_status'] ? Number(record['http_status']) : '',
    error_code: cell('error_code'),
    error_message: cell('error_message'),
    attempts: Number(record['attempts'] ?? 0) || 0,
    line: Number(record['line'] ?? 0) || 0,
    fingerprint: record['fingerprint'] ?? '',
  };
}

/** The rows of a results file, in its (row) order; a line cut short by a crash, and what follows it, is left out. */
async function* resultsRows(path: string): AsyncGenerator<JournaledRow> {
  const parser = createReadStream(path).pipe(parse({ columns: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      if (record['fingerprint'] === undefined || !Number.isInteger(Number(record['row']))) continue;
      yield toRow(record);
    }
  } catch {
    // an unreadable tail ends what the file tells; those rows are sent again
  }
}

/** The rows of a `.resume` file, in row order. */
async function* keptRows(path: string): AsyncGenerator<JournaledRow> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    try {
      const value = JSON.parse(line) as Partial<JournaledRow> & { resume?: number };
      if (typeof value.row === 'number') yield value as JournaledRow;
    } catch {
      // a torn line
    }
  }
}

function sorted(rows: ReadonlyMap<number, JournaledRow>): AsyncIterable<JournaledRow> {
  const list = [...rows.values()].sort((a, b) => a.row - b.row);
  return (async function* () {
    for (const row of list) yield await Promise.resolve(row);
  })();
}

/** Two row-ordered streams as one; where both have a row, `first` wins. */
async function* byRow(first: AsyncIterable<JournaledRow>, second: AsyncIterable<JournaledRow>): AsyncGenerator<JournaledRow> {
  const a = first[Symbol.asyncIterator]();
  const b = second[Symbol.asyncIterator]();
  const next = async (it: AsyncIterator<JournaledRow>) => {
    const result = await it.next();
    return result.done === true ? undefined : result.value;
  };
  let x = await next(a);
  let y = await next(b);
  while (x !== undefined || y !== undefined) {
    if (x !== undefined && (y === undefined || x.row <= y.row)) {
      if (y !== undefined && x.row === y.row) y = await next(b);
      yield x;
      x = await next(a);
    } else if (y !== undefined) {
      yield y;
      y = await next(b);
    }
  }
}

/** The header and the first fingerprint of a results file: who wrote it. */
async function resultsOwner(path: string): Promise<{ hasFingerprints: boolean; run: string | undefined }> {
  const parser = createReadStream(path).pipe(parse({ columns: true, relax_column_count: true, to_line: 3, bom: true }));
  let columns: string[] = [];
  parser.on('data', () => undefined);
  parser.once('header', (header: string[]) => (columns = header));
  const records: Record<string, string>[] = [];
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) records.push(record);
  } catch {
    // unreadable: judged by what was read
  }
  const hasFingerprints = columns.includes('fingerprint') || records.some((record) => 'fingerprint' in record);
  return { hasFingerprints, run: records.map((record) => runOf(record['fingerprint'])).find((run) => run !== undefined) };
}

function otherRun(path: string): UsageError {
  return new UsageError(
    `${path} holds the results of an import of another input, or into another base URL or org: --resume cannot continue it ` +
      `(its rows were not confirmed for this one). Give this import its own --results path, move that file away, or run without --resume to start afresh.`,
  );
}

/** A name beside `path` that does not exist yet: `<path>.bak`, `<path>.bak.2`, ... */
async function freeName(path: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${path}.bak` : `${path}.bak.${n}`;
    if (!(await exists(candidate))) return candidate;
  }
}

export interface PreparedResume {
  /** The `.resume` file to read, or undefined when no earlier row is confirmed. */
  path: string | undefined;
  /** What to tell the person, before the run. */
  notices: string[];
}

/**
 * Folds what earlier runs left into `<results>.resume` and removes the rest, refusing (exit 2) files of another
 * input or destination. `run` is this run's key (row-fingerprint.ts).
 */
export async function prepareResume(files: ResumeFiles, run: string): Promise<PreparedResume> {
  const notices: string[] = [];
  let results: string | undefined = (await exists(files.results)) ? files.results : undefined;
  if (results !== undefined) {
    const owner = await resultsOwner(results);
    if (!owner.hasFingerprints) {
      const aside = await freeName(results);
      await rename(results, aside);
      notices.push(`${results} was not written by import (validate writes the same file, as did versions before 0.2): it holds nothing to resume, so it is kept as ${aside} and every row is sent.`);
      results = undefined;
    } else if (owner.run !== undefined && owner.run !== run) {
      throw otherRun(files.results);
    }
  }
  const journal = await readJournal(files.journal);
  if (journal?.run !== undefined && journal.run !== run) throw otherRun(files.journal);
  const kept = (await exists(files.resume)) ? files.resume : undefined;
  if (kept !== undefined) {
    const first = await keptHeader(kept);
    if (first !== undefined && first !== run) throw otherRun(files.resume);
  }

  const latest = informative(byRow(sorted(journal?.rows ?? new Map<number, JournaledRow>()), results === undefined ? empty() : resultsRows(results)));
  const merged = kept === undefined ? latest : byRow(latest, keptRows(kept));
  const temporary = `${files.resume}.tmp`;
  const out = await open(temporary, 'w');
  let confirmed = 0;
  try {
    let chunk = `${JSON.stringify({ resume: 1, run })}\n`;
    for await (const row of merged) {
      if (row.status !== 'ok' || runOf(row.fingerprint) !== run || row.fingerprint.endsWith('.')) continue;
      confirmed += 1;
      chunk += `${JSON.stringify(row)}\n`;
      if (chunk.length > 1 << 16) {
        await out.write(chunk);
        chunk = '';
      }
    }
    await out.write(chunk);
    await out.datasync();
  } finally {
    await out.close();
  }
  // The order matters for a crash in between: the new .resume is whole before anything it folds in goes.
  await rename(temporary, files.resume);
  await rm(files.journal, { force: true });
  if (results !== undefined) await rm(results, { force: true });
  notices.push(
    confirmed > 0
      ? `Resuming: ${confirmed.toLocaleString('en-US')} row(s) confirmed by earlier runs are not sent again where their content is unchanged; every other row is sent.`
      : `Nothing confirmed to resume from at ${files.results}: every row is sent.`,
  );
  return { path: confirmed > 0 ? files.resume : undefined, notices };
}

async function* empty(): AsyncGenerator<JournaledRow> {}

/**
 * The rows of the latest run that say something about SalesChat: confirmed, or sent. A row it did not send
 * (invalid, a dry run, not reached before an abort) leaves what an earlier run confirmed for that row standing.
 */
async function* informative(rows: AsyncIterable<JournaledRow>): AsyncGenerator<JournaledRow> {
  for await (const row of rows) if (row.status === 'ok' || row.attempts > 0) yield row;
}

/**
 * validate and import --dry-run write a results file too: over the file of an import that did not finish, they would
 * destroy what --resume needs. An import that did not finish (killed, interrupted, aborted, its input cut short)
 * leaves its journal, and a --resume run its `.resume` file, until a run finishes; either one refuses (exit 2).
 * Looked for beside the path given and beside the file it leads to: a symlink to those results is no way around.
 */
export async function refuseOverUnfinishedImport(results: string): Promise<void> {
  if (results === '-') return;
  const left: string[] = [];
  for (const name of new Set([results, await realPathOf(results)])) {
    const files = resumeFiles(name);
    for (const sidecar of [files.journal, files.resume]) if (await exists(sidecar)) left.push(sidecar);
  }
  if (left.length === 0) return;
  throw new UsageError(
    `${results} holds the results of an import that did not finish (${left.join(' and ')} ${left.length === 1 ? 'is' : 'are'} there), ` +
      `and this run would overwrite what --resume needs to continue it. Finish that import first (the same import command with --resume), ` +
      `give this run another --results path, or, to give that import up, delete ${left.join(' and ')}.`,
  );
}

async function keptHeader(path: string): Promise<string | undefined> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    try {
      const value = JSON.parse(line) as { run?: unknown };
      return typeof value.run === 'string' ? value.run : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Reads a `.resume` file in row order, answering "was row N, with this fingerprint, confirmed?" for increasing N. */
export class ConfirmedRows {
  readonly #rows: AsyncIterator<JournaledRow>;
  #next: JournaledRow | undefined;
  #done = false;
  /** Rows are asked for while earlier answers are still being read: each question waits for the one before. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    this.#rows = keptRows(path)[Symbol.asyncIterator]();
  }

  /** The earlier ok row when `row` was confirmed with exactly this fingerprint; rows must be asked in increasing order. */
  confirmed(row: number, fingerprint: string): Promise<JournaledRow | undefined> {
    const answer = this.#queue.then(() => this.#lookUp(row, fingerprint));
    this.#queue = answer;
    return answer;
  }

  async #lookUp(row: number, fingerprint: string): Promise<JournaledRow | undefined> {
    while (!this.#done && (this.#next === undefined || this.#next.row < row)) {
      const result = await this.#rows.next();
      if (result.done === true) this.#done = true;
      else this.#next = result.value;
    }
    const found = this.#next;
    return found?.row === row && found.fingerprint === fingerprint ? found : undefined;
  }

  close(): void {
    void this.#rows.return?.();
  }
}
