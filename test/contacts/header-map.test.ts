import { describe, expect, it } from 'vitest';
import { CONTACT_FIELDS } from '../../src/contacts/fields.js';
import type { ContactField } from '../../src/contacts/fields.js';
import { mapHeader, rowToRawContact } from '../../src/contacts/header-map.js';
import { UsageError } from '../../src/errors.js';
import { EXPORT_FILE_COLUMNS } from '../../src/io/own-files.js';

const REQUIRED = ['crm_id', 'phone_number', 'opt_in_date'];

/** The column index each canonical field got, as a plain object. */
const columnsOf = (header: string[], overrides?: Record<string, string>) => Object.fromEntries(mapHeader(header, overrides).columns);

describe('mapHeader: headers map by their own names', () => {
  it.each(CONTACT_FIELDS.map((field) => [field]))('%s by its canonical name', (field) => {
    const header = ['Notes', ...new Set([...REQUIRED, field])];
    expect(mapHeader(header).columns.get(field)).toBe(header.indexOf(field));
  });

  it.each<[string, ContactField, string[]]>([
    ['CRM ID', 'crm_id', ['CRM ID', 'phone_number', 'opt_in_date']],
    ['crm-id', 'crm_id', ['crm-id', 'phone_number', 'opt_in_date']],
    ['Phone Number', 'phone_number', ['crm_id', 'Phone Number', 'opt_in_date']],
    ['PHONE_NUMBER', 'phone_number', ['crm_id', 'PHONE_NUMBER', 'opt_in_date']],
    ['phone.number', 'phone_number', ['crm_id', 'phone.number', 'opt_in_date']],
    ['Opt-In Date', 'opt_in_date', ['crm_id', 'phone_number', 'Opt-In Date']],
    ['  opt in date ', 'opt_in_date', ['crm_id', 'phone_number', '  opt in date ']],
    ['First Name', 'first_name', [...REQUIRED, 'First Name']],
    ['first.name', 'first_name', [...REQUIRED, 'first.name']],
    ['Assign On Handover', 'assign_on_handover', [...REQUIRED, 'Assign On Handover']],
    ['Remote WABA ID', 'remote_waba_id', [...REQUIRED, 'Remote WABA ID']],
  ])('%j -> %s', (cell, field, header) => {
    const mapping = mapHeader(header);
    expect(mapping.columns.get(field)).toBe(header.indexOf(cell));
    expect(mapping.label(field)).toBe(cell.trim());
  });

  it.each([
    [['additional.region'], [['region', 3]]],
    [['Additional.Sales Rep '], [['Sales Rep', 3]]],
    [['ADDITIONAL. tier', 'additional.x.y'], [['tier', 3], ['x.y', 4]]],
  ])('additional columns %j -> %j', (extra, expected) => {
    const mapping = mapHeader([...REQUIRED, ...extra]);
    expect(mapping.additional).toEqual(expected);
    expect(mapping.label(`additional.${expected[0]?.[0]}`)).toBe(extra[0]?.trim());
  });

  it('lists the headers that map to nothing, and labels unmapped fields by name', () => {
    const mapping = mapHeader(['Notes', ...REQUIRED, ' Owner ', '', 'additional.']);
    expect(mapping.ignored).toEqual(['Notes', 'Owner', 'additional.']);
    expect(mapping.label('first_name')).toBe('first_name');
  });
});

describe('mapHeader: required columns and aliases', () => {
  it.each<[string, string[], ContactField[] | undefined, Record<string, number>]>([
    ['a phone column is enough when only phone_number is required', ['Notes', 'Phone Number'], ['phone_number'], { phone_number: 1 }],
    ['the defaults still take all three', [...REQUIRED], undefined, { crm_id: 0, phone_number: 1, opt_in_date: 2 }],
    [
      'this tool\'s export file: its "id" is the contact_id',
      [...EXPORT_FILE_COLUMNS],
      ['phone_number'],
      { phone_number: 0, contact_id: 1, crm_id: 2, first_name: 3, last_name: 4, opt_in_date: 5 },
    ],
    ['a user\'s "ID" is the CRM\'s own record id: crm_id', ['ID', 'phone_number', 'opt_in_date'], undefined, { crm_id: 0, phone_number: 1, opt_in_date: 2 }],
    ['a user\'s "id" beside crm_id feeds nothing', [...REQUIRED, 'id'], undefined, { crm_id: 0, phone_number: 1, opt_in_date: 2 }],
  ])('%s', (_title, header, required, expected) => {
    expect(Object.fromEntries(mapHeader(header, {}, required ? { required } : {}).columns)).toEqual(expected);
  });

  it('the export file\'s "id" yields to a column named contact_id, and to an override: "id" is then ignored', () => {
    const header = [...EXPORT_FILE_COLUMNS, 'contact_id'];
    expect(mapHeader(header).columns.get('contact_id')).toBe(12);
    expect(mapHeader(header).ignored).toContain('id');
    const overridden = mapHeader([...EXPORT_FILE_COLUMNS, 'SC id'], { contact_id: 'SC id' });
    expect(overridden.columns.get('contact_id')).toBe(12);
    expect(overridden.ignored).toContain('id');
  });

  it('a missing required column is named alone when only it is required', () => {
    expect(() => mapHeader(['crm_id', 'Fax'], {}, { required: ['phone_number'] })).toThrow(
      'Missing required column phone_number (headers found: "crm_id", "Fax"). Map it with --map phone_number="<header>".',
    );
  });
});

