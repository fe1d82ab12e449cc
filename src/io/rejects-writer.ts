import type { Writable } from 'node:stream';
import { createCsvWriter, type CsvRowWriter, type CsvWriterOptions } from './csv-writer.js';
import { escapeFormula } from './escape-formula.js';
import type { ResultRow } from './result-row.js';

/** The columns the rejects file ends with: each row's reason, so the file can be fixed without its results file. */
export const REASON_COLUMNS = ['error_code', 'error_message'] as const;

/** Why a row was rejected: its results row's own values. */
export type RejectReason = Pick<ResultRow, (typeof REASON_COLUMNS)[number]>;

/** One rejected record: its fields exactly as read, and its reason. */
export interface RejectedRow {
  fields: readonly string[];
  reason: RejectReason;
}

/** The rejects file's header, and where the reasons go in it. */
export interface RejectsLayout {
  header: readonly string[];
  /** The input's header length: fields past it (a record too long) follow every column, reasons included. */
  inputWidth: number;
  /** The column of error_code and of error_message. */
  reasonAt: readonly [code: number, message: number];
}

/**
 * The input's header, then error_code and error_message. A header that has them already (a rejects file fed back
 * and rejected again, an export or results file) keeps its columns, whose values are replaced: a reason is the
 * latest run's, and the file must not grow two columns each time it goes round.
 */
export function rejectsLayout(inputHeader: readonly string[]): RejectsLayout {
  const header = [...inputHeader];
  const columnOf = (name: string): number => {
    const found = inputHeader.findLastIndex((cell) => cell.trim() === name);
    if (found >= 0) return found;
    header.push(name);
    return header.length - 1;
  };
  const [code, message] = REASON_COLUMNS;
  return { header, inputWidth: inputHeader.length, reasonAt: [columnOf(code), columnOf(message)] };
}

/**
 * A rejected record's cells: its fields as read, padded to the header (a short record's missing cells are empty,
 * so each reason sits under its own column), the reasons, then any fields past the header. The reasons come from
 * this tool and the API, not the input, so they are formula-escaped as in the results file; the fields are not.
 */
export function rejectCells(layout: RejectsLayout, { fields, reason }: RejectedRow): string[] {
  const cells = layout.header.map((_, i) => (i < layout.inputWidth ? (fields[i] ?? '') : ''));
  cells[layout.reasonAt[0]] = escapeFormula(reason.error_code);
  cells[layout.reasonAt[1]] = escapeFormula(reason.error_message);
  return [...cells, ...fields.slice(layout.inputWidth)];
}

/**
 * The rejects file: the input's header and each rejected record's fields exactly as read, with the input's
 * delimiter and quoting only where needed, then each row's reason (rejectsLayout). The fields are not formula-
 * escaped: the file is fixed and fed back, and must read back as the values the input held.
 */
export function createRejectsWriter(
  destination: string | Writable,
  inputHeader: readonly string[],
  delimiter: string,
  options: Pick<CsvWriterOptions, 'protect' | 'end' | 'name'> = {},
): CsvRowWriter<RejectedRow> {
  const layout = rejectsLayout(inputHeader);
  const writer = createCsvWriter(destination, layout.header, { delimiter, ...options });
  return {
    get rowsWritten() {
      return writer.rowsWritten;
    },
    get rowsFlushed() {
      return writer.rowsFlushed;
    },
    write: (row) => writer.write(rejectCells(layout, row)),
    writeBatch: (rows) => writer.writeBatch(rows.map((row) => rejectCells(layout, row))),
    close: () => writer.close(),
  };
}
