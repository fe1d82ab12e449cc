import { describe, expect, it } from 'vitest';
import { checkContact } from '../../src/contacts/schema.js';
import { codes, outcome, VALID } from './helpers.js';

const EMOJI = '\u{1F600}'; // one character on screen, two UTF-16 code units, as the API counts

describe('crm_id', () => {
  it.each([
    ['abc', 'abc'],
    ['  abc  ', 'abc'],
    ['x'.repeat(128), 'x'.repeat(128)],
    [EMOJI.repeat(64), EMOJI.repeat(64)],
    ['51234567801', '51234567801'],
    ['E+12', 'E+12'],
    ['1E5', '1E5'],
  ])('%j is kept as %j', (value, expected) => {
    expect(outcome('crm_id', value)).toBe(expected);
  });

  it.each([
    ['', 'crm_id REQUIRED: is required but empty'],
    ['   ', 'crm_id REQUIRED: is required but empty'],
    ['x'.repeat(129), 'crm_id TOO_LONG: is 129 characters; the API allows at most 128'],
    [EMOJI.repeat(64) + 'x', 'crm_id TOO_LONG: is 129 characters; the API allows at most 128'],
    // A 12-digit CRM id (101234567890) as Excel saves it in a CSV: its last digits are gone, so it names no record.
    [
      '1.01235E+11',
      'crm_id ID_INVALID: "1.01235E+11" is written as a spreadsheet writes a number in scientific notation, which has lost digits: format the column as text where it came from and export it again',
    ],
    ['5,12346e+11', 'crm_id ID_INVALID: "5,12346e+11" is written as a spreadsheet writes a number in scientific notation, which has lost digits: format the column as text where it came from and export it again'],
  ])('%j fails: %s', (value, expected) => {
    expect(outcome('crm_id', value)).toBe(expected);
  });

  it('is REQUIRED when the column is absent from the row', () => {
    const { crm_id: _dropped, ...rest } = VALID;
    expect(checkContact(rest, {})).toMatchObject({ ok: false, issues: [{ code: 'REQUIRED', field: 'crm_id' }] });
  });
});

describe.each(['first_name', 'last_name'] as const)('%s', (field) => {
  it.each([
    ['Zoë', 'Zoë'],
    [' Ōsaka 大阪 ', 'Ōsaka 大阪'],
    ['x'.repeat(128), 'x'.repeat(128)],
    ['', undefined],
  ])('%j is kept as %j', (value, expected) => {
    expect(outcome(field, value)).toBe(expected);
  });

  it.each([
    ['x'.repeat(129), `${field}:TOO_LONG`],
    ['Ann*', `${field}:NAME_PATTERN`],
    ['Ann\nLee', `${field}:NAME_PATTERN`],
    ['Ann\r\nLee', `${field}:NAME_PATTERN`],
    ['Ann\u2028Lee', `${field}:NAME_PATTERN`],
    ['*'.repeat(129), `${field}:TOO_LONG;${field}:NAME_PATTERN`],
  ])('%j fails with %s', (value, expected) => {
    expect(codes({ [field]: value })).toBe(expected);
  });

  it('says why without naming the column', () => {
    expect(outcome(field, 'A*')).toBe(`${field} NAME_PATTERN: must not contain "*" or a line break`);
  });
});

describe('governance_level_id', () => {
  it.each([
    ['gov-1', 'gov-1'],
    [' gov-1 ', 'gov-1'],
    ['x'.repeat(128), 'x'.repeat(128)],
    ['x'.repeat(129), 'governance_level_id TOO_LONG: is 129 characters; the API allows at most 128'],
  ])('%j -> %j', (value, expected) => {
    expect(outcome('governance_level_id', value)).toBe(expected);
  });
});

describe.each(['is_inbound', 'assign_on_handover'] as const)('%s', (field) => {
  it.each([
    ['true', true], ['TRUE', true], ['True', true], ['yes', true], ['YES', true], ['Yes', true], ['1', true], [' yes ', true],
    ['false', false], ['FALSE', false], ['False', false], ['no', false], ['NO', false], ['No', false], ['0', false],
    ['', undefined],
  ])('%j reads as %j', (value, expected) => {
    expect(outcome(field, value)).toBe(expected);
  });

  it.each(['maybe', 'y', '2', 'on'])('%j is BOOLEAN_INVALID', (value) => {
    expect(outcome(field, value)).toBe(`${field} BOOLEAN_INVALID: "${value}" is not a yes/no value: use true/false, yes/no or 1/0`);
  });
});

describe('source', () => {
  it.each([
    ['BTRIX', 'BTRIX'],
    ['btrix', 'BTRIX'],
    ['Campaign', 'CAMPAIGN'],
    [' campaign ', 'CAMPAIGN'],
    ['', undefined],
  ])('%j reads as %j', (value, expected) => {
    expect(outcome('source', value)).toBe(expected);
  });

  it.each(['other', 'CAMPAIGNS'])('%j is ENUM_INVALID listing the allowed values', (value) => {
    expect(outcome('source', value)).toBe(`source ENUM_INVALID: "${value}" is not one of BTRIX, CAMPAIGN`);
  });

  it.each([
    ['x'.repeat(41), `"${'x'.repeat(40)}…"`],
    [EMOJI.repeat(41), `"${EMOJI.repeat(40)}…"`],
    ['x'.repeat(40), `"${'x'.repeat(40)}"`],
  ])('quotes a long value cut to 40 characters (%#)', (value, quoted) => {
    expect(outcome('source', value)).toBe(`source ENUM_INVALID: ${quoted} is not one of BTRIX, CAMPAIGN`);
  });
});

describe('free text columns and additional.*', () => {
  it.each(['contact_id', 'stage', 'disposition', 'user_id', 'group_id', 'remote_waba_id', 'remote_phone_id'] as const)(
    '%s is trimmed, and an empty cell is left out',
    (field) => {
      expect(outcome(field, '  v 1  ')).toBe('v 1');
      const result = checkContact({ ...VALID, [field]: '   ' }, {});
      expect(result.ok && Object.hasOwn(result.contact, field)).toBe(false);
    },
  );

  it('trims additional values and drops empty ones', () => {
    const result = checkContact({ ...VALID, additional: { region: ' north ', empty: '  ', note: 'a b' } }, {});
    expect(result).toMatchObject({ ok: true, contact: { additional: { region: 'north', note: 'a b' } } });
    expect(result.ok && Object.keys(result.contact.additional)).toEqual(['region', 'note']);
  });
});
