import { UsageError } from '../errors.js';

/**
 * --date-format and --timezone as given on the command line, checked. (Issue 14: the formats a person writes,
 * MM/DD/YYYY, DD.MM.YYYY, DD/MM/YYYY, with an optional time such as h:mm A.)
 */

export function parseDateFormatOption(value: string): string {
  if (value.trim() === '') throw new UsageError('--date-format needs a format, e.g. MM/DD/YYYY, DD.MM.YYYY or "M/D/YYYY h:mm A".');
  return value.trim();
}

/** An IANA time zone name (Europe/Berlin, America/New_York, UTC), as the platform knows them. */
export function parseTimezoneOption(value: string): string {
  const zone = value.trim();
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    throw new UsageError(`--timezone takes an IANA time zone name such as Europe/Berlin, America/New_York or UTC; got ${JSON.stringify(value)}.`);
  }
}
