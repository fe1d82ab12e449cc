import type { Writable } from 'node:stream';
import { createObjectCsvWriter, escapedCell, type CellFormatter, type CsvRowWriter, type CsvWriterOptions } from '../io/index.js';
import { phoneCell } from '../io/results-writer.js';
import { EXPORT_COLUMNS, type ExportRow } from './export-row.js';

/** Every cell from the input or the API formula-escaped, except a valid E.164 number in phone_number, as in results. */
const exportFormatter = (column: string): CellFormatter => (column === 'phone_number' ? phoneCell : escapedCell);

/** The export file at `out`, or standard output for `-` (left open: the CLI still owns it); never over a `protect`ed file. */
export function createExportWriter(out: string, stdout: Writable, protect?: CsvWriterOptions['protect']): CsvRowWriter<ExportRow> {
  const destination = out === '-' ? stdout : out;
  return createObjectCsvWriter<ExportRow>(destination, EXPORT_COLUMNS, { formatterFor: exportFormatter, end: out !== '-', name: outputName(out), protect });
}

/** How the output is named in messages and the summary. */
export function outputName(out: string): string {
  return out === '-' ? 'standard output' : out;
}
