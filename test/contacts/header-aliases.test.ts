import { describe, expect, it } from 'vitest';
import { checkRecord, describeIssues } from '../../src/contacts/check-record.js';
import { CONTACT_FIELDS, type ContactField } from '../../src/contacts/fields.js';
import { HEADER_ALIASES } from '../../src/contacts/header-aliases.js';
import { mapHeader, rowToRawContact, type HeaderMapping } from '../../src/contacts/header-map.js';
import { canonicalField, matchKey } from '../../src/contacts/header-names.js';

const REQUIRED = ['crm_id', 'phone_number', 'opt_in_date'];

/** field -> the headers it reads, first column first, as the file spells them. */
function readBy(mapping: HeaderMapping): Record<string, string[]> {
  const read: Record<string, string[]> = {};
  for (const [field, column] of mapping.columns) read[field] = [column, ...(mapping.fallbacks.get(field) ?? [])].map(mapping.headerOf);
  return read;
}

describe('the alias table', () => {
  const entries = Object.entries(HEADER_ALIASES).flatMap(([field, names]) => names.map((name) => [field as ContactField, name] as const));

  it('names each header once, whatever its spelling', () => {
    const keys = entries.map(([, name]) => matchKey(name));
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  it.each(entries)('%s <- %j, alone in a header', (field, name) => {
    expect(mapHeader([name], {}, { required: [] }).columns.get(field)).toBe(0);
  });

  it.each(entries)('%s <- %j: no other field\'s own name (contact_id\'s only as "contact_id")', (field, name) => {
    expect([undefined, field, 'contact_id']).toContain(canonicalField(name));
  });

  it.each<ContactField>(['contact_id', 'user_id', 'group_id', 'source', 'is_inbound', 'assign_on_handover'])('%s has no aliases: a guess there would fail every row', (field) => {
    expect(HEADER_ALIASES[field]).toBeUndefined();
  });
});

describe('mapHeader: the headers CRMs and spreadsheets export', () => {
  it.each<[string, string[], ContactField[] | undefined, Record<string, string[]>]>([
    [
      'HubSpot contacts',
      ['Record ID', 'First Name', 'Last Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Contact owner', 'Lifecycle Stage', 'Lead Status', 'Create Date'],
      undefined,
      {
        crm_id: ['Record ID'],
        first_name: ['First Name'],
        last_name: ['Last Name'],
        phone_number: ['Mobile Phone Number', 'Phone Number'],
        stage: ['Lifecycle Stage'],
        opt_in_date: ['Create Date'],
      },
    ],
    [
      'Salesforce contacts report',
      ['Contact ID', 'First Name', 'Last Name', 'Account Name', 'Mobile', 'Phone', 'Email', 'Contact Owner', 'Lead Source', 'Created Date'],
      undefined,
      { crm_id: ['Contact ID'], first_name: ['First Name'], last_name: ['Last Name'], phone_number: ['Mobile', 'Phone'], opt_in_date: ['Created Date'] },
    ],
    [
      'Salesforce leads report',
      ['Lead ID', 'First Name', 'Last Name', 'Company / Account', 'Phone', 'Mobile Phone', 'Lead Status', 'Lead Owner', 'Create Date'],
      undefined,
      { crm_id: ['Lead ID'], first_name: ['First Name'], last_name: ['Last Name'], phone_number: ['Mobile Phone', 'Phone'], stage: ['Lead Status'], opt_in_date: ['Create Date'] },
    ],
    [
      'Pipedrive people',
      ['Person - ID', 'Person - Name', 'Person - First name', 'Person - Last name', 'Person - Phone - Work', 'Person - Phone - Mobile', 'Person - Owner', 'Person - Person created'],
      undefined,
      {
        crm_id: ['Person - ID'],
        first_name: ['Person - First name'],
        last_name: ['Person - Last name'],
        phone_number: ['Person - Phone - Mobile', 'Person - Phone - Work'],
        opt_in_date: ['Person - Person created'],
      },
    ],
    [
      'Zoho CRM contacts',
      ['Record Id', 'Contact Owner', 'First Name', 'Last Name', 'Email', 'Phone', 'Mobile', 'Lead Source', 'Created Time', 'Modified Time'],
      undefined,
      { crm_id: ['Record Id'], first_name: ['First Name'], last_name: ['Last Name'], phone_number: ['Mobile', 'Phone'], opt_in_date: ['Created Time'] },
    ],
    [
      'Bitrix24 leads',
      ['ID', 'Lead name', 'Last name', 'Work phone', 'Mobile phone', 'Created', 'Stage', 'Responsible', 'Source'],
      undefined,
      { crm_id: ['ID'], last_name: ['Last name'], phone_number: ['Mobile phone', 'Work phone'], opt_in_date: ['Created'], stage: ['Stage'], source: ['Source'] },
    ],
    [
      'an Excel sheet',
      ['External ID', 'First Name', 'Surname', 'Telephone', 'Cell', 'Consent Date', 'Created'],
      undefined,
      { crm_id: ['External ID'], first_name: ['First Name'], last_name: ['Surname'], phone_number: ['Cell', 'Telephone'], opt_in_date: ['Consent Date'] },
    ],
    [
      'a Google Contacts export',
      ['Given Name', 'Family Name', 'Phone 1 - Type', 'Phone 1 - Value'],
      ['phone_number'],
      { first_name: ['Given Name'], last_name: ['Family Name'], phone_number: ['Phone 1 - Value'] },
    ],
    [
      'an Outlook export',
      ['First Name', 'Last Name', 'Business Phone', 'Mobile Phone', 'WhatsApp'],
      ['phone_number'],
      { first_name: ['First Name'], last_name: ['Last Name'], phone_number: ['WhatsApp', 'Mobile Phone', 'Business Phone'] },
    ],
  ])('%s', (_name, header, required, expected) => {
    expect(readBy(mapHeader(header, {}, required ? { required } : {}))).toEqual(expected);
  });

  it.each<[string, string[], Record<string, string[]>, string[]]>([
    ['a header spelled as the field is read alone', ['crm_id', 'Mobile', 'phone_number', 'opt_in_date'], { phone_number: ['phone_number'] }, ['Mobile']],
    ['the field\'s own name in another spelling takes its place in the list', ['crm_id', 'Phone', 'Phone Number', 'opt_in_date'], { phone_number: ['Phone Number', 'Phone'] }, []],
    ['a field other than the phone takes the first it lists, never a fallback', ['Record ID', 'External ID', 'Mobile', 'Create Date', 'Consent Date'], { crm_id: ['Record ID'], opt_in_date: ['Consent Date'] }, ['External ID', 'Create Date']],
    ['the field\'s own name comes first where the list does not place it', ['Contact ID', 'CRM ID', 'Mobile', 'Opt-In Date', 'Created'], { crm_id: ['CRM ID'], opt_in_date: ['Opt-In Date'] }, ['Contact ID', 'Created']],
    ['our export file\'s create_date does not stand in for its opt_in_date', ['crm_id', 'phone_number', 'opt_in_date', 'create_date'], { opt_in_date: ['opt_in_date'] }, ['create_date']],
  ])('%s', (_name, header, expected, ignored) => {
    const mapping = mapHeader(header);
    expect(readBy(mapping)).toMatchObject(expected);
    expect(mapping.ignored).toEqual(ignored);
  });

  it('an override takes the field with its one header: no fallbacks, the aliases ignored', () => {
    const mapping = mapHeader(['crm_id', 'Phone', 'Mobile', 'opt_in_date'], { phone_number: 'Phone' });
    expect(readBy(mapping)['phone_number']).toEqual(['Phone']);
    expect(mapping.ignored).toEqual(['Mobile']);
  });
});

describe('fallbacks: two columns for the phone', () => {
  const header = ['crm_id', 'Phone', 'Mobile', 'opt_in_date'];
  const mapping = mapHeader(header);
  const check = (fields: string[]) => checkRecord({ row: 1, line: 2, fields }, mapping, header.length, {});

  it.each<[string, string[], string | undefined]>([
    ['the mobile when it has one', ['A', '+12125550101', '+16465550111', '2024-01-15'], '+16465550111'],
    ['else the landline', ['A', '+12125550101', '', '2024-01-15'], '+12125550101'],
    ['a blank mobile counts as empty', ['A', '+12125550101', '   ', '2024-01-15'], '+12125550101'],
    ['a short record lacking the mobile', ['A', '+12125550101'], '+12125550101'],
    ['neither: the first column, empty', ['A', '', '', '2024-01-15'], ''],
  ])('%s', (_name, fields, phone) => {
    expect(rowToRawContact(fields, mapping).phone_number).toBe(phone);
  });

  it.each<[string, string[], string]>([
    ['a bad number names the column it came from', ['A', 'call me', '', '2024-01-15'], 'column "Phone": "call me" is not a valid phone number'],
    ['the mobile, when it was read', ['A', '+12125550101', '+1 555', '2024-01-15'], 'column "Mobile": "+1 555" is not a valid phone number (too short)'],
    ['both empty names both', ['A', '', '', '2024-01-15'], 'columns "Mobile" or "Phone": is required but empty'],
  ])('%s', (_name, fields, message) => {
    expect(describeIssues(check(fields).issues, mapping).message).toContain(message);
  });

  it('a NUL byte in the fallback column is the phone\'s, named by its own header', () => {
    const checked = checkRecord({ row: 1, line: 2, fields: ['A', '\uFFFD', '+16465550111', '2024-01-15'], oddBytes: [{ column: 1, nul: true, notUtf8: [] }] }, mapping, header.length, {});
    expect(describeIssues(checked.issues, mapping)).toEqual({ code: 'NUL_BYTE', message: 'column "Phone": holds a NUL byte (0x00)' });
  });
});

describe('contact_id: only SalesChat\'s own', () => {
  it.each<[string, ContactField]>([
    ['contact_id', 'contact_id'],
    ['CONTACT_ID', 'contact_id'],
    [' Contact_Id ', 'contact_id'],
    ['Contact ID', 'crm_id'],
    ['contact-id', 'crm_id'],
    ['ContactId', 'crm_id'],
    ['id', 'crm_id'],
  ])('%j feeds %s', (cell, field) => {
    const mapping = mapHeader([cell, 'phone_number'], {}, { required: ['phone_number'] });
    expect(mapping.columns.get(field)).toBe(0);
  });

  it('--map contact_id="Contact ID" is still a choice a person can make', () => {
    const mapping = mapHeader(['crm_id', 'Contact ID', 'phone_number', 'opt_in_date'], { contact_id: 'Contact ID' });
    expect(mapping.columns.get('contact_id')).toBe(1);
    expect(mapping.columns.get('crm_id')).toBe(0);
  });

  it.each(CONTACT_FIELDS.filter((field) => field !== 'contact_id'))('%s is untouched by the rule', (field) => {
    const header = [...new Set([...REQUIRED, field])];
    expect(mapHeader(header).columns.get(field)).toBe(header.indexOf(field));
  });
});

describe('the rejects file\'s error_code and error_message', () => {
  it.each<[string, string[], string[]]>([
    ['at the end: passed over without a word', [...REQUIRED, 'Notes', 'error_code', 'error_message'], ['Notes']],
    ['not at the end: ignored like any column', [...REQUIRED, 'error_code', 'error_message', 'Notes'], ['error_code', 'error_message', 'Notes']],
    ['in the other order', [...REQUIRED, 'error_message', 'error_code'], ['error_message', 'error_code']],
    ['spelled otherwise', [...REQUIRED, 'Error Code', 'error_message'], ['Error Code', 'error_message']],
    ['only one of them', [...REQUIRED, 'error_message'], ['error_message']],
  ])('%s', (_name, header, ignored) => {
    expect(mapHeader(header).ignored).toEqual(ignored);
  });

  it('a --map may still read one', () => {
    expect(mapHeader([...REQUIRED, 'error_code', 'error_message'], { disposition: 'error_code' }).columns.get('disposition')).toBe(3);
  });
});
