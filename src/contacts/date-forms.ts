import { DateTime, FixedOffsetZone, type Zone } from 'luxon';
import { toLuxonFormat, withSecondsToggled, type HourCheck } from './date-format.js';
import { impossibleField } from './date-ranges.js';
import type { DateRejection } from './dates.js';
import { quote } from './quote.js';
import { RememberedZone } from './zone-offsets.js';

/**
 * The date forms Luxon reads for us: a person's --date-format, and the forms that need none. Each format is
 * compiled once (buildFormatParser) and then only matched per row.
 */

/** A cell read in one form: RFC 3339 UTC, why it is not a real date, or undefined when it is not written that way. */
export type Reading = string | DateRejection | undefined;

export type FormReader = (text: string) => Reading;

/** Month names and AM/PM in English, whatever the machine's locale; case does not matter to Luxon. */
const LOCALE = 'en-US';

/** Where a date-time written without a zone happened: --timezone, else UTC. */
export function zoneOf(timezone: string | undefined): Zone {
  return timezone === undefined ? FixedOffsetZone.utcInstance : new RememberedZone(timezone);
}

/** RFC 3339 UTC for an instant, or why not: the API takes four-digit years only. */
export function utcText(millis: number, text: string): string | DateRejection {
  const year = new Date(millis).getUTCFullYear();
  if (year < 0 || year > 9999) return { reason: `${quote(text)} falls outside the years 0000-9999` };
  return new Date(millis).toISOString();
}

interface Compiled {
  format: string;
  parser: ReturnType<typeof DateTime.buildFormatParser>;
  hour?: HourCheck | undefined;
}

function compile(format: string, hour?: HourCheck): Compiled {
  return { format, parser: DateTime.buildFormatParser(format, { locale: LOCALE }), hour };
}

/** The hour as written, when it is outside its clock (24:00, 13:05 PM), which Luxon reads rather than refuses. */
function hourOutOfRange(text: string, check: HourCheck): string | undefined {
  const written = check.pattern.exec(text)?.[1];
  const hour = Number(written);
  if (written === undefined || (hour >= check.min && hour <= check.max)) return undefined;
  return check.max === 12 ? `${hour} is not an hour of a 12-hour clock` : `there is no hour ${hour}`;
}

/**
 * One cell in one compiled format, in `zone`. A time in a daylight-saving gap (2:30 on a spring-forward night) is
 * read as Luxon does, an hour later; a time the autumn hour repeats, as its later (standard-time) instant.
 */
function readAs(text: string, { format, parser, hour }: Compiled, zone: Zone): Reading {
  const parsed = DateTime.fromFormatParser(text, parser, { zone, locale: LOCALE });
  if (parsed.isValid) {
    const wrongHour = hour === undefined ? undefined : hourOutOfRange(text, hour);
    return wrongHour === undefined ? utcText(parsed.toMillis(), text) : { reason: `${quote(text)} is not a real date-time (${wrongHour})` };
  }
  if (parsed.invalidReason === 'unparsable') return undefined;
  return { reason: `${quote(text)} is not a real date-time (${whyOutOfRange(text, format) ?? parsed.invalidExplanation ?? parsed.invalidReason})` };
}

/** The part Luxon found out of range, named the way the ISO reader names it ("2024-02 has 29 days"). Rows that fail only. */
function whyOutOfRange(text: string, format: string): string | undefined {
  const parts = DateTime.fromFormatExplain(text, format, { locale: LOCALE }).result;
  if (parts === null || parts === undefined) return undefined;
  const number = (key: string): number => {
    const value: unknown = parts[key];
    return typeof value === 'number' ? value : 0;
  };
  return impossibleField(number('year'), number('month'), number('day'), number('hour'), number('minute'), number('second'));
}

/** A format in a person's words (D.M.YYYY), compiled with its hour check. */
function compileWritten(format: string): Compiled {
  const { full, hour } = toLuxonFormat(format);
  return compile(full, hour);
}

/** Reads cells written in a checked --date-format; a date-time format also reads its date alone, as midnight. */
export function formatReader(dateFormat: string, zone: Zone): FormReader {
  const { full, hour, dateOnly } = toLuxonFormat(dateFormat);
  const whole = compile(full, hour);
  const date = dateOnly === undefined ? undefined : compile(dateOnly);
  return (text) => readAs(text, whole, zone) ?? (date === undefined ? undefined : readAs(text, date, zone));
}

/**
 * Reads cells in a format the tool chose (the order the file's slashed dates showed, or a CRM preset's), with or
 * without seconds, then the forms that need no format: it decides only the cells the unambiguous forms cannot read.
 */
export function impliedFormatReader(format: string, zone: Zone): FormReader {
  const toggled = withSecondsToggled(format);
  const readers = [formatReader(format, zone), ...(toggled === undefined ? [] : [formatReader(toggled, zone)]), unambiguousReader(zone)];
  return (text) => {
    for (const read of readers) {
      const reading = read(text);
      if (reading !== undefined) return reading;
    }
    return undefined;
  };
}

const TIME = String.raw`(?: \d{1,2}:\d{2}(?::\d{2})?)?$`;

/**
 * Forms that need no --date-format because they can be read only one way, each a quick shape test before Luxon.
 * Dotted dates are day first: the convention of German, Russian, Polish, Swiss and Nordic exports (Bitrix24 writes
 * 05.06.2024 for 5 June), and no convention writes month.day.year with dots. Slashed a/b/yyyy is not here: the
 * same cell means different days in the US and in Europe, so the file's other dates decide it (run/date-scan.ts).
 */
const compileUnambiguous = (): readonly { shape: RegExp; formats: readonly Compiled[] }[] => [
  { shape: new RegExp(String.raw`^\d{1,2}\.\d{1,2}\.\d{4}${TIME}`), formats: ['D.M.YYYY', 'D.M.YYYY H:mm', 'D.M.YYYY H:mm:ss'].map(compileWritten) },
  { shape: new RegExp(String.raw`^\d{4}/\d{1,2}/\d{1,2}${TIME}`), formats: ['YYYY/M/D', 'YYYY/M/D H:mm', 'YYYY/M/D H:mm:ss'].map(compileWritten) },
  // Month names are Luxon's own tokens: a person's --date-format has no name for them.
  { shape: /^[A-Za-z]+ \d{1,2}, \d{4}$/, formats: ['MMMM d, yyyy', 'MMM d, yyyy'].map((format) => compile(format)) },
  { shape: /^\d{1,2} [A-Za-z]+ \d{4}$/, formats: ['d MMMM yyyy', 'd MMM yyyy'].map((format) => compile(format)) },
];

let unambiguous: ReturnType<typeof compileUnambiguous> | undefined;

/** How the unambiguous forms read in messages. */
export const UNAMBIGUOUS_FORMS = 'DD.MM.YYYY (optionally HH:mm or HH:mm:ss), YYYY/MM/DD, "March 15, 2024", "Mar 15, 2024" or "15 March 2024"';

/** Reads the forms that need no --date-format. */
export function unambiguousReader(zone: Zone): FormReader {
  return (text) => {
    // Compiled on the first cell that is not ISO or epoch: a file of ISO dates never pays for them.
    unambiguous ??= compileUnambiguous();
    for (const { shape, formats } of unambiguous) {
      if (!shape.test(text)) continue;
      for (const form of formats) {
        const reading = readAs(text, form, zone);
        if (reading !== undefined) return reading;
      }
    }
    return undefined;
  };
}
