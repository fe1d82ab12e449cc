import type { Contact } from '../contacts/fields.js';
import type {
  AssignChatroomReqDto,
  ContactReqDto,
  PhoneFormat,
  PhoneNumberDto,
  UpdateContactDispositionReqV2Dto,
  UpdateContactReqDto,
} from './types.js';
import { parsePhoneNumberWithError } from 'libphonenumber-js/max';

/**
 * Country calling codes met so far. ITU assigns them prefix-free (no code begins another: 1 and 1242 are both +1,
 * there is no 12), so a number that begins with a known code has that code, and the rest of its digits are its
 * national number. Only a number whose code is not known yet is parsed: libphonenumber's full parse of a valid
 * number, at each body, cost about 5% of an import's CPU.
 */
const callingCodes = new Set<string>();

/** The country calling code and national number of an E.164 number (already valid: the check made it). */
function splitE164(e164: string): { countryCode: string; national: string } {
  for (let length = 1; length <= 3; length += 1) {
    const code = e164.slice(1, 1 + length);
    if (callingCodes.has(code)) return { countryCode: code, national: e164.slice(1 + length) };
  }
  const parsed = parsePhoneNumberWithError(e164);
  callingCodes.add(parsed.countryCallingCode);
  return { countryCode: parsed.countryCallingCode, national: parsed.nationalNumber };
}

/** E.164 -> the published PhoneNumber object; a national number with leading zeros (Italy) keeps them as the Java class does. */
export function phoneNumberObject(e164: string): PhoneNumberDto {
  const { countryCode, national } = splitE164(e164);
  const zeros = /^0+/.exec(national)?.[0].length ?? 0;
  const dto: PhoneNumberDto = { countryCode: Number(countryCode), nationalNumber: Number(national) };
  if (zeros > 0) {
    dto.italianLeadingZero = true;
    if (zeros > 1) dto.numberOfLeadingZeros = zeros;
  }
  return dto;
}

/** Copies the keys of `source` that are set, so optional properties stay absent rather than undefined. */
function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    if (source[key] !== undefined) out[key] = source[key];
  }
  return out;
}

export function createBody(contact: Contact, phoneFormat: PhoneFormat): ContactReqDto {
  return {
    crm_id: contact.crm_id,
    phone_number: phoneFormat === 'object' ? phoneNumberObject(contact.phone_number) : contact.phone_number,
    opt_in_date: contact.opt_in_date,
    ...pick(contact, ['first_name', 'last_name', 'governance_level_id', 'is_inbound', 'source'] as const),
  };
}

export function updateBody(contact: Contact): UpdateContactReqDto {
  return { crm_id: contact.crm_id, ...pick(contact, ['first_name', 'last_name'] as const) };
}

/** Undefined when the row asks for no disposition (no stage). */
export function dispositionBody(contact: Contact): UpdateContactDispositionReqV2Dto | undefined {
  if (contact.stage === undefined) return undefined;
  const body: UpdateContactDispositionReqV2Dto = { stage: contact.stage, ...pick(contact, ['disposition'] as const) };
  if (Object.keys(contact.additional).length > 0) body.additionalFields = { ...contact.additional };
  return body;
}

/** Undefined when the row asks for no assignment (neither user_id nor group_id). */
export function assignBody(contact: Contact): AssignChatroomReqDto | undefined {
  if (contact.user_id === undefined && contact.group_id === undefined) return undefined;
  return pick(contact, ['user_id', 'group_id', 'remote_waba_id', 'remote_phone_id', 'assign_on_handover'] as const);
}
