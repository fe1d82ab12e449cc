import { createReadStream } from 'node:fs';
import { access, rename, rm } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { RESULT_COLUMNS, type ResultRow, type RowAction, type RowStatus, type StepStatus } from './result-row.js';

/** Rows in these states are final: --resume keeps them and sends nothing for them again. */
const FINAL: ReadonlySet<string> = new Set(['ok', 'invalid', 'duplicate']);
const ESCAPED = /^'[=@+\-\t\r]/;

/** Undo the formula escaping the results writer applied, so a copied row is not escaped twice. */
function unescape(cell: string): string {
  return ESCAPED.test(cell) ? cell.slice(1) : cell;
}

function toResultRow(record: Record<string, string>): ResultRow {
  const cell = (name: string) => unescape(record[name] ?? '');
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
  };
}

/** Reads an earlier results file in row order, answering "how did row N end?" for increasing N. */
export class PreviousResults {
  private readonly records: AsyncIterator<Record<string, string>>;
  private pending: ResultRow | undefined;
  private done = false;

  constructor(path: string) {
    const parser = createReadStream(path).pipe(
      parse({ columns: true, relax_column_count: true, skip_empty_lines: true, bom: true }),
    );
    this.records = parser[Symbol.asyncIterator]() as AsyncIterator<Record<string, string>>;
  }

  /** The earlier result of `row` if it ended final (ok, invalid, duplicate); rows must be asked in increasing order. */
  async finalResult(row: number): Promise<ResultRow | undefined> {
    while (!this.done && (this.pending === undefined || this.pending.row < row)) {
      const next = await this.next();
      if (next === undefined) this.done = true;
      else this.pending = next;
    }
    const found = this.pending;
    return found !== undefined && found.row === row && FINAL.has(found.status) ? found : undefined;
  }

  private async next(): Promise<ResultRow | undefined> {
    try {
      for (;;) {
        const next: IteratorResult<Record<string, string>> = await this.records.next();
        if (next.done === true) return undefined;
        const value = next.value;
        // A line cut short by a crash has fewer columns: it did not finish, so it is not final.
        if (value['attempts'] === undefined || !Number.isInteger(Number(value['row']))) continue;
        return toResultRow(value);
      }
    } catch {
      // An unreadable tail (a crash mid-line) ends what we know; those rows are processed again.
      return undefined;
    }
  }

  close(): void {
    void this.records.return?.();
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * Moves the results file aside as `<results>.prev` for --resume to read while it writes a new one.
 * If a `.prev` is already there, an earlier resume stopped part-way: the new file holds the first rows and `.prev`
 * the rest, so the two are merged first. Returns the path to read, or undefined when there is nothing to resume.
 */
export async function setAsidePreviousResults(resultsPath: string, mergeInto: (newer: string, older: string, out: string) => Promise<void>): Promise<string | undefined> {
  const previous = `${resultsPath}.prev`;
  const hasResults = await exists(resultsPath);
  const hasPrevious = await exists(previous);
  if (!hasResults) return hasPrevious ? previous : undefined;
  if (!hasPrevious) {
    await rename(resultsPath, previous);
    return previous;
  }
  const merged = `${previous}.tmp`;
  await mergeInto(resultsPath, previous, merged);
  await rename(merged, previous);
  await rm(resultsPath);
  return previous;
}

export const RESULT_HEADER: readonly string[] = RESULT_COLUMNS;
