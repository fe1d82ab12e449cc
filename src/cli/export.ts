import { EXPORT_FLAGS } from '../config/flags.js';
import { API_ROWS } from './api-help.js';
import { defineCommand } from './command.js';
import type { FlagRow } from './help-format.js';
import { GLOBAL_ROWS, READING_ROWS, SUMMARY_ROW } from './input-help.js';

const EXPORT_INPUT_ROWS: readonly FlagRow[] = [
  ['-o, --out FILE', 'the export CSV (required); - writes it to standard output, while progress and summary still go to standard error'],
  SUMMARY_ROW,
  ...READING_ROWS,
  ['--workers N', 'threads that check rows (default 0: look-ups wait on the network, and checking on the main thread keeps memory down)'],
  ['--wait-lock', 'when another run is writing the same --out file, wait for it to finish (default: stop with exit 2, naming it)'],
  ...GLOBAL_ROWS,
];

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Write the SalesChat contacts that hold each phone number of a CSV.',
  usage: 'saleschat-bulk export <input> --out <file> [flags]',
  about: `Reads <input> (any CSV with a phone number column: a contact file, an import results file, an export file),
    looks each distinct valid number up once (get contacts by phone number) and writes, in input order: one row per
    contact found, one not_found row for a number no contact holds, one invalid row for a row whose phone is not a
    valid number, one failed row when the look-up failed for good.

    Columns: phone_number, id, crm_id, first_name, last_name, opt_in_date, create_date, is_expired, expiry_ts,
    status, error_code, error_message. Dates are RFC 3339. The file feeds back to import as it is.

    Exit status: 0 every row found or not_found, 1 some invalid or failed, 2 usage or input error, 3 aborted (401,
    403, --max-errors), 130 interrupted. Below, --concurrency and --max-errors count look-ups.`,
  sections: [
    { title: 'API', rows: API_ROWS },
    { title: 'Input and output', rows: EXPORT_INPUT_ROWS },
  ],
  examples: [
    { about: 'look every number up in a local sandbox', line: 'saleschat-bulk export contacts.csv --out found.csv --sandbox' },
    { about: 'what SalesChat holds for the rows of an import (token in SALESCHAT_TOKEN)', line: 'saleschat-bulk export contacts.results.csv --org acme --out found.csv' },
    { about: 'to standard output, one look-up at a time', line: 'saleschat-bulk export contacts.csv --org acme --out - --concurrency 1' },
  ],
  flags: EXPORT_FLAGS,
  load: () => import('./export-run.js'),
});
