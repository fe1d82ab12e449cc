import { TEMPLATE_FLAGS } from '../config/flags.js';
import { defineCommand } from './command.js';
import { GLOBAL_ROWS } from './input-help.js';

export const templateCommand = defineCommand({
  name: 'template',
  summary: 'Print the canonical header row and an example row.',
  usage: 'saleschat-bulk template > contacts.csv',
  about: `Prints the canonical header row and one example row. crm_id, phone_number and opt_in_date are required; every
    other column may be left empty or removed. Columns named additional.<key> become additionalFields[<key>] of the
    disposition call.`,
  sections: [{ title: 'Flags', rows: GLOBAL_ROWS.filter(([flag]) => flag !== '-q, --quiet') }],
  examples: [
    { about: 'a starting point for a contact file', line: 'saleschat-bulk template > contacts.csv' },
    { about: 'the example row, checked as an import would check it', line: 'saleschat-bulk template | saleschat-bulk validate - --results t.csv' },
  ],
  flags: TEMPLATE_FLAGS,
  load: () => import('./template-run.js'),
});
