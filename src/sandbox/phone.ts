/** E.164: a plus, a non-zero country digit, 7 to 15 digits in all (the contract's pattern). */
export const E164_PATTERN = '^\\+[1-9]\\d{6,14}$';
const e164 = new RegExp(E164_PATTERN);

export const isE164 = (value: string): boolean => e164.test(value);

/** The fields of the published PhoneNumber object (libphonenumber's Phonenumber.PhoneNumber) that make the number. */
interface PhoneNumberObject {
  countryCode?: number;
  nationalNumber?: number;
  italianLeadingZero?: boolean;
  numberOfLeadingZeros?: number;
}

/**
 * The E.164 form of a schema-valid phone_number (an E.164 string or a PhoneNumber object),
 * or undefined when the object cannot make a number (no countryCode or nationalNumber, out of range).
 */
export function toE164(value: unknown): string | undefined {
  if (typeof value === 'string') return isE164(value) ? value : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const { countryCode, nationalNumber, italianLeadingZero, numberOfLeadingZeros } = value as PhoneNumberObject;
  if (countryCode === undefined || nationalNumber === undefined) return undefined;
  if (countryCode < 1 || countryCode > 999 || nationalNumber < 1) return undefined;
  // libphonenumber keeps Italian-style leading zeros out of nationalNumber and flags them instead.
  const zeros = italianLeadingZero === true ? '0'.repeat(Math.min(Math.max(numberOfLeadingZeros ?? 1, 0), 14)) : '';
  const candidate = `+${countryCode}${zeros}${nationalNumber}`;
  return isE164(candidate) ? candidate : undefined;
}

/** Keeps enough of a number to recognise it in a log, hides the rest. */
export function maskPhone(value: string): string {
  if (value.length <= 6) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 6)}${value.slice(-2)}`;
}
