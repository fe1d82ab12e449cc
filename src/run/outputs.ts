import type { Writable } from 'node:stream';
import type { InputConfig } from '../config/index.js';
import type { CsvSource } from '../io/index.js';
import { createRejectsWriter, createResultsWriter } from '../io/index.js';
import type { InputRecord } from '../io/input-record.js';
import { inputProtection } from './output-paths.js';
import type { ResultRow } from '../io/result-row.js';
import { outputDestination } from './standard-output.js';

/** Where outcomes go: the results file (every row) and the rejects file (rows not ok, as they came in, with why). */
/** A results row, with any extra columns a command adds after the contract's (e.g. import --dry-run's `plan`). */
export type OutputRow = ResultRow & Record<string, unknown>;

export interface Outputs {
  /** Results rows handed to the operating system: rows up to this one survive the process being killed. */
  readonly resultsFlushed: number;
  write(row: ResultRow, record: InputRecord): Promise<void> | void;
  /** Many rows at once, in order: rows[i] is the outcome of records[i]. */
  writeBatch(rows: readonly ResultRow[], records: readonly InputRecord[]): Promise<void> | void;
  close(): Promise<void>;
}

export interface OutputsOptions {
  /** Written when --results or --rejects is "-". */
  stdout: Writable;
  /** Results columns after the contract's. */
  extraColumns?: readonly string[];
}

/** The code contacts/dedupe.ts gives a row another row with its crm_id is kept instead of. */
const DUPLICATE_CODE = 'DUPLICATE_CRM_ID';

/**
 * A row dropped because another with its crm_id is kept, invalid or not: fed back on its own it would be valid
 * (once fixed) and overwrite the kept row's contact, so the rejects file leaves it out unless asked.
 */
export function isDuplicateRow(row: Pick<ResultRow, 'status' | 'error_code'>): boolean {
  return row.status === 'duplicate' || (row.status === 'invalid' && row.error_code.split(';').includes(DUPLICATE_CODE));
}

/** Whether a row goes to the rejects file: not ok, and not a duplicate unless --rejects-include-duplicates. */
export function belongsInRejects(row: Pick<ResultRow, 'status' | 'error_code'>, includeDuplicates: boolean): boolean {
  return row.status !== 'ok' && (includeDuplicates || !isDuplicateRow(row));
}

export function openOutputs(config: InputConfig, source: CsvSource, options: OutputsOptions): Outputs {
  const { stdout, extraColumns = [] } = options;
  // Checked again on the opened files: a link to the input made after the paths were checked must not destroy it.
  const protect = inputProtection(source);
  const resultsTo = outputDestination(config.results, stdout);
  const results = createResultsWriter(resultsTo.destination, { ...resultsTo.stream, extraColumns, protect });
  let rejects: ReturnType<typeof createRejectsWriter> | undefined;
  try {
    const rejectsTo = config.rejects === undefined ? undefined : outputDestination(config.rejects, stdout);
    rejects = rejectsTo === undefined ? undefined : createRejectsWriter(rejectsTo.destination, source.header, source.delimiter, { ...rejectsTo.stream, protect });
  } catch (error) {
    void results.close().catch(() => undefined); // do not leave the results file open behind a usage error
    throw error;
  }
  const rejected = (row: ResultRow) => belongsInRejects(row, config.rejectsIncludeDuplicates);
  return {
    get resultsFlushed() {
      return results.rowsFlushed;
    },
    write(row, record) {
      const pending = results.write(row as OutputRow);
      const pendingReject = rejects !== undefined && rejected(row) ? rejects.write({ fields: record.fields, reason: row }) : undefined;
      if (pending === undefined && pendingReject === undefined) return undefined;
      return Promise.all([pending, pendingReject]).then(() => undefined);
    },
    writeBatch(rows, records) {
      const pending = results.writeBatch(rows as OutputRow[]);
      const toReject = rejects === undefined ? [] : records.flatMap((record, i) => (rejected(rows[i]!) ? [{ fields: record.fields, reason: rows[i]! }] : []));
      const pendingRejects = toReject.length > 0 ? rejects?.writeBatch(toReject) : undefined;
      if (pending === undefined && pendingRejects === undefined) return undefined;
      return Promise.all([pending, pendingRejects]).then(() => undefined);
    },
    async close() {
      await Promise.all([results.close(), rejects?.close()]);
    },
  };
}
