import { PRESET_NAMES, type PresetName } from '../config/preset-names.js';
import { ownFileKind } from '../io/own-files.js';
import type { ContactField } from './fields.js';
import { automaticMatch } from './header-match.js';
import { canonicalField, matchKey } from './header-names.js';

/**
 * CRM presets (--preset): each the columns a CRM's export has and the way it writes dates. Data, not code.
 *
 * The alias table (header-aliases.ts) already knows these exports' headers; a preset adds the date format, and fills
 * only what automatic matching leaves empty with headers it leaves unread (Bitrix24's "Name" is a first name there,
 * a whole name elsewhere). So a preset never changes a column the file already maps by itself, and --map wins over it.
 */

export { PRESET_NAMES, type PresetName };

export interface Preset {
  /** The CRM as people name it. */
  title: string;
  /** Field -> the header the CRM's export gives it. */
  columns: Readonly<Partial<Record<ContactField, string>>>;
  /** Its exports' opt-in (created) dates, as a person writes a format (contacts/dates.ts reads ISO 8601 whatever this says). */
  dateFormat: string;
  /** Header sets only this CRM's export has together: a file with every header of one of them is that CRM's. */
  signatures: readonly (readonly string[])[];
}

export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  hubspot: {
    title: 'HubSpot',
    columns: { crm_id: 'Record ID', phone_number: 'Mobile Phone Number', opt_in_date: 'Create Date', first_name: 'First Name', last_name: 'Last Name', stage: 'Lifecycle Stage' },
    dateFormat: 'YYYY-MM-DD HH:mm', // 2024-03-16 09:05
    signatures: [
      ['Record ID', 'Create Date', 'Lifecycle Stage'],
      ['Record ID', 'Create Date', 'Contact owner'],
    ],
  },
  salesforce: {
    title: 'Salesforce',
    columns: { crm_id: 'Contact ID', phone_number: 'Mobile', opt_in_date: 'Created Date', first_name: 'First Name', last_name: 'Last Name' },
    dateFormat: 'M/D/YYYY h:mm A', // 3/16/2024 9:05 AM, a report exported by a US-English user
    signatures: [
      ['Contact ID', 'Contact Owner', 'Account Name'],
      ['Lead ID', 'Lead Owner', 'Lead Status'],
    ],
  },
  pipedrive: {
    title: 'Pipedrive',
    columns: {
      crm_id: 'Person - ID',
      phone_number: 'Person - Phone - Mobile',
      opt_in_date: 'Person - Person created',
      first_name: 'Person - First name',
      last_name: 'Person - Last name',
    },
    dateFormat: 'YYYY-MM-DD HH:mm:ss', // 2024-03-16 09:05:12
    signatures: [['Person - ID', 'Person - Name']],
  },
  zoho: {
    title: 'Zoho CRM',
    columns: { crm_id: 'Record Id', phone_number: 'Mobile', opt_in_date: 'Created Time', first_name: 'First Name', last_name: 'Last Name', stage: 'Lead Status' },
    dateFormat: 'YYYY-MM-DD HH:mm:ss', // 2024-03-16 09:05:12
    signatures: [
      ['Record Id', 'Created Time', 'Contact Owner'],
      ['Record Id', 'Created Time', 'Lead Owner'],
    ],
  },
  bitrix24: {
    title: 'Bitrix24',
    // "Name" is Bitrix24's first-name field; "Lead name" is the lead's title, not a person's name.
    columns: { crm_id: 'ID', phone_number: 'Mobile phone', opt_in_date: 'Created', first_name: 'Name', last_name: 'Last name', stage: 'Stage' },
    dateFormat: 'DD.MM.YYYY HH:mm:ss', // 05.06.2024 10:04:00; a date alone (05.06.2024) is that day's midnight
    signatures: [
      ['Lead name', 'Responsible', 'Mobile phone'],
      ['Lead name', 'Responsible person', 'Mobile phone'],
    ],
  },
};

/** What a preset brings to a run: field -> header overrides (only headers the file has), a date format, and a line saying so. */
export interface AppliedPreset {
  name: PresetName;
  overrides: Readonly<Record<string, string>>;
  dateFormat: string | undefined;
  notice: string;
}

/** The preset asked for, else the one the header set shows unmistakably, else none. */
export function choosePreset(asked: PresetName | undefined, header: readonly string[]): AppliedPreset | undefined {
  const name = asked ?? recognise(header);
  if (name === undefined) return undefined;
  const { title, dateFormat } = PRESETS[name];
  const how = `its columns, and dates as ${dateFormat}`;
  const notice =
    asked === undefined
      ? `Recognised a ${title} export: --preset ${name} (${how}); give --preset or --map to choose otherwise.`
      : `--preset ${name}: ${how}.`;
  return { name, overrides: gapFillers(name, header), dateFormat, notice };
}

/** The one preset whose signature the header has; none when none or several do (a file is not guessed at). */
export function recognise(header: readonly string[]): PresetName | undefined {
  const keys = new Set(header.map(matchKey));
  const found = PRESET_NAMES.filter((name) => PRESETS[name].signatures.some((signature) => signature.every((cell) => keys.has(matchKey(cell)))));
  return found.length === 1 ? found[0] : undefined;
}

/** The preset's columns the header has, for fields no header maps by itself, from headers that map to nothing by themselves. */
function gapFillers(name: PresetName, header: readonly string[]): Record<string, string> {
  const ownFile = ownFileKind(header);
  const fed = new Set<string>();
  const unread = new Map<string, string>();
  for (const cell of header) {
    const match = automaticMatch(cell, ownFile);
    if (match === undefined) unread.set(matchKey(cell), cell.trim());
    else fed.add(match.target);
  }
  const overrides: Record<string, string> = {};
  for (const [field, wanted] of Object.entries(PRESETS[name].columns)) {
    const cell = unread.get(matchKey(wanted));
    if (cell !== undefined && !fed.has(field)) overrides[field] = cell;
  }
  return overrides;
}

/**
 * The overrides a run maps with: the preset's, then --mapping-file and --map, which win. A preset column whose field
 * or header the user's overrides name is dropped, so a user's choice never meets "mapped more than once".
 */
export function withPreset(preset: AppliedPreset | undefined, user: Readonly<Record<string, string>>): Record<string, string> {
  const fields = new Set(Object.keys(user).map((field) => canonicalField(field) ?? field));
  const headers = new Set(Object.values(user).map(matchKey));
  const kept = Object.entries(preset?.overrides ?? {}).filter(([field, cell]) => !fields.has(field) && !headers.has(matchKey(cell)));
  return { ...Object.fromEntries(kept), ...user };
}
