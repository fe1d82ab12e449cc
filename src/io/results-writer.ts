import type { Writable } from 'node:stream';
import { RESULT_COLUMNS, type ResultRow } from './result-row.js';
import type { CsvRowWriter, CsvWriterOptions } from './csv-writer.js';
import { escapeFormula } from './escape-formula.js';
import { cellText, createObjectCsvWriter, escapedCell, type CellFormatter } from './object-csv-writer.js';

/** Columns whose values the tool itself produces (numbers and fixed words): never a formula, written as they are. */
const OWN_COLUMNS: ReadonlySet<string> = new Set(['row', 'status', 'action', 'disposition', 'assign', 'http_status', 'attempts', 'line', 'fingerprint']);

/** A valid E.164 number: the contract writes it as it is, though it starts with `+`. */
const E164 = /^\+[1-9]\d{6,14}$/;

/** phone_number's cells: a valid E.164 number as it is, anything else formula-escaped (the export file's too). */
export const phoneCell: CellFormatter = (value) => {
  const text = cellText(value);
  return E164.test(text) ? text : escapeFormula(text);
};

function resultFormatter(column: string): CellFormatter {
  if (OWN_COLUMNS.has(column)) return cellText;
  return column === 'phone_number' ? phoneCell : escapedCell;
}

/** `protect`: files the results must never be written over (the input); `end`, `name`: for a stream (standard output). */
export interface ResultsWriterOptions extends Pick<CsvWriterOptions, 'protect' | 'end' | 'name'> {
  /** Columns after the contract's, e.g. values echoed from the input; formula-escaped like them. */
  extraColumns?: readonly string[];
}

/** The results CSV: the contract's columns in order (then `extraColumns`), every cell from the input or the API formula-escaped. */
export function createResultsWriter(
  destination: string | Writable,
  options: ResultsWriterOptions = {},
): CsvRowWriter<ResultRow & Record<string, unknown>> {
  const { extraColumns = [], ...writerOptions } = options;
  const columns = [...RESULT_COLUMNS, ...extraColumns];
  return createObjectCsvWriter<ResultRow & Record<string, unknown>>(destination, columns, { formatterFor: resultFormatter, ...writerOptions });
}
