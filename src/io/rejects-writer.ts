import type { Writable } from 'node:stream';
import { createCsvWriter, type CsvRowWriter, type CsvWriterOptions } from './csv-writer.js';

/**
 * The rejects file: the input's header and each rejected record's fields exactly as read, with the input's
 * delimiter and quoting only where needed. No formula escaping: it is fixed and fed back, not opened as a report.
 */
export function createRejectsWriter(
  destination: string | Writable,
  header: readonly string[],
  delimiter: string,
  options: Pick<CsvWriterOptions, 'protect'> = {},
): CsvRowWriter<readonly string[]> {
  return createCsvWriter(destination, header, { delimiter, ...options });
}
