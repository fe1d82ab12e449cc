import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../src/contacts/header-map.js';
import { choosePreset, PRESET_NAMES, PRESETS, recognise, withPreset, type PresetName } from '../../src/contacts/presets.js';
import { EXPORT_FILE_COLUMNS } from '../../src/io/own-files.js';
import { RESULT_COLUMNS } from '../../src/io/result-row.js';

/** A sample's header, as the CLI reads it (BOM dropped, its own delimiter). */
function sampleHeader(name: string): string[] {
  const text = readFileSync(fileURLToPath(new URL(`../../samples/${name}`, import.meta.url)), 'utf8');
  const records: string[][] = parse(text.split('\n')[0] ?? '', { bom: true, delimiter: text.includes(';') && !text.includes(',') ? ';' : ',' });
  return records[0] ?? [];
}

const SAMPLE_OF: Record<PresetName, string> = {
  hubspot: 'hubspot-export.csv',
  salesforce: 'salesforce-export.csv',
  pipedrive: 'pipedrive-export.csv',
  zoho: 'zoho-export.csv',
  bitrix24: 'bitrix24-export.csv',
};

describe('recognise: a CRM export by the headers only it has together', () => {
  it.each(PRESET_NAMES.map((name) => [name, SAMPLE_OF[name]]))('%s from samples/%s', (name, file) => {
    expect(recognise(sampleHeader(file))).toBe(name);
  });

  it.each<[string, string[], PresetName | undefined]>([
    ['Salesforce leads', ['Lead ID', 'First Name', 'Mobile Phone', 'Lead Status', 'Lead Owner', 'Create Date'], 'salesforce'],
    ['HubSpot, owner instead of lifecycle stage', ['Record ID', 'Phone Number', 'Contact owner', 'Create Date'], 'hubspot'],
    ['Zoho CRM leads', ['Record Id', 'Lead Owner', 'Mobile', 'Lead Status', 'Created Time'], 'zoho'],
    ['headers in another case and spacing', ['record id', 'CREATE DATE', 'lifecycle_stage', 'Phone'], 'hubspot'],
    ['the canonical sample', sampleHeader('contacts.csv'), undefined],
    ['an Excel sheet', sampleHeader('excel-semicolon.csv'), undefined],
    ['this tool\'s export file', [...EXPORT_FILE_COLUMNS], undefined],
    ['this tool\'s results file', [...RESULT_COLUMNS], undefined],
    ['a generic sheet with one CRM-like header', ['Record ID', 'Phone', 'Created'], undefined],
    ['HubSpot but for one header', ['Record ID', 'Create Date', 'Phone Number'], undefined],
    ['two CRMs\' signatures at once: neither is guessed', ['Record ID', 'Create Date', 'Lifecycle Stage', 'Person - ID', 'Person - Name'], undefined],
  ])('%s -> %s', (_name, header, expected) => {
    expect(recognise(header)).toBe(expected);
  });
});

describe('choosePreset', () => {
  it('says which preset it recognised, and how to choose otherwise', () => {
    expect(choosePreset(undefined, sampleHeader('hubspot-export.csv'))?.notice).toBe(
      'Recognised a HubSpot export: --preset hubspot (its columns, and dates as YYYY-MM-DD HH:mm); give --preset or --map to choose otherwise.',
    );
  });

  it('applies the preset asked for, on any file, and says so', () => {
    const applied = choosePreset('bitrix24', ['ID', 'Name', 'Mobile phone', 'Created']);
    expect(applied).toEqual({ name: 'bitrix24', overrides: { first_name: 'Name' }, dateFormat: PRESETS.bitrix24.dateFormat, notice: `--preset bitrix24: its columns, and dates as ${PRESETS.bitrix24.dateFormat}.` });
  });

  it('none asked for and none recognised: none', () => {
    expect(choosePreset(undefined, sampleHeader('contacts.csv'))).toBeUndefined();
  });

  it.each<[string, PresetName, string[], Record<string, string>]>([
    ['a field the file maps by itself stays as it is', 'salesforce', ['crm_id', 'phone_number', 'opt_in_date', 'Contact ID', 'Mobile'], {}],
    ['a header that maps by itself is not taken for another field', 'bitrix24', ['crm_id', 'phone_number', 'opt_in_date', 'Name', 'First Name'], {}],
    ['only headers the file has', 'bitrix24', ['crm_id', 'phone_number', 'opt_in_date'], {}],
    ['a gap is filled, as the file spells the header', 'bitrix24', ['crm_id', 'phone_number', 'opt_in_date', ' NAME '], { first_name: 'NAME' }],
  ])('%s', (_name, preset, header, overrides) => {
    expect(choosePreset(preset, header)?.overrides).toEqual(overrides);
  });

  it.each(PRESET_NAMES.map((name) => [name, SAMPLE_OF[name]]))('%s: its sample maps every column the preset lists', (name, file) => {
    const header = sampleHeader(file);
    const mapping = mapHeader(header, choosePreset(name, header)?.overrides);
    const listed = Object.entries(PRESETS[name].columns).filter(([, cell]) => header.includes(cell));
    expect(listed.length).toBeGreaterThanOrEqual(3);
    for (const [field, cell] of listed) expect(mapping.label(field), field).toBe(cell);
  });

  it.each(PRESET_NAMES)('%s writes its date format in the tokens --date-format takes', (name) => {
    expect(PRESETS[name].dateFormat).toMatch(/^(?:YYYY|MM|M|DD|D|HH|H|hh|h|mm|ss|A|[^A-Za-z])+$/);
  });
});

describe('withPreset: --map and --mapping-file win', () => {
  const preset = choosePreset('bitrix24', ['ID', 'Name', 'Mobile phone', 'Created', 'Given']);

  it.each<[string, Record<string, string>, Record<string, string>]>([
    ['no --map: the preset\'s columns', {}, { first_name: 'Name' }],
    ['the same field, spelled loosely', { 'First Name': 'Given' }, { 'First Name': 'Given' }],
    ['the preset\'s header, for another field', { last_name: 'name' }, { last_name: 'name' }],
    ['another field and header: both', { crm_id: 'ID' }, { first_name: 'Name', crm_id: 'ID' }],
  ])('%s', (_name, user, expected) => {
    expect(withPreset(preset, user)).toEqual(expected);
  });

  it('no preset: the user\'s overrides as given', () => {
    expect(withPreset(undefined, { crm_id: 'Lead' })).toEqual({ crm_id: 'Lead' });
  });
});
