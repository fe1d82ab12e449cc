import { describe, expect, it } from 'vitest';
import type { CountryCode } from 'libphonenumber-js/max';
import { UsageError } from '../../src/errors.js';
import { parseDefaultCountry } from '../../src/contacts/schema.js';
import { checkContact } from '../../src/contacts/schema.js';
import { codes, outcome, VALID } from './helpers.js';

describe('phone_number: accepted and normalised to E.164', () => {
  it.each<[string, CountryCode | undefined, string]>([
    ['+14155552671', undefined, '+14155552671'],
    ['+1 415 555 2671', undefined, '+14155552671'],
    ['+1-415-555-2671', undefined, '+14155552671'],
    ['+1 (415) 555-2671', undefined, '+14155552671'],
    ['+1.415.555.2671', undefined, '+14155552671'],
    ['  +447911123456 ', undefined, '+447911123456'],
    ['0044 7911 123456', undefined, '+447911123456'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['07911 123456', 'GB', '+447911123456'],
    ['030 12345678', 'DE', '+493012345678'],
    ['+447911123456', 'US', '+447911123456'],
  ])('%j with default country %s -> %s', (value, defaultCountry, expected) => {
    expect(outcome('phone_number', value, defaultCountry === undefined ? {} : { defaultCountry })).toBe(expected);
  });
});

describe('phone_number: rejected', () => {
  it.each<[string, CountryCode | undefined, string]>([
    ['4155552671', undefined, 'is a national number without a country: give it in +<country code> form or pass --default-country'],
    ['1-800-FLOWERS', undefined, 'is not a valid phone number: use digits, a leading + and spaces, dashes, dots or parentheses only'],
    ['+1 415 555 2671 ext 5', undefined, 'is not a valid phone number: use digits'],
    ['+1 555', undefined, 'is not a valid phone number (too short)'],
    ['+1 555 555 5555', undefined, 'is not a valid phone number'],
    ['+999 1234567', undefined, 'is not a valid phone number (unknown country calling code)'],
    ['555', 'US', 'is not a valid phone number (too short)'],
  ])('%j (default country %s): %s', (value, defaultCountry, reason) => {
    const result = checkContact({ ...VALID, phone_number: value }, defaultCountry === undefined ? {} : { defaultCountry });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues).toEqual([
      { code: 'PHONE_INVALID', field: 'phone_number', reason: expect.stringContaining(`${JSON.stringify(value)} ${reason}`) as unknown },
    ]);
  });

  it('reads the same text afresh under another default country', () => {
    expect(codes({ phone_number: '4155552671' })).toBe('phone_number:PHONE_INVALID');
    expect(outcome('phone_number', '4155552671', { defaultCountry: 'US' })).toBe('+14155552671');
    expect(codes({ phone_number: '4155552671' })).toBe('phone_number:PHONE_INVALID');
  });

  it.each(['', '  '])('%j is REQUIRED', (value) => {
    expect(codes({ phone_number: value })).toBe('phone_number:REQUIRED');
  });

  it('hands back the normalised number of a row that fails elsewhere, and the trimmed input of a bad one', () => {
    expect(checkContact({ ...VALID, crm_id: '', phone_number: ' +1 (415) 555-2671 ' }, {})).toMatchObject({ ok: false, phone: '+14155552671' });
    expect(checkContact({ ...VALID, crm_id: ' c9 ', phone_number: ' +1 555 ' }, {})).toMatchObject({ ok: false, phone: '+1 555', crmId: 'c9' });
  });
});

describe('phone_number: a number a spreadsheet wrote as a number', () => {
  // Excel's scientific notation has lost digits; a decimal part (".0", from a float column) would otherwise add
  // digits to the number once the dot was taken for punctuation (030 1234567.0 was +4930123456780 in DE).
  it.each<[string, CountryCode | undefined]>([
    ['1.41556E+10', undefined],
    ['1.41556E+10', 'US'],
    ['4.47912E+11', 'GB'],
    ['1,41556E+10', 'DE'],
    ['3012345678.0', 'DE'],
    ['030 1234567.0', 'DE'],
    ['+4930123456.0', undefined],
    ['4155552671.00', 'US'],
  ])('%j (default country %s) is PHONE_INVALID, saying why', (value, defaultCountry) => {
    const result = checkContact({ ...VALID, phone_number: value }, defaultCountry === undefined ? {} : { defaultCountry });
    expect(result.ok ? [] : result.issues).toEqual([
      { code: 'PHONE_INVALID', field: 'phone_number', reason: expect.stringContaining('is written as a spreadsheet writes a number') as unknown },
    ]);
  });

  it.each<[string, CountryCode | undefined, string]>([
    ['06.12.34.56.00', 'FR', '+33612345600'],
    ['+1.415.555.2600', undefined, '+14155552600'],
  ])('%j (default country %s): dots between groups are still punctuation -> %s', (value, defaultCountry, expected) => {
    expect(outcome('phone_number', value, defaultCountry === undefined ? {} : { defaultCountry })).toBe(expected);
  });
});

describe('phone_number: an international number that lost its +', () => {
  // A spreadsheet takes the + off +447911123456; read as a German national number it was +49447911123456.
  it.each<[string, CountryCode, string]>([
    ['447911123456', 'DE', '+447911123456'],
    ['4915112345678', 'DE', '+4915112345678'],
  ])('%j with default country %s is PHONE_INVALID, naming %s', (value, defaultCountry, international) => {
    const result = checkContact({ ...VALID, phone_number: value }, { defaultCountry });
    expect(result.ok ? [] : result.issues).toEqual([
      { code: 'PHONE_INVALID', field: 'phone_number', reason: expect.stringContaining(`it may be ${international} with its + lost`) as unknown },
    ]);
  });

  it.each<[string, CountryCode, string]>([
    ['4155552671', 'US', '+14155552671'],
    ['14155552671', 'US', '+14155552671'],
    ['015112345678', 'DE', '+4915112345678'],
    ['4930123456', 'DE', '+4930123456'],
    ['447911123456', 'GB', '+447911123456'],
    ['3123456789', 'IT', '+393123456789'],
    // Also a valid number with a + (+1 527..., +95 05..., +43 16...), but national digits as they are written, or
    // as Excel leaves them once it has dropped the leading 0.
    ['15274000382', 'DE', '+4915274000382'],
    ['9505274489', 'IN', '+919505274489'],
    ['431661823', 'AU', '+61431661823'],
  ])('%j with default country %s, written as its country writes it, is %s', (value, defaultCountry, expected) => {
    expect(outcome('phone_number', value, { defaultCountry })).toBe(expected);
  });
});

describe('parseDefaultCountry', () => {
  it.each([['US', 'US'], ['gb', 'GB'], [' de ', 'DE']])('%j -> %s', (value, expected) => {
    expect(parseDefaultCountry(value)).toBe(expected);
  });

  it.each(['XX', 'USA', ''])('%j is a UsageError', (value) => {
    expect(() => parseDefaultCountry(value)).toThrow(UsageError);
    expect(() => parseDefaultCountry(value)).toThrow(/ISO 3166-1 alpha-2/);
  });
});
