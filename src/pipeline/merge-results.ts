import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { cellText, createObjectCsvWriter } from '../csv/index.js';
import { RESULT_COLUMNS } from './result-row.js';

async function* rows(path: string): AsyncGenerator<Record<string, string>> {
  const parser = createReadStream(path).pipe(parse({ columns: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      // A line cut short by a crash lacks the last column: that row did not finish.
      if (record['attempts'] !== undefined && Number.isInteger(Number(record['row']))) yield record;
    }
  } catch {
    // An unreadable tail ends what the file tells; the rows after it are processed again.
  }
}

/**
 * An interrupted --resume leaves two files: the new results (the first rows) and the set-aside earlier results
 * (all rows as they were). Their union, newer first, is what is known now; written as one results file.
 */
export async function mergeResultsFiles(newer: string, older: string, out: string): Promise<void> {
  // Cells are written back as read: they were escaped once already and must not be escaped again.
  const writer = createObjectCsvWriter<Record<string, string>>(out, RESULT_COLUMNS, { formatterFor: () => cellText });
  let last = 0;
  for await (const record of rows(newer)) {
    last = Number(record['row']);
    await writer.write(record);
  }
  for await (const record of rows(older)) {
    if (Number(record['row']) > last) await writer.write(record);
  }
  await writer.close();
}
