import { quote } from './quote.js';

/** Why a cell is not an opt-in date, for a person to act on. */
export interface DateRejection {
  reason: string;
}

// Compiled once: date, then optionally time (seconds and fraction optional) and a zone (Z, ±hh:mm, ±hhmm, ±hh).
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;
const DIGITS = /^\d+$/;

const FORMS =
  'use YYYY-MM-DD, YYYY-MM-DDThh:mm:ss (optional fraction; Z or ±hh:mm offset, none means UTC), ' +
  'epoch seconds (10 digits) or epoch milliseconds (13 digits)';

/**
 * An opt-in date as RFC 3339 UTC (`2024-01-15T10:00:00.000Z`), or why not.
 * Every field is range-checked by hand because Date.parse quietly rolls 2024-02-30 over to March.
 */
export function parseOptInDate(text: string): string | DateRejection {
  if ((text.length === 10 || text.length === 13) && DIGITS.test(text)) {
    return new Date(text.length === 10 ? Number(text) * 1000 : Number(text)).toISOString();
  }
  const m = ISO_DATE.exec(text);
  if (m === null) return { reason: `${quote(text)} is not a date this tool reads: ${FORMS}` };
  // Indexed rather than destructured: destructuring walks the iterator protocol, measurably slower here.
  const y = m[1] ?? '', mo = m[2] ?? '', d = m[3] ?? '', h = m[4] ?? '00', mi = m[5] ?? '00', s = m[6] ?? '00';
  const frac = m[7] ?? '', sign = m[9], oh = m[10] ?? '00', om = m[11] ?? '00';
  const impossible = impossibleField(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), Number(oh), Number(om));
  if (impossible !== undefined) return { reason: `${quote(text)} is not a real date-time (${impossible})` };
  const millis = frac.padEnd(3, '0').slice(0, 3);
  // Already UTC: assemble the string from the checked parts (toISOString alone costs about a microsecond).
  if (sign === undefined) return `${y}-${mo}-${d}T${h}:${mi}:${s}.${millis}Z`;

  const local = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(millis)));
  if (Number(y) < 100) local.setUTCFullYear(Number(y)); // Date.UTC reads years 0-99 as 1900-1999
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const instant = new Date(local.getTime() - offsetMinutes * 60_000);
  const year = instant.getUTCFullYear();
  if (year < 0 || year > 9999) return { reason: `${quote(text)} falls outside the years 0000-9999` };
  return instant.toISOString();
}

/** The first out-of-range part of a date-time, named for the message; undefined when all are real. */
function impossibleField(year: number, month: number, day: number, hour: number, minute: number, second: number, offsetHours: number, offsetMinutes: number): string | undefined {
  if (month < 1 || month > 12) return `there is no month ${month}`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `${year}-${String(month).padStart(2, '0')} has ${days} days`;
  if (hour > 23) return `there is no hour ${hour}`;
  if (minute > 59) return `there is no minute ${minute}`;
  if (second > 59) return `there is no second ${second}`;
  if (offsetHours > 23 || offsetMinutes > 59) return 'the offset is out of range';
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
