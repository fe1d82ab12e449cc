import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js/max';
import { quote } from './quote.js';
import { FIX_AT_SOURCE, isScientificNotation } from './spreadsheet-number.js';

/** Why a cell is not a phone number, for a person to act on. */
export interface PhoneRejection {
  reason: string;
}

// Compiled once. Punctuation people type inside numbers; what is left must be digits after an optional + or 00.
const PUNCTUATION = /[\s().-]/g;
const DIALABLE = /^(?:\+|00)?\d+$/;
const NOT_DIGITS = /\D/g;
/** National significant numbers are at most 11 digits in nearly every country (India 10, Germany's mobiles 11). */
const LONGER_THAN_NATIONAL = 12;
/** A decimal part (4155552671.0, from a float column), whose dot would be read as punctuation and its zeros as digits. */
const DECIMAL_PART = /^(?:\+|00)?[\d\s]+\.0+$/;

const LENGTH_HINTS: Readonly<Record<string, string>> = {
  TOO_SHORT: ' (too short)',
  TOO_LONG: ' (too long)',
  INVALID_LENGTH: ' (wrong length for its country)',
  INVALID_COUNTRY: ' (unknown country calling code)',
};

// One-entry memo: checkContact asks again for the number of a row that failed on another column.
let lastText = '';
let lastCountry: CountryCode | undefined;
let lastResult: string | PhoneRejection = { reason: '' };

/**
 * A trimmed phone cell as E.164 (`+14155552671`), or why not. Validity is libphonenumber-js's full
 * ("max") metadata; a number without + or 00 is read as national to `defaultCountry`.
 */
export function normalisePhone(text: string, defaultCountry?: CountryCode): string | PhoneRejection {
  if (text === lastText && defaultCountry === lastCountry) return lastResult;
  const result = parse(text, defaultCountry);
  lastText = text;
  lastCountry = defaultCountry;
  lastResult = result;
  return result;
}

function parse(text: string, defaultCountry: CountryCode | undefined): string | PhoneRejection {
  if (isScientificNotation(text) || DECIMAL_PART.test(text)) {
    const how = isScientificNotation(text) ? 'in scientific notation, which has lost digits' : 'with a decimal part';
    return { reason: `${quote(text)} is not a valid phone number: it is written as a spreadsheet writes a number ${how}: ${FIX_AT_SOURCE}` };
  }
  const compact = text.replace(PUNCTUATION, '');
  if (!DIALABLE.test(compact)) {
    return { reason: `${quote(text)} is not a valid phone number: use digits, a leading + and spaces, dashes, dots or parentheses only` };
  }
  const international = compact.startsWith('+') ? compact : compact.startsWith('00') ? `+${compact.slice(2)}` : undefined;
  if (international === undefined && defaultCountry === undefined) {
    return { reason: `${quote(text)} is a national number without a country: give it in +<country code> form or pass --default-country` };
  }
  const input = international ?? compact;
  const parsed = parsePhoneNumberFromString(input, defaultCountry === undefined ? { extract: false } : { defaultCountry, extract: false });
  if (parsed?.isValid() === true) return (international === undefined ? lostPlus(text, compact, parsed) : undefined) ?? parsed.number;
  const hint = LENGTH_HINTS[validatePhoneNumberLength(input, defaultCountry) ?? ''] ?? '';
  return { reason: `${quote(text)} is not a valid phone number${hint}` };
}

/**
 * Digits that read both as a national number and, with a + in front, as another valid one most likely are an
 * international number whose + a spreadsheet dropped (447911123456 is +49447911123456 in DE) when they begin with the
 * country's own code (4915112345678 in DE) or are 12 digits or more, longer than national numbers are, and are not
 * written as the country writes its own numbers (with its national prefix). Which one is meant cannot be told, so
 * neither is sent. Shorter digits (15112345678 in DE: Excel drops a leading 0 too) are read as national, as they are
 * most often meant.
 */
function lostPlus(text: string, compact: string, national: PhoneNumber): PhoneRejection | undefined {
  if (compact !== national.nationalNumber) return undefined; // a national prefix was written, or the country's own code
  if (compact.length < LONGER_THAN_NATIONAL && !compact.startsWith(national.countryCallingCode)) return undefined;
  const customary = national.formatNational();
  if (customary.replace(NOT_DIGITS, '') === compact) return undefined; // as the country writes it (US numbers)
  const withPlus = parsePhoneNumberFromString(`+${compact}`, { extract: false });
  if (withPlus?.isValid() !== true || withPlus.number === national.number) return undefined;
  return {
    reason: `${quote(text)} is ambiguous: as a national number of ${national.country ?? ''} it is ${national.number}, but it may be ${withPlus.number} with its + lost (as a spreadsheet drops it): write it with its + (${withPlus.number}), or as a national number is written (${customary})`,
  };
}

// --default-country is checked in config/ with the other flags; schema.ts re-exports it from here.
export { parseDefaultCountry } from '../config/country.js';
