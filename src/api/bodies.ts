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

/** E.164 -> the published PhoneNumber object; a national number with leading zeros (Italy) keeps them as the Java class does. */
export function phoneNumberObject(e164: string): PhoneNumberDto {
  const parsed = parsePhoneNumberWithError(e164);
  const national: string = parsed.nationalNumber;
  const zeros = /^0+/.exec(national)?.[0].length ?? 0;
  const dto: PhoneNumberDto = { countryCode: Number(parsed.countryCallingCode), nationalNumber: Number(national) };
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
