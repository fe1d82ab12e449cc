import { UsageError } from '../errors.js';

/**
 * --date-format and --timezone as a person gives them, checked. (Issue 14: the formats a person writes, MM/DD/YYYY,
 * DD.MM.YYYY, DD/MM/YYYY, with an optional time such as h:mm A.) The words are the spreadsheet's, not a library's:
 * contacts/date-format.ts translates them for the parser.
 */

/** A token of --date-format, as the person writes it. */
export type DateToken = 'YYYY' | 'YY' | 'MM' | 'M' | 'DD' | 'D' | 'HH' | 'H' | 'hh' | 'h' | 'mm' | 'ss' | 'A';

/** One piece of a format: a token, or separators between tokens, matched as written. */
export type DateFormatPiece = { token: DateToken } | { literal: string };

type Part = 'year' | 'month' | 'day' | 'hour24' | 'hour12' | 'minute' | 'second' | 'meridiem';

// Each token is a run of one letter, as in the spreadsheet's own formats; `a` is A as moment.js users write it.
const TOKENS: ReadonlyMap<string, readonly [token: DateToken, part: Part]> = new Map([
  ['YYYY', ['YYYY', 'year']], ['YY', ['YY', 'year']], ['MM', ['MM', 'month']], ['M', ['M', 'month']], ['DD', ['DD', 'day']], ['D', ['D', 'day']],
  ['HH', ['HH', 'hour24']], ['H', ['H', 'hour24']], ['hh', ['hh', 'hour12']], ['h', ['h', 'hour12']], ['mm', ['mm', 'minute']], ['ss', ['ss', 'second']],
  ['A', ['A', 'meridiem']], ['a', ['A', 'meridiem']],
]);

const PART_OF = new Map<DateToken, Part>([...TOKENS.values()]);

const TOKEN_LIST =
  'YYYY (or YY), MM or M, DD or D, HH or H (24-hour), hh or h with A (12-hour, AM/PM), mm, ss, and separators such as / . - : , or a space';

/** The pieces of a format; throws a UsageError naming the first thing it cannot read. */
export function dateFormatPieces(format: string): DateFormatPiece[] {
  const pieces: DateFormatPiece[] = [];
  let literal = '';
  for (let i = 0; i < format.length; ) {
    const char = format.charAt(i);
    if (char === "'") throw formatError(format, 'a quote (\') cannot be a separator');
    if (!/[A-Za-z]/.test(char)) {
      literal += char;
      i++;
      continue;
    }
    let end = i + 1;
    while (format.charAt(end) === char) end++;
    const run = format.slice(i, end);
    const found = TOKENS.get(run);
    if (found === undefined) throw formatError(format, `${JSON.stringify(run)} is not a date token; use ${TOKEN_LIST}`);
    if (literal !== '') pieces.push({ literal });
    literal = '';
    pieces.push({ token: found[0] });
    i = end;
  }
  if (literal !== '') pieces.push({ literal });
  return pieces;
}

/** The first thing that keeps the tokens from naming one date (and time), or undefined. */
function shapeProblem(pieces: readonly DateFormatPiece[]): string | undefined {
  const seen = new Map<Part, DateToken>();
  for (const piece of pieces) {
    if (!('token' in piece)) continue;
    const part = PART_OF.get(piece.token)!;
    const hour = part === 'hour12' || part === 'hour24' ? (seen.get('hour12') ?? seen.get('hour24')) : undefined;
    const earlier = seen.get(part) ?? hour;
    if (earlier !== undefined) return `it gives the ${part.replace(/\d+$/, '')} twice (${earlier} and ${piece.token})`;
    seen.set(part, piece.token);
  }
  if (!seen.has('year')) return 'it has no year: add YYYY';
  if (!seen.has('month')) return `it has no month: add MM or M${seen.has('minute') ? ' (mm, in lower case, is minutes)' : ''}`;
  if (!seen.has('day')) return 'it has no day: add DD or D';
  if (seen.has('hour12') && !seen.has('meridiem')) return 'hh and h are a 12-hour clock: add A for AM/PM, or write HH for a 24-hour clock';
  if (seen.has('meridiem') && !seen.has('hour12')) return 'A (AM/PM) goes with a 12-hour hh or h';
  if (seen.has('minute') && !seen.has('hour12') && !seen.has('hour24')) return 'it has minutes (mm) but no hour; MM, in upper case, is the month';
  if (seen.has('second') && !seen.has('minute')) return 'it has seconds (ss) but no minutes (mm)';
  return undefined;
}

function formatError(format: string, why: string): UsageError {
  return new UsageError(`--date-format ${JSON.stringify(format)} cannot be read: ${why}.`);
}

/** --date-format: a format this tool can read, trimmed; a UsageError naming the token or part that is wrong. */
export function parseDateFormatOption(value: string): string {
  const format = value.trim();
  if (format === '') throw new UsageError('--date-format needs a format, e.g. MM/DD/YYYY, DD.MM.YYYY or "M/D/YYYY h:mm A".');
  const problem = shapeProblem(dateFormatPieces(format));
  if (problem !== undefined) throw formatError(format, problem);
  return format;
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
