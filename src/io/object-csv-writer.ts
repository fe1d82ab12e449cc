import type { Writable } from 'node:stream';
import { createCsvWriter, type CsvRowWriter, type CsvWriterOptions } from './csv-writer.js';
import { escapeFormula } from './escape-formula.js';

/** Turns one value of a column into its cell text. */
export type CellFormatter = (value: unknown) => string;

/** A value as cell text: strings as they are, numbers and booleans printed, null and undefined empty, objects as JSON. */
export function cellText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    default:
      return value === null ? '' : (JSON.stringify(value) ?? '');
  }
}

/** The safe default: every cell through escapeFormula. */
export const escapedCell: CellFormatter = (value) => escapeFormula(cellText(value));

export interface ObjectCsvWriterOptions extends CsvWriterOptions {
  /** How each column's values become cells; default `escapedCell` for every column. */
  formatterFor?: (column: string) => CellFormatter;
}

/** Writes objects as CSV rows, one cell per name in `columns`, in that order (the header is `columns`). */
export function createObjectCsvWriter<T extends object>(
  destination: string | Writable,
  columns: readonly string[],
  options: ObjectCsvWriterOptions = {},
): CsvRowWriter<T> {
  const { formatterFor = () => escapedCell, ...writerOptions } = options;
  const formatters = columns.map(formatterFor);
  const writer = createCsvWriter(destination, columns, writerOptions);
  const cells = (row: T): string[] => {
    const values = row as Record<string, unknown>;
    return columns.map((column, i) => formatters[i]!(values[column]));
  };
  return {
    get rowsWritten() {
      return writer.rowsWritten;
    },
    get rowsFlushed() {
      return writer.rowsFlushed;
    },
    write: (row) => writer.write(cells(row)),
    writeBatch: (rows) => writer.writeBatch(rows.map(cells)),
    close: () => writer.close(),
  };
}
