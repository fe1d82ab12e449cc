import type { FlagRow } from './help-format.js';

/** Help for the flags every command that reads a contact CSV shares; export leaves out the ones it does not take. */

export const RESULTS_ROWS: readonly FlagRow[] = [
  [
    '--results PATH',
    'results CSV, one row per input row (default: <input>.results.csv beside the input; required when reading standard input); - writes it to standard output (no lock file then, and import cannot --resume from it)',
  ],
  [
    '--rejects PATH',
    'also write the rows that did not end ok, with their original header and values and then error_code and error_message, ready to fix and feed back; - writes it to standard output',
  ],
  ['--rejects-include-duplicates', 'put duplicate rows in the rejects file too (by default they are left out: they were dropped on purpose)'],
];

export const SUMMARY_ROW: FlagRow = [
  '--summary-json PATH',
  'write the final figures as JSON; - writes them to standard output at the end (one output at most may be -; progress and the summary stay on standard error)',
];

export const READING_ROWS: readonly FlagRow[] = [
  ['--delimiter C', ', ; tab or | (default: detected from the header line)'],
  ['--encoding NAME', 'for files that are not UTF-8: latin1, windows-1252, utf-16le (a BOM is detected)'],
  ['--map field=Header', 'use column "Header" for field (repeatable); overrides the automatic matching'],
  ['--mapping-file FILE', 'a JSON object {"field": "Header", ...}; --map wins over it'],
  ['--default-country XX', 'read national phone numbers as country XX (ISO code, e.g. US, GB, DE)'],
  ['--preset NAME', "a CRM export's columns and date format: hubspot, salesforce, pipedrive, zoho, bitrix24 (default: recognised from the header when unmistakable)"],
  ['--date-format F', 'how opt-in dates are written, e.g. MM/DD/YYYY, DD.MM.YYYY, "M/D/YYYY h:mm A" (default: ISO 8601, epoch and unambiguous forms)'],
  ['--timezone ZONE', 'IANA zone of date-times written without one, e.g. Europe/Berlin (default: UTC)'],
  ['--sheet NAME', 'the worksheet of an .xlsx input (default: the first visible one); cells read as Excel shows them, dates as ISO 8601'],
];

export const DEDUPE_ROW: FlagRow = ['--dedupe first|last|off', 'which row of a repeated crm_id is kept (default: first)'];

export const WORKERS_ROW: FlagRow = [
  '--workers N',
  'threads that validate rows (default for validate: one per core, up to 4, for a file over 2 MB; import and export validate on the main thread; 0 = main thread)',
];

export const WAIT_LOCK_ROW: FlagRow = ['--wait-lock', 'when another run is writing the same results file, wait for it to finish (default: stop with exit 2, naming it)'];

/** The global flags, as each command's help lists them. */
export const GLOBAL_ROWS: readonly FlagRow[] = [
  ['-q, --quiet', 'no progress or notices; the final summary is still printed'],
  ['--no-color', 'no colour in the output (as NO_COLOR=1 does)'],
  ['-h, --help', 'this help'],
  ['-v, --version', 'the version'],
];

/** validate's and import's: the shared input and output flags, in the order a person reaches for them. */
export const INPUT_ROWS: readonly FlagRow[] = [...RESULTS_ROWS, SUMMARY_ROW, ...READING_ROWS, DEDUPE_ROW, WORKERS_ROW, WAIT_LOCK_ROW, ...GLOBAL_ROWS];
