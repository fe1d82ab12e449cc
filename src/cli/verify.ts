import { VERIFY_FLAGS } from '../config/flags.js';
import { API_ROWS } from './api-help.js';
import { defineCommand } from './command.js';
import type { FlagRow } from './help-format.js';
import { DEDUPE_ROW, GLOBAL_ROWS, READING_ROWS, RESULTS_ROWS, SUMMARY_ROW, WAIT_LOCK_ROW } from './input-help.js';

const VERIFY_INPUT_ROWS: readonly FlagRow[] = [
  ['--results PATH', 'results CSV, one row per input row (default: <input>.verify.csv beside the input; required when reading standard input); - writes it to standard output'],
  [
    '--rejects PATH',
    'also write the input rows that did not match, with their original header and values and then error_code and error_message, ready to import again; - writes it to standard output',
  ],
  ...RESULTS_ROWS.filter(([flag]) => flag === '--rejects-include-duplicates'),
  SUMMARY_ROW,
  ...READING_ROWS,
  DEDUPE_ROW,
  ['--workers N', 'threads that check rows (default 0: look-ups wait on the network, and checking on the main thread keeps memory down)'],
  WAIT_LOCK_ROW,
  ...GLOBAL_ROWS,
];

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'Read SalesChat back for every valid row of a contact CSV and compare.',
  usage: 'saleschat-bulk verify <input> [flags]',
  about: `Reads <input> as import does (same mapping, checks and --dedupe), looks up the phone number of every valid
    row (read-only; import's throttle, concurrency, retries and abort rules) and compares the contact SalesChat holds
    with the row: the one with the row's crm_id, or the contact id the row (contact_id) or the sync state gives.
    Compared: crm_id, first_name and last_name (where the row gives them), opt_in_date (as instants), and that
    contact id. Nothing is changed in SalesChat.

    Results, one row per input row in input order: row, crm_id, phone_number, status, contact_id, differences,
    error_code, error_message, line. status is match; differs (differences lists the fields, error_message each
    with the file's value and SalesChat's; error_code CONTACT_DIFFERS); missing (no such contact on the number;
    error_message says what it holds instead; error_code CONTACT_NOT_FOUND); invalid or duplicate (as validate
    says; not looked up); failed (the look-up failed for good; the API's error_code); skipped (not looked up: the
    run was aborted).

    With the sync state (import's, on by default), a contact that differs is marked drifted and one that is missing
    is forgotten, so the next import sends them again instead of taking them as unchanged.

    Exit status: 0 every row matches, 1 some do not, 2 usage or input error, 3 aborted (401, 403, --max-errors), 4
    the input was not read to its end, 130 interrupted. Below, --concurrency and --max-errors count look-ups.`,
  sections: [
    {
      title: 'Sync state',
      rows: [
        ['--state-dir DIR', "import's sync state folder (default: SALESCHAT_STATE_DIR, else $XDG_STATE_HOME/saleschat-bulk, else ~/.local/state/saleschat-bulk)"],
        ['--no-state', 'neither read nor mark the sync state: contacts are found by crm_id only'],
      ],
    },
    { title: 'API', rows: API_ROWS },
    { title: 'Input and output', rows: VERIFY_INPUT_ROWS },
  ],
  examples: [
    { about: 'after an import (token in SALESCHAT_TOKEN): the verdicts go to contacts.verify.csv', line: 'saleschat-bulk verify contacts.csv --org acme' },
    { about: 'keep the rows that do not match, ready to import again', line: 'saleschat-bulk verify contacts.csv --org acme --rejects to-send.csv' },
    { about: 'from standard input, four look-ups at a time, without the sync state', line: 'saleschat-bulk verify - --results v.csv --concurrency 4 --no-state < c.csv' },
  ],
  flags: VERIFY_FLAGS,
  load: () => import('./verify-run.js'),
});
