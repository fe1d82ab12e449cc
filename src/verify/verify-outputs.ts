import type { Writable } from 'node:stream';
import type { InputConfig } from '../config/index.js';
import { cellText, createObjectCsvWriter, createRejectsWriter, escapedCell, type CellFormatter, type CsvSource } from '../io/index.js';
import type { InputRecord } from '../io/input-record.js';
import { phoneCell } from '../io/results-writer.js';
import { inputProtection } from '../run/output-paths.js';
import { isDuplicateRow } from '../run/outputs.js';
import { outputDestination } from '../run/standard-output.js';
import { VERIFY_COLUMNS, type VerifyRow } from './verify-row.js';

/** Columns whose values verify itself writes (numbers, fixed words, field names): never a formula. */
const OWN_COLUMNS: ReadonlySet<string> = new Set(['row', 'status', 'differences', 'line']);

/** Every cell from the input or the API formula-escaped, except a valid E.164 number in phone_number, as in results. */
const verifyFormatter = (column: string): CellFormatter => (OWN_COLUMNS.has(column) ? cellText : column === 'phone_number' ? phoneCell : escapedCell);

/** The rejects file takes every row that does not match, duplicates only with --rejects-include-duplicates. */
export function belongsInVerifyRejects(row: Pick<VerifyRow, 'status' | 'error_code'>, includeDuplicates: boolean): boolean {
  if (row.status === 'match') return false;
  const asResult = { status: row.status === 'duplicate' || row.status === 'invalid' ? row.status : 'failed', error_code: row.error_code } as const;
  return includeDuplicates || !isDuplicateRow(asResult);
}

export interface VerifyOutputs {
  write(row: VerifyRow, record: InputRecord): Promise<void> | void;
  close(): Promise<void>;
}

/** The results file (every row) and, with --rejects, the input rows that did not match, as they came in, with why. */
export function openVerifyOutputs(config: InputConfig, source: CsvSource, stdout: Writable): VerifyOutputs {
  // Checked again on the opened files: a link to the input made after the paths were checked must not destroy it.
  const protect = inputProtection(source);
  const resultsTo = outputDestination(config.results, stdout);
  const results = createObjectCsvWriter<VerifyRow>(resultsTo.destination, VERIFY_COLUMNS, { formatterFor: verifyFormatter, ...resultsTo.stream, protect });
  let rejects: ReturnType<typeof createRejectsWriter> | undefined;
  try {
    const rejectsTo = config.rejects === undefined ? undefined : outputDestination(config.rejects, stdout);
    rejects = rejectsTo && createRejectsWriter(rejectsTo.destination, source.header, source.delimiter, { ...rejectsTo.stream, protect });
  } catch (error) {
    void results.close().catch(() => undefined); // do not leave the results file open behind a usage error
    throw error;
  }
  return {
    write(row, record) {
      const pending = results.write(row);
      const rejected = rejects !== undefined && belongsInVerifyRejects(row, config.rejectsIncludeDuplicates);
      const pendingReject = rejected ? rejects?.write({ fields: record.fields, reason: row }) : undefined;
      if (pending === undefined && pendingReject === undefined) return undefined;
      return Promise.all([pending, pendingReject]).then(() => undefined);
    },
    async close() {
      await Promise.all([results.close(), rejects?.close()]);
    },
  };
}
