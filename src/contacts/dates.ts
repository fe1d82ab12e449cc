import { DateTime, type Zone } from 'luxon';
import { formatReader, impliedFormatReader, unambiguousReader, utcText, zoneOf, UNAMBIGUOUS_FORMS, type FormReader } from './date-forms.js';
import { impossibleField } from './date-ranges.js';
import { quote } from './quote.js';

/** Why a cell is not an opt-in date, for a person to act on. */
export interface DateRejection {
  reason: string;
}

/** How a run's opt-in dates are written: CheckOptions' dateFormat and timezone. */
export interface DateReading {
  /** The person's checked --date-format (MM/DD/YYYY ...): read instead of the unambiguous forms; ISO 8601 and epoch still are. */
  dateFormat?: string | undefined;
  /**
   * A format the tool chose without --date-format: the order the file's slashed dates showed, or a CRM preset's. Read
   * beside ISO 8601, epoch and the unambiguous forms (never instead of them), with or without seconds; ignored when
   * dateFormat is given. Both absent = ISO 8601, epoch and the unambiguous forms.
   */
  impliedDateFormat?: string | undefined;
  /** The IANA zone of date-times written without one; absent = UTC. */
  timezone?: string | undefined;
}

export type OptInDateReader = (text: string) => string | DateRejection;

// Compiled once: date, then optionally time (seconds and fraction optional) and a zone (Z, ±hh:mm, ±hhmm, ±hh).
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;
const DIGITS = /^\d+$/;

/** What every run reads, whatever --date-format says: a preset may set a format on a file whose dates are ISO. */
const ALWAYS_READ = 'YYYY-MM-DD, YYYY-MM-DDThh:mm:ss (optional fraction; Z or ±hh:mm offset, none means';
const EPOCH = 'epoch seconds (10 digits) or epoch milliseconds (13 digits)';

/** The forms a reader takes, for its DATE_INVALID reason. */
function formsText({ dateFormat, impliedDateFormat, timezone }: DateReading): string {
  const iso = `${ALWAYS_READ} ${timezone === undefined ? 'UTC' : `${timezone} (--timezone)`})`;
  if (dateFormat !== undefined) return `use ${dateFormat} (--date-format), ${iso}, ${EPOCH}`;
  if (impliedDateFormat !== undefined) {
    return `use ${impliedDateFormat} (as this file's dates showed, or its preset; --date-format to choose), ${iso}, ${EPOCH}, ${UNAMBIGUOUS_FORMS}`;
  }
  return `use ${iso}, ${EPOCH}, ${UNAMBIGUOUS_FORMS}; for MM/DD/YYYY, DD/MM/YYYY and other forms give --date-format`;
}

/**
 * ISO 8601 and epoch, hand-checked because they are most rows of most files (under a microsecond a cell): undefined when
 * the text is neither. Every field is range-checked by hand because Date.parse quietly rolls 2024-02-30 over to
 * March. `zone` is where a date-time without an offset happened; undefined is UTC, the fast path.
 */
function readIsoOrEpoch(text: string, zone: Zone | undefined): string | DateRejection | undefined {
  if ((text.length === 10 || text.length === 13) && DIGITS.test(text)) {
    return new Date(text.length === 10 ? Number(text) * 1000 : Number(text)).toISOString();
  }
  const m = ISO_DATE.exec(text);
  if (m === null) return undefined;
  // Indexed rather than destructured: destructuring walks the iterator protocol, measurably slower here.
  const y = m[1] ?? '', mo = m[2] ?? '', d = m[3] ?? '', h = m[4] ?? '00', mi = m[5] ?? '00', s = m[6] ?? '00';
  const frac = m[7] ?? '', sign = m[9], oh = m[10] ?? '00', om = m[11] ?? '00';
  const impossible = impossibleField(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), Number(oh), Number(om));
  if (impossible !== undefined) return { reason: `${quote(text)} is not a real date-time (${impossible})` };
  const millis = frac.padEnd(3, '0').slice(0, 3);
  const zoneless = sign === undefined && m[8] === undefined;
  // Already UTC: assemble the string from the checked parts (toISOString alone costs about a microsecond).
  if (zoneless && zone === undefined) return `${y}-${mo}-${d}T${h}:${mi}:${s}.${millis}Z`;
  if (zoneless) {
    const local = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s), millisecond: Number(millis) };
    return utcText(DateTime.fromObject(local, { zone }).toMillis(), text);
  }
  if (sign === undefined) return `${y}-${mo}-${d}T${h}:${mi}:${s}.${millis}Z`;

  const local = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(millis)));
  if (Number(y) < 100) local.setUTCFullYear(Number(y)); // Date.UTC reads years 0-99 as 1900-1999
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  return utcText(local.getTime() - offsetMinutes * 60_000, text);
}

/**
 * A reader of opt-in dates as RFC 3339 UTC (`2024-01-15T10:00:00.000Z`), built once per run: ISO 8601 and epoch
 * always, then the --date-format if there is one (only it, so no cell is read by a rule the person did not choose),
 * else the forms that can be read only one way, and the format the file implies for the cells they cannot read.
 */
export function optInDateReader(reading: DateReading = {}): OptInDateReader {
  const { dateFormat } = reading;
  const impliedDateFormat = dateFormat === undefined ? reading.impliedDateFormat : undefined;
  const timezone = reading.timezone === 'UTC' ? undefined : reading.timezone;
  const zone = zoneOf(timezone);
  const other: FormReader =
    dateFormat !== undefined ? formatReader(dateFormat, zone) : impliedDateFormat !== undefined ? impliedFormatReader(impliedDateFormat, zone) : unambiguousReader(zone);
  const forms = formsText({ dateFormat, impliedDateFormat, timezone });
  const isoZone = timezone === undefined ? undefined : zone;
  return (text) => {
    const iso = readIsoOrEpoch(text, isoZone);
    if (typeof iso === 'string') return iso;
    // An impossible ISO date may still be the format's (2024-20-03 under YYYY-DD-MM); if not, ISO's reason stands.
    return other(text) ?? iso ?? { reason: `${quote(text)} is not a date this tool reads: ${forms}` };
  };
}

let readDefault: OptInDateReader | undefined;

/** An opt-in date in the default reading (no --date-format, UTC), or why not: what an API date is read as too. */
export function parseOptInDate(text: string): string | DateRejection {
  readDefault ??= optInDateReader();
  return readDefault(text);
}
