import { describe, expect, it } from 'vitest';
import { checkRecord, describeIssues } from '../../src/contacts/check-record.js';
import { mapHeader } from '../../src/contacts/header-map.js';
import type { InputRecord } from '../../src/io/input-record.js';

const HEADER = ['CRM ID', 'Phone Number', 'Opt-In Date', 'First Name', 'Is Inbound', 'Source', 'additional.tier'];
const mapping = mapHeader(HEADER);
const record = (fields: string[], malformed?: string): InputRecord => ({ row: 7, line: 8, fields, ...(malformed === undefined ? {} : { malformed }) });
const check = (fields: string[], malformed?: string) => {
  const checked = checkRecord(record(fields, malformed), mapping, HEADER.length, {});
  return { ...checked, ...describeIssues(checked.issues, mapping) };
};

describe('checkRecord', () => {
  it('a good record carries its contact and no issue', () => {
    expect(check([' c1 ', '+1 415 555 2671', '2024-01-15', 'Ada', 'yes', 'btrix', 'gold'])).toEqual({
      row: 7,
      crmId: 'c1',
      phone: '+14155552671',
      contact: {
        crm_id: 'c1',
        phone_number: '+14155552671',
        opt_in_date: '2024-01-15T00:00:00.000Z',
        first_name: 'Ada',
        is_inbound: true,
        source: 'BTRIX',
        additional: { tier: 'gold' },
      },
      issues: [],
      code: '',
      message: '',
    });
  });

  it.each([
    [
      'several problems: every code in column order, each message naming the column as the file spells it',
      ['', '+1 555', '01/15/2024', 'A*', 'maybe', 'web', ''],
      undefined,
      'REQUIRED;PHONE_INVALID;DATE_INVALID;NAME_PATTERN;BOOLEAN_INVALID;ENUM_INVALID',
      'column "CRM ID": is required but empty; ' +
        'column "Phone Number": "+1 555" is not a valid phone number (too short); ' +
        'column "Opt-In Date": "01/15/2024" is not a date this tool reads: use YYYY-MM-DD, YYYY-MM-DDThh:mm:ss (optional fraction; Z or ±hh:mm offset, none means UTC), epoch seconds (10 digits) or epoch milliseconds (13 digits), ' +
        'DD.MM.YYYY (optionally HH:mm or HH:mm:ss), YYYY/MM/DD, "March 15, 2024", "Mar 15, 2024" or "15 March 2024"; for MM/DD/YYYY, DD/MM/YYYY and other forms give --date-format; ' +
        'column "First Name": must not contain "*" or a line break; ' +
        'column "Is Inbound": "maybe" is not a yes/no value: use true/false, yes/no or 1/0; ' +
        'column "Source": "web" is not one of BTRIX, CAMPAIGN',
    ],
    [
      'too few fields: COLUMN_COUNT, and the missing cells count as absent',
      ['c1', '+14155552671'],
      undefined,
      'COLUMN_COUNT;REQUIRED',
      'record has 2 fields, the header has 7; column "Opt-In Date": is required but empty',
    ],
    [
      'too many fields: COLUMN_COUNT only, the rest is fine',
      ['c1', '+14155552671', '2024-01-15', '', '', '', '', 'extra'],
      undefined,
      'COLUMN_COUNT',
      'record has 8 fields, the header has 7',
    ],
    [
      'a malformed record: CSV_MALFORMED with the reader\'s reason, and what could be read is checked',
      ['c1', '+14155552671', 'soon', '', '', '', ''],
      'unclosed quote',
      'CSV_MALFORMED;DATE_INVALID',
      'record could not be read as CSV: unclosed quote; column "Opt-In Date": "soon" is not a date this tool reads',
    ],
  ])('%s', (_title, fields, malformed, code, message) => {
    const checked = check(fields, malformed);
    expect(checked.contact).toBeUndefined();
    expect(checked.code).toBe(code);
    expect(checked.message).toContain(message);
  });

  it.each([
    ['a valid phone on a bad row comes back as E.164', ['c1', '(415) 555-2671 ', 'x', '', '', '', ''], { defaultCountry: 'US' as const }, 'c1', '+14155552671'],
    ['a bad phone comes back trimmed, as given', [' c2 ', ' 12 ', '2024-01-15', '', '', '', ''], {}, 'c2', '12'],
    ['a record with no crm_id has an empty one', ['', '', '', '', '', '', ''], {}, '', ''],
    ['a short record still reports what it has', ['c3', '+14155552671'], {}, 'c3', '+14155552671'],
  ])('%s', (_title, fields, options, crmId, phone) => {
    expect(checkRecord(record(fields), mapping, HEADER.length, options)).toMatchObject({ row: 7, crmId, phone });
  });
});
