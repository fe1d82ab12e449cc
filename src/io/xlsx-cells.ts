import { integerInFormat } from './xlsx-integer-format.js';

/**
 * A workbook cell as the text a person sees in Excel, for the same checks a CSV cell gets: dates as ISO 8601,
 * numbers with every digit Excel keeps (a phone number Excel turned into a number stays 14155552671), booleans
 * as Excel shows them. Pure: the value as exceljs's streaming reader gives it, and the cell's number format.
 */

/** How a cell is shown: its number format ("yyyy-mm-dd", "00000", "General"), and which day serial 0 is. */
export interface CellFormat {
  numFmt: string | undefined;
  /** The workbook counts days from 1904 (old Mac Excel) rather than 1900. */
  date1904: boolean;
}

/**
 * exceljs's streaming reader turns a formula's cached error (#N/A, #REF!) into NaN, losing which one it was
 * (exceljs issue 3074); this stands for any of them, so the cell still reads as an error and fails its check.
 */
export const FORMULA_ERROR = '#ERROR!';

const MS_PER_DAY = 86_400_000;
/** Day serial of 1970-01-01 in the 1900 system; the 1904 system starts 1,462 days later. */
const UNIX_EPOCH_SERIAL = 25_569;
const DAYS_1900_TO_1904 = 1_462;

/**
 * Excel shows at most 15 significant digits; the 16th and 17th in the file are binary noise (0.1+0.2 is 0.3). Built
 * at the first number read, not when the module loads: a process's first Intl.NumberFormat loads ICU's data (about
 * 28 ms here), and a CSV run, which loads this module too, would wait for it before its first request.
 */
let fifteen: Intl.NumberFormat | undefined;
const fifteenDigits = (value: number): string =>
  (fifteen ??= new Intl.NumberFormat('en-US', { useGrouping: false, maximumSignificantDigits: 15 })).format(value);

/** A format's codes without its quoted literals and [colour]/[locale] parts, which may hold any letter. */
function formatCodes(numFmt: string): string {
  return numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
}

/** The test exceljs applies to plain number cells, so formula results are judged the same way. */
export function isDateFormat(numFmt: string | undefined): boolean {
  return numFmt !== undefined && /[ymdhMsb]/.test(formatCodes(numFmt));
}

function showsTime(numFmt: string | undefined): boolean {
  return numFmt !== undefined && /[hs]/i.test(formatCodes(numFmt));
}

/**
 * An integer too large to be held exactly (past 2^53; Excel keeps 15 digits) in Excel's scientific notation,
 * 5.72576700000041E+18: written out, its last digits would be zeros, another id or number that the checks could not
 * tell from a real one; in this form they say its digits are lost.
 */
function inexactText(value: number): string {
  const [mantissa = '', exponent = ''] = value.toExponential(14).split('e');
  return `${mantissa.replace(/\.?0+$/, '')}E${exponent}`;
}

/**
 * A number as Excel shows it in General, without exponents unless its digits are lost (see inexactText); an integer
 * in a format of digit places and literal text as that format shows it: "00000" pads a zip code, `"+"0` puts back a
 * phone number's plus (see xlsx-integer-format).
 */
export function numberText(value: number, numFmt: string | undefined): string {
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) return inexactText(value);
  if (Number.isInteger(value) && numFmt !== undefined) {
    const shown = integerInFormat(fifteenDigits(Math.abs(value)), numFmt);
    if (shown !== undefined) return value < 0 ? `-${shown}` : shown;
  }
  return Number.isSafeInteger(value) ? String(value) : fifteenDigits(value);
}

/**
 * A date cell in ISO 8601 without a zone: Excel stores wall-clock time, which exceljs hands over as a Date whose UTC
 * fields are that wall clock, so --timezone can still say where it was. A whole day is `2024-03-15` unless the
 * format shows a time; a time alone (day serial 0) is `09:05:00`. Rounded to the second, as Excel shows it.
 */
export function dateText(value: Date, format: CellFormat): string {
  const ms = value.getTime();
  if (Number.isNaN(ms)) return '';
  const iso = new Date(Math.round(ms / 1000) * 1000).toISOString();
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 19);
  const serial = ms / MS_PER_DAY + UNIX_EPOCH_SERIAL - (format.date1904 ? DAYS_1900_TO_1904 : 0);
  if (serial >= 0 && serial < 1) return time;
  return time === '00:00:00' && !showsTime(format.numFmt) ? day : `${day}T${time}`;
}

/** A day serial (a formula's cached result in a date format) as the Date exceljs gives for a plain date cell. */
function serialDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - UNIX_EPOCH_SERIAL + (date1904 ? DAYS_1900_TO_1904 : 0)) * MS_PER_DAY));
}

/** Characters XML cannot carry are stored as _xHHHH_ (a line break in a cell: _x000D_). */
function unescapeText(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;
}

function has<Key extends string>(value: object, key: Key): value is Record<Key, unknown> {
  return key in value;
}

/**
 * The text of a cell value: text as it is; rich text joined; a formula's cached result (none yet: empty); a
 * hyperlink's text; TRUE/FALSE; an error's own text (#N/A); a date or number as above; nothing as empty.
 * A `{ sharedString }` reference must be resolved by the caller first, and a formula given as `{ formula, result }`
 * from the cell's own `result` (its `value` drops a result of 0, "" or FALSE).
 */
export function cellText(value: unknown, format: CellFormat): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return unescapeText(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return FORMULA_ERROR;
    return isDateFormat(format.numFmt) ? dateText(serialDate(value, format.date1904), format) : numberText(value, format.numFmt);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value, format);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return '';
  if (has(value, 'richText') && Array.isArray(value.richText)) {
    return value.richText.map((run: unknown) => (typeof run === 'object' && run !== null && has(run, 'text') ? cellText(run.text, format) : '')).join('');
  }
  if (has(value, 'error')) return String(value.error);
  if (has(value, 'formula') || has(value, 'sharedFormula')) return has(value, 'result') ? cellText(value.result, format) : '';
  if (has(value, 'text')) return cellText(value.text, format);
  return '';
}
