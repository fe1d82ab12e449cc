import { VALIDATE_FLAGS } from '../config/flags.js';
import { defineCommand } from './command.js';
import { INPUT_ROWS } from './input-help.js';

export const validateCommand = defineCommand({
  name: 'validate',
  summary: 'Check a contact CSV offline and write a results file.',
  usage: 'saleschat-bulk validate <input> [flags]',
  about: `Reads <input> (a .csv, a .csv.gz, an .xlsx workbook, or - for standard input), maps its header, normalises and validates every
    row, de-duplicates by crm_id and writes one results row per input row. No network.

    Exit status: 0 every row valid, 1 some rows invalid or duplicate, 2 usage or input error, 130 interrupted.`,
  sections: [{ title: 'Input and output', rows: INPUT_ROWS }],
  examples: [
    { about: 'results beside the input, in contacts.results.csv', line: 'saleschat-bulk validate contacts.csv' },
    { about: 'a Latin-1 file, its phone numbers written without +49', line: 'saleschat-bulk validate crm.csv --encoding latin1 --default-country DE' },
    { about: 'from standard input, keeping the rows to fix in their own file', line: 'saleschat-bulk validate - --results r.csv --rejects fix.csv < contacts.csv' },
  ],
  flags: VALIDATE_FLAGS,
  load: () => import('./validate-run.js'),
});
