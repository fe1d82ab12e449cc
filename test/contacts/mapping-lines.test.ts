import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../src/contacts/header-map.js';
import { mappingLines } from '../../src/contacts/mapping-lines.js';

describe('mappingLines: which header feeds each field, one line a field', () => {
  it.each<[string, string[], Record<string, string>, string[]]>([
    [
      'the API\'s field order, names aligned, additional.<key> last',
      ['additional.tier', 'Opt-In Date', 'Phone Number', 'CRM ID', 'First Name'],
      {},
      [
        'Columns (field <- header):',
        '  crm_id          <- "CRM ID"',
        '  phone_number    <- "Phone Number"',
        '  opt_in_date     <- "Opt-In Date"',
        '  first_name      <- "First Name"',
        '  additional.tier <- "additional.tier"',
      ],
    ],
    [
      'fallbacks in the order they are tried',
      ['Record ID', 'Phone Number', 'Mobile Phone Number', 'Create Date', 'WhatsApp'],
      {},
      [
        'Columns (field <- header):',
        '  crm_id       <- "Record ID"',
        '  phone_number <- "WhatsApp", else "Mobile Phone Number", else "Phone Number"',
        '  opt_in_date  <- "Create Date"',
      ],
    ],
    [
      'a CRM\'s "Contact ID" shows as the crm_id it is',
      ['Contact ID', 'Mobile', 'Created Date'],
      {},
      ['Columns (field <- header):', '  crm_id       <- "Contact ID"', '  phone_number <- "Mobile"', '  opt_in_date  <- "Created Date"'],
    ],
    [
      'an override, as the file spells its header',
      ['Lead', 'Tel.', 'Signed up'],
      { crm_id: 'lead', phone_number: 'Tel.', opt_in_date: 'SIGNED UP' },
      ['Columns (field <- header):', '  crm_id       <- "Lead"', '  phone_number <- "Tel."', '  opt_in_date  <- "Signed up"'],
    ],
  ])('%s', (_name, header, overrides, lines) => {
    expect(mappingLines(mapHeader(header, overrides))).toEqual(lines);
  });

  it('a mapping of nothing has no lines', () => {
    expect(mappingLines(mapHeader(['Notes'], {}, { required: [] }))).toEqual([]);
  });
});
