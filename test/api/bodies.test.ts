import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { getCountries, getExampleNumber, isValidPhoneNumber, parsePhoneNumberWithError } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { assignBody, createBody, dispositionBody, phoneNumberObject, updateBody } from '../../src/api/bodies.js';
import type { PhoneFormat } from '../../src/api/types.js';
import { parseOptInDate } from '../../src/contacts/dates.js';
import type { Contact } from '../../src/contacts/fields.js';
import { publishedDocument } from '../../src/sandbox/openapi.js';
import { toE164 } from '../../src/sandbox/phone.js';
import { INTEGER_FORMATS } from '../../src/sandbox/schema-extensions.js';
import { compileValidators } from '../../src/sandbox/schema-validation.js';
import { contact } from '../run/fake-api.js';

/** The request bodies built from a normalised contact, checked against the published schemas. */

/** The published component schemas exactly as openapi.json has them, without the sandbox's extensions. */
const published = (() => {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormatsPlugin.default(ajv, ['date-time']);
  for (const [name, validate] of Object.entries(INTEGER_FORMATS)) ajv.addFormat(name, { type: 'number', validate });
  ajv.addKeyword({ keyword: 'components' });
  ajv.addSchema({ $id: 'published', components: publishedDocument().components });
  return (name: string, body: unknown): string => {
    const validate = ajv.getSchema(`published#/components/schemas/${name}`)!;
    return validate(body) ? 'valid' : ajv.errorsText(validate.errors);
  };
})();

/**
 * The published schemas with the sandbox's two documented extensions: phone_number may be an E.164 string (the
 * --phone-format e164 choice), and additionalFields values may be any JSON (springdoc publishes Map<String, Object>
 * values as `{type: object}`, which a plain string would fail).
 */
const validators = compileValidators(publishedDocument());
function extended(operationId: string, body: unknown): string {
  const check = validators.get(operationId)!.body!(body);
  return check.ok ? 'valid' : check.message;
}

describe('the schema checks used below refuse a bad body (so their "valid" means something)', () => {
  it.each<[string, string, unknown, RegExp]>([
    ['PhoneNumber', 'published', { countryCode: 1, nationalNumber: 4155552671.5 }, /nationalNumber/],
    ['ContactReqDto', 'published', { crm_id: 'C', phone_number: '+14155552671', opt_in_date: '2024-05-01T00:00:00Z' }, /phone_number/],
    ['ContactReqDto', 'published', { crm_id: 'C', phone_number: { countryCode: 1, nationalNumber: 1 }, opt_in_date: '2024-05-01' }, /date-time/],
    ['UpdateContactReqDto', 'published', { crm_id: 'C', first_name: 'A*' }, /pattern/],
    ['registerContactV2', 'extended', { crm_id: 'C', phone_number: '4155552671', opt_in_date: '2024-05-01T00:00:00Z' }, /phone_number/],
    ['updateContactDispositionV2', 'extended', { disposition: 'x' }, /stage/],
  ])('%s (%s)', (name, which, body, problem) => {
    expect(which === 'published' ? published(name, body) : extended(name, body)).toMatch(problem);
  });
});

const FULL: Partial<Contact> = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  governance_level_id: 'gl-1',
  is_inbound: true,
  source: 'CAMPAIGN',
  contact_id: 'c_9',
  stage: 'Qualified',
  disposition: 'Interested',
  user_id: 'user-1',
  group_id: 'group-1',
  remote_waba_id: 'waba-1',
  remote_phone_id: 'ph-1',
  assign_on_handover: true,
  additional: { budget: '1000', region: 'EU' },
};

describe('phoneNumberObject: E.164 -> the published PhoneNumber, as libphonenumber\'s Java class serialises it', () => {
  it.each([
    ['+14155552671', { countryCode: 1, nationalNumber: 4155552671 }],
    ['+447911123456', { countryCode: 44, nationalNumber: 7911123456 }],
    ['+8613800138000', { countryCode: 86, nationalNumber: 13800138000 }],
    ['+5491123456789', { countryCode: 54, nationalNumber: 91123456789 }],
    ['+390612345678', { countryCode: 39, nationalNumber: 612345678, italianLeadingZero: true }],
    ['+2250701234567', { countryCode: 225, nationalNumber: 701234567, italianLeadingZero: true }],
    ['+390012345678', { countryCode: 39, nationalNumber: 12345678, italianLeadingZero: true, numberOfLeadingZeros: 2 }],
  ])('%s', (e164, expected) => {
    const object = phoneNumberObject(e164);
    expect(object).toStrictEqual(expected);
    expect(published('PhoneNumber', object)).toBe('valid');
    // The number the API rebuilds from the object is the one the row holds.
    expect(toE164(object)).toBe(e164);
  });

  it('splits every valid number as libphonenumber does, once its calling code is known (numbers of every country)', () => {
    const reference = (e164: string) => {
      const parsed = parsePhoneNumberWithError(e164);
      return { countryCode: Number(parsed.countryCallingCode), national: parsed.nationalNumber };
    };
    const numbers: string[] = [];
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples)?.number;
      if (example === undefined) continue;
      // Numbers near the country's example (a mobile one), kept when valid: the split must not hang on its digits.
      for (let i = 0; i < 40; i += 1) {
        const digits = [...example.slice(1)];
        const at = digits.length - 1 - (i % 5);
        digits[at] = String((Number(digits[at]) + i) % 10);
        const e164 = `+${digits.join('')}`;
        if (isValidPhoneNumber(e164)) numbers.push(e164);
      }
    }
    expect(numbers.length).toBeGreaterThan(2_000);
    // Twice over: the first time learns each calling code by parsing, the second splits by the codes it knows.
    for (const round of [1, 2]) {
      for (const e164 of numbers) {
        const { countryCode, national } = reference(e164);
        expect(phoneNumberObject(e164), `${e164} (round ${round})`).toMatchObject({ countryCode, nationalNumber: Number(national) });
      }
    }
  });
});

