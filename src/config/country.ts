import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { UsageError } from '../errors.js';

/** Longest stretch of a value quoted in a message. */
const MAX_QUOTED = 40;

/** --default-country: an ISO 3166-1 alpha-2 code libphonenumber-js knows, in any case. */
export function parseDefaultCountry(value: string): CountryCode {
  const code = value.trim().toUpperCase();
  if (isSupportedCountry(code)) return code;
  const chars = Array.from(value);
  const shown = JSON.stringify(chars.length > MAX_QUOTED ? `${chars.slice(0, MAX_QUOTED).join('')}…` : value);
  throw new UsageError(`--default-country ${shown} is not a country code: give an ISO 3166-1 alpha-2 code such as US, GB or DE.`);
}
