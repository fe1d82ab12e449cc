import type { InputConfig } from '../config/index.js';
import type { CsvSource } from '../io/index.js';
import { createRejectsWriter, createResultsWriter } from '../io/index.js';
import type { InputRecord } from '../io/input-record.js';
import { inputProtection } from './output-paths.js';
import type { ResultRow } from '../io/result-row.js';

/** Where outcomes go: the results file (every row) and the rejects file (rows not ok, as they came in). */
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

export function openOutputs(config: InputConfig, source: CsvSource, extraColumns: readonly string[] = []): Outputs {
  // Checked again on the opened files: a link to the input made after the paths were checked must not destroy it.
  const protect = inputProtection(source);
  const results = createResultsWriter(config.results, { extraColumns, protect });
  let rejects: ReturnType<typeof createRejectsWriter> | undefined;
  try {
    rejects = config.rejects === undefined ? undefined : createRejectsWriter(config.rejects, source.header, source.delimiter, { protect });
  } catch (error) {
    void results.close().catch(() => undefined); // do not leave the results file open behind a usage error
    throw error;
  }
  return {
    get resultsFlushed() {
      return results.rowsFlushed;
    },
    write(row, record) {
      const pending = results.write(row as OutputRow);
      const rejected = row.status !== 'ok' && rejects !== undefined ? rejects.write(record.fields) : undefined;
      if (pending === undefined && rejected === undefined) return undefined;
      return Promise.all([pending, rejected]).then(() => undefined);
    },
    writeBatch(rows, records) {
      const pending = results.writeBatch(rows as OutputRow[]);
      const rejected = rejects === undefined ? [] : records.filter((_, i) => rows[i]!.status !== 'ok').map((record) => record.fields);
      const pendingRejects = rejected.length > 0 ? rejects?.writeBatch(rejected) : undefined;
      if (pending === undefined && pendingRejects === undefined) return undefined;
      return Promise.all([pending, pendingRejects]).then(() => undefined);
    },
    async close() {
      await Promise.all([results.close(), rejects?.close()]);
    },
  };
}