describe('createBody: ContactReqDto', () => {
  const required = { crm_id: 'CRM-1', opt_in_date: '2024-05-01T00:00:00.000Z' };
  it.each<[string, Partial<Contact>, PhoneFormat, object]>([
    ['required fields, phone as object', {}, 'object', { ...required, phone_number: { countryCode: 1, nationalNumber: 4155552671 } }],
    ['required fields, phone as E.164', {}, 'e164', { ...required, phone_number: '+14155552671' }],
    [
      'every field: only ContactReqDto\'s are sent',
      FULL,
      'object',
      {
        ...required, phone_number: { countryCode: 1, nationalNumber: 4155552671 },
        first_name: 'Ada', last_name: 'Lovelace', governance_level_id: 'gl-1', is_inbound: true, source: 'CAMPAIGN',
      },
    ],
    ['is_inbound false is sent, not dropped', { is_inbound: false }, 'e164', { ...required, phone_number: '+14155552671', is_inbound: false }],
  ])('%s', (_name, overrides, format, expected) => {
    const body = createBody(contact(overrides), format);
    expect(body).toStrictEqual(expected);
    expect(format === 'object' ? published('ContactReqDto', body) : extended('registerContactV2', body)).toBe('valid');
  });

  it.each([
    ['epoch seconds', '1714521600', '2024-05-01T00:00:00.000Z'],
    ['epoch milliseconds', '1714521600123', '2024-05-01T00:00:00.123Z'],
    ['a date', '2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['an offset', '2024-05-01T02:30:00+02:30', '2024-05-01T00:00:00.000Z'],
    ['a nanosecond fraction', '2024-05-01T00:00:00.123456789Z', '2024-05-01T00:00:00.123Z'],
  ])('opt_in_date from %s is sent as an RFC 3339 UTC date-time', (_name, cell, sent) => {
    const normalised = parseOptInDate(cell);
    expect(normalised).toBe(sent);
    const body = createBody(contact({ opt_in_date: normalised as string }), 'object');
    expect(body.opt_in_date).toBe(sent);
    expect(published('ContactReqDto', body)).toBe('valid');
  });
});

describe('updateBody: UpdateContactReqDto carries crm_id and the names, nothing else', () => {
  it.each<[string, Partial<Contact>, object]>([
    ['crm_id only', {}, { crm_id: 'CRM-1' }],
    ['first name only', { first_name: 'Ada' }, { crm_id: 'CRM-1', first_name: 'Ada' }],
    ['every field', FULL, { crm_id: 'CRM-1', first_name: 'Ada', last_name: 'Lovelace' }],
  ])('%s', (_name, overrides, expected) => {
    const body = updateBody(contact(overrides));
    expect(body).toStrictEqual(expected);
    expect(published('UpdateContactReqDto', body)).toBe('valid');
  });
});

describe('dispositionBody: only when the row has a stage', () => {
  it.each<[string, Partial<Contact>, object | undefined]>([
    ['no stage', { disposition: 'Interested', additional: { budget: '1000' } }, undefined],
    ['stage only', { stage: 'Lead' }, { stage: 'Lead' }],
    ['stage and disposition', { stage: 'Lead', disposition: 'Call back' }, { stage: 'Lead', disposition: 'Call back' }],
    ['additional.* columns', { stage: 'Lead', additional: { budget: '1000' } }, { stage: 'Lead', additionalFields: { budget: '1000' } }],
    ['every field', FULL, { stage: 'Qualified', disposition: 'Interested', additionalFields: { budget: '1000', region: 'EU' } }],
  ])('%s', (_name, overrides, expected) => {
    const body = dispositionBody(contact(overrides));
    expect(body).toStrictEqual(expected);
    if (body !== undefined) expect(extended('updateContactDispositionV2', body)).toBe('valid');
  });

  it('additionalFields is a copy: the contact is not changed through the body', () => {
    const subject = contact({ stage: 'Lead', additional: { budget: '1000' } });
    dispositionBody(subject)!.additionalFields!['budget'] = 'changed';
    expect(subject.additional).toEqual({ budget: '1000' });
  });
});

describe('assignBody: only when the row has a user_id or a group_id', () => {
  it.each<[string, Partial<Contact>, object | undefined]>([
    ['neither', { stage: 'Lead' }, undefined],
    ['only the remote ids and the flag', { remote_waba_id: 'w', remote_phone_id: 'p', assign_on_handover: true }, undefined],
    ['user_id', { user_id: 'user-1' }, { user_id: 'user-1' }],
    ['group_id', { group_id: 'group-2' }, { group_id: 'group-2' }],
    ['assign_on_handover false is sent', { group_id: 'group-2', assign_on_handover: false }, { group_id: 'group-2', assign_on_handover: false }],
    [
      'every field',
      FULL,
      { user_id: 'user-1', group_id: 'group-1', remote_waba_id: 'waba-1', remote_phone_id: 'ph-1', assign_on_handover: true },
    ],
  ])('%s', (_name, overrides, expected) => {
    const body = assignBody(contact(overrides));
    expect(body).toStrictEqual(expected);
    if (body !== undefined) expect(published('AssignChatroomReqDto', body)).toBe('valid');
  });
});
