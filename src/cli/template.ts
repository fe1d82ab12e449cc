import { ADDITIONAL_PREFIX, CONTACT_FIELDS } from '../contacts/fields.js';
import type { Command } from './command.js';
import { parseCommandArgs } from './args.js';
import { cellText, createObjectCsvWriter } from '../io/index.js';
import { UsageError } from '../errors.js';

const EXAMPLE: Record<string, string> = {
  crm_id: 'LEAD-00042',
  phone_number: '+14155552671',
  opt_in_date: '2024-03-01T09:30:00Z',
  first_name: 'Ada',
  last_name: 'Lovelace',
  governance_level_id: '',
  is_inbound: 'false',
  source: 'BTRIX',
  contact_id: '',
  stage: 'Qualified',
  disposition: 'Interested',
  user_id: 'user-1',
  group_id: '',
  remote_waba_id: '',
  remote_phone_id: '',
  assign_on_handover: 'true',
  [`${ADDITIONAL_PREFIX}campaign`]: 'spring-2024',
};

export const TEMPLATE_COLUMNS: readonly string[] = [...CONTACT_FIELDS, `${ADDITIONAL_PREFIX}campaign`];

export const templateCommand: Command = {
  name: 'template',
  summary: 'Print the canonical header row and an example row (a starting point for a contact CSV).',
  help: [
    'Usage: saleschat-bulk template > contacts.csv',
    '',
    'Prints the canonical header row and one example row. crm_id, phone_number and opt_in_date are required;',
    'every other column may be left empty or removed. Columns named additional.<key> become additionalFields[<key>]',
    'of the disposition call.',
  ].join('\n'),
  async run(argv, io) {
    const { positionals } = parseCommandArgs('template', argv, { help: { type: 'boolean', short: 'h' } });
    // `template contacts.csv` reads as "write the template there": say it prints to stdout instead of ignoring the name.
    if (positionals.length > 0) {
      throw new UsageError(`template takes no arguments (got: ${positionals.join(' ')}); it prints to standard output: saleschat-bulk template > contacts.csv`);
    }
    const writer = createObjectCsvWriter<Record<string, string>>(io.stdout, TEMPLATE_COLUMNS, { end: false, formatterFor: () => cellText });
    await writer.write(EXAMPLE);
    await writer.close();
    return 0;
  },
};
