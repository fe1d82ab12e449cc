import { templateConfig, type CommandLine, type TemplateConfig } from '../config/index.js';
import { ADDITIONAL_PREFIX, CONTACT_FIELDS } from '../contacts/fields.js';
import type { ExitCode } from '../errors.js';
import { cellText, createObjectCsvWriter } from '../io/index.js';
import type { Io } from '../run/io.js';

/** template's check and run, loaded only when it runs. */

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

export function check(line: CommandLine): Promise<TemplateConfig> {
  return Promise.resolve(templateConfig(line));
}

export async function run(_config: TemplateConfig, io: Io): Promise<ExitCode> {
  const writer = createObjectCsvWriter<Record<string, string>>(io.stdout, TEMPLATE_COLUMNS, { end: false, formatterFor: () => cellText });
  await writer.write(EXAMPLE);
  await writer.close();
  return 0;
}
