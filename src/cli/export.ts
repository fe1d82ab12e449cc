import { API_FLAGS, INPUT_FLAGS, resolveApiConfig, resolveInputConfig } from '../config/config.js';
import { UsageError } from '../errors.js';
import { runExport } from '../export/run-export.js';
import { API_HELP } from './api-help.js';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';

// Export writes one file of its own: no results or rejects file, and it de-duplicates by phone, not crm_id.
const { results: _results, rejects: _rejects, dedupe: _dedupe, ...EXPORT_INPUT_FLAGS } = INPUT_FLAGS;

const EXPORT_FLAGS = {
  ...EXPORT_INPUT_FLAGS,
  ...API_FLAGS,
  out: { type: 'string', short: 'o' },
} as const;

const EXPORT_INPUT_HELP = `Input and output:
  -o, --out FILE          the export CSV (required); - writes it to standard output, progress and summary
                          still go to standard error
  --summary-json PATH     write the final figures as JSON
  --delimiter C           , ; tab or | (default: detected from the header line)
  --encoding NAME         for files that are not UTF-8: latin1, windows-1252, utf-16le (a BOM is detected)
  --map field=Header      use column "Header" for field (repeatable); e.g. --map phone_number="Mobile"
  --mapping-file FILE     a JSON object {"field": "Header", ...}; --map wins over it
  --default-country XX    read national phone numbers as country XX (ISO code, e.g. US, GB, DE)
  --workers N             threads that check rows (default 0: look-ups wait on the network, and checking
                          on the main thread keeps memory down)
  --wait-lock             when another run is writing the same --out file, wait for it to finish
                          (default: stop with exit 2, naming it)
  -q, --quiet             no progress or notices; the final summary is still printed
  -h, --help              this help
`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'Look up every phone number of a CSV in SalesChat and write the contacts that hold it as CSV.',
  help: [
    'Usage: saleschat-bulk export <input> --out <file> [flags]',
    '',
    'Reads <input> (any CSV with a phone number column: a contact file, an import results file, an export file),',
    'looks each distinct valid number up once (get contacts by phone number) and writes, in input order:',
    'one row per contact found, one not_found row for a number no contact holds, one invalid row for a row',
    'whose phone is not a valid number, one failed row when the look-up failed for good.',
    'Columns: phone_number, id, crm_id, first_name, last_name, opt_in_date, create_date, is_expired, expiry_ts,',
    'status, error_code, error_message. Dates are RFC 3339. The file feeds back to import as it is.',
    'Exit status: 0 every row found or not_found, 1 some invalid or failed, 2 usage or input error,',
    '3 aborted (401, 403, --max-errors), 130 interrupted. Below, --concurrency and --max-errors count look-ups.',
    '',
    API_HELP,
    '',
    EXPORT_INPUT_HELP,
  ].join('\n'),

  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('export', argv, EXPORT_FLAGS);
    const out = values.out;
    if (out === undefined || out === '') {
      throw new UsageError('export needs --out FILE for the export CSV (or --out - to write it to standard output).');
    }
    // No results file and no crm_id de-duplication: the out path stands in for the results path reading stdin needs.
    const input = resolveInputConfig('export', { ...values, results: out, dedupe: 'off' }, positionals);
    const api = await resolveApiConfig(values, io.env);
    return runExport({ input, api, out }, io);
  },
};