describe('mapHeader: overrides', () => {
  const header = ['Lead ID', 'Mobile', 'Signed Up', 'phone_number', 'Region'];
  const overrides = { crm_id: 'Lead ID', phone_number: 'Mobile', opt_in_date: 'Signed Up' };

  it.each([
    ['exact header names', overrides, { crm_id: 0, phone_number: 1, opt_in_date: 2 }],
    ['headers in another case and spacing', { crm_id: 'lead_id', phone_number: 'MOBILE', opt_in_date: 'signed-up' }, { crm_id: 0, phone_number: 1, opt_in_date: 2 }],
    ['field names spelled loosely', { 'CRM ID': 'Lead ID', phoneNumber: 'Mobile', 'opt-in-date': 'Signed Up' }, { crm_id: 0, phone_number: 1, opt_in_date: 2 }],
    ['a header taken from its automatic field', { ...overrides, contact_id: 'phone_number' }, { crm_id: 0, phone_number: 1, opt_in_date: 2, contact_id: 3 }],
  ])('%s', (_title, given, expected) => {
    expect(columnsOf(header, given)).toEqual(expected);
  });

  it('an override wins over a header that would map by itself, which is then ignored', () => {
    const mapping = mapHeader(header, overrides);
    expect(mapping.ignored).toEqual(['phone_number', 'Region']);
    expect(mapping.label('phone_number')).toBe('Mobile');
  });

  it('maps additional.<key> by override, keeping the key as written', () => {
    expect(mapHeader(header, { ...overrides, 'additional.Area': 'Region' }).additional).toEqual([['Area', 4]]);
  });

  it('skips an undefined override', () => {
    expect(columnsOf([...REQUIRED], { first_name: undefined } as unknown as Record<string, string>)).toEqual({ crm_id: 0, phone_number: 1, opt_in_date: 2 });
  });
});

describe('mapHeader: usage errors', () => {
  it.each([
    [
      'a missing required column names it and lists the headers found',
      ['Lead ID', 'Fax', 'Name'],
      { crm_id: 'Lead ID', opt_in_date: 'Name' },
      'Missing required column phone_number (headers found: "Lead ID", "Fax", "Name"). Map it with --map phone_number="<header>".',
    ],
    [
      'several missing columns are each named',
      ['Lead', 'Fax'],
      {},
      'Missing required columns crm_id, phone_number, opt_in_date (headers found: "Lead", "Fax"). ' +
        'Map them with --map crm_id="<header>" --map phone_number="<header>" --map opt_in_date="<header>".',
    ],
    [
      'an unknown override field lists the valid fields',
      REQUIRED,
      { email: 'crm_id' },
      'Cannot map "email": it is not a field this tool knows (valid fields: crm_id, phone_number, opt_in_date, first_name, last_name, ' +
        'governance_level_id, is_inbound, source, contact_id, stage, disposition, user_id, group_id, remote_waba_id, remote_phone_id, ' +
        'assign_on_handover, additional.<key>).',
    ],
    [
      'an override header not in the file',
      REQUIRED,
      { first_name: 'Given Name' },
      'Cannot map first_name to "Given Name": no such header (headers found: "crm_id", "phone_number", "opt_in_date").',
    ],
    [
      'an override header matching several headers loosely',
      [...REQUIRED, 'Given-Name', 'given name'],
      { first_name: 'GIVEN_NAME' },
      'Cannot map first_name to "GIVEN_NAME": several headers match it; name one exactly (headers found: "crm_id", "phone_number", "opt_in_date", "Given-Name", "given name").',
    ],
    [
      'two headers mapping to one field',
      ['CRM ID', 'Phone', 'phone_number', 'Phone Number', 'opt_in_date'],
      {},
      'Headers "phone_number" and "Phone Number" both map to phone_number: rename one, or choose with --map phone_number="<header>".',
    ],
    [
      'two headers mapping to one additional key',
      [...REQUIRED, 'additional.tier', 'Additional.tier'],
      {},
      'Headers "additional.tier" and "Additional.tier" both map to additional.tier: rename one, or choose with --map additional.tier="<header>".',
    ],
    [
      'one field overridden twice under two spellings',
      ['A', 'B', ...REQUIRED],
      { crm_id: 'A', 'CRM ID': 'B' },
      'crm_id is mapped more than once; give one header for it.',
    ],
  ])('%s', (_title, header, overrides, message) => {
    expect(() => mapHeader(header, overrides)).toThrow(UsageError);
    expect(() => mapHeader(header, overrides)).toThrow(message);
  });
});

describe('rowToRawContact', () => {
  const mapping = mapHeader(['Notes', 'CRM ID', 'Phone', 'phone_number', 'opt_in_date', 'additional.tier', 'First Name'], { phone_number: 'Phone' });

  it.each([
    [
      'takes each mapped cell untouched',
      ['n', ' c1 ', '+1 415', 'x', '2024-01-15', 'gold', ''],
      { crm_id: ' c1 ', phone_number: '+1 415', opt_in_date: '2024-01-15', first_name: '', additional: { tier: 'gold' } },
    ],
    ['leaves out cells a short record lacks', ['n', 'c1', '+1 415'], { crm_id: 'c1', phone_number: '+1 415', additional: {} }],
  ])('%s', (_title, fields, expected) => {
    expect(rowToRawContact(fields, mapping)).toEqual(expected);
  });
});
