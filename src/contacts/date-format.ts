import { dateFormatPieces, type DateFormatPiece, type DateToken } from '../config/date-format.js';

/**
 * A person's --date-format in Luxon's words: the one place their tokens (YYYY, DD, A) become Luxon's (yyyy, dd, a).
 * Luxon reads every other character of a format as itself, except a quote, which the option refuses.
 */
const LUXON: Readonly<Record<DateToken, string>> = {
  YYYY: 'yyyy', YY: 'yy', MM: 'MM', M: 'M', DD: 'dd', D: 'd', HH: 'HH', H: 'H', hh: 'hh', h: 'h', mm: 'mm', ss: 'ss', A: 'a',
};

/**
 * Padded tokens read one or two digits when a separator stands on both sides, as spreadsheets drop the zero
 * (`3/5/2024` under MM/DD/YYYY); run together (YYYYMMDD) only the width written can tell where a number ends.
 */
const UNPADDED: Partial<Record<DateToken, string>> = { MM: 'M', DD: 'd', HH: 'H', hh: 'h' };

const NUMERIC = new Set<DateToken>(['YYYY', 'YY', 'MM', 'M', 'DD', 'D', 'HH', 'H', 'hh', 'h', 'mm', 'ss']);

const TIME = new Set<DateToken>(['HH', 'H', 'hh', 'h', 'mm', 'ss', 'A']);

/**
 * Where the hour stands in a format and its range: Luxon takes 24:00 as the next midnight and 13:05 PM as 13:05,
 * where a person would want to hear the cell is wrong. Matched only on cells Luxon has read.
 */
export interface HourCheck {
  pattern: RegExp;
  min: number;
  max: number;
}

export interface LuxonFormat {
  /** The whole format. */
  full: string;
  /** The hour's range check, when the format has an hour. */
  hour: HourCheck | undefined;
  /**
   * Its date alone, when the date comes first and a time follows (`M/D/YYYY h:mm A` -> `M/d/yyyy`): a cell with no
   * time is then that day at midnight, as spreadsheets write a date-time column's midnight values.
   */
  dateOnly: string | undefined;
}

const isNumeric = (piece: DateFormatPiece | undefined): boolean => piece !== undefined && 'token' in piece && NUMERIC.has(piece.token);

/** The Luxon token for pieces[i], a token. */
function luxonToken(pieces: readonly DateFormatPiece[], i: number): string {
  const piece = pieces[i];
  if (piece === undefined || 'literal' in piece) return '';
  const loose = UNPADDED[piece.token];
  const separated = !isNumeric(pieces[i - 1]) && !isNumeric(pieces[i + 1]);
  return loose !== undefined && separated ? loose : LUXON[piece.token];
}

function translate(pieces: readonly DateFormatPiece[]): string {
  return pieces.map((piece, i) => ('literal' in piece ? piece.literal : luxonToken(pieces, i))).join('');
}

const HOURS: Partial<Record<DateToken, readonly [min: number, max: number]>> = { HH: [0, 23], H: [0, 23], hh: [1, 12], h: [1, 12] };

/** What each token matches in the hour check, as Luxon's parser does; the hour is the one captured group. */
function tokenPattern(luxon: string, token: DateToken): string {
  if (token === 'A') return '[AaPp][Mm]';
  const digits = luxon.length === 1 ? String.raw`\d{1,2}` : String.raw`\d{${luxon.length}}`;
  return HOURS[token] === undefined ? digits : `(${digits})`;
}

function hourCheck(pieces: readonly DateFormatPiece[]): HourCheck | undefined {
  const hour = pieces.find((piece) => 'token' in piece && HOURS[piece.token] !== undefined);
  if (hour === undefined || !('token' in hour)) return undefined;
  const [min, max] = HOURS[hour.token]!;
  const source = pieces
    .map((piece, i) => ('literal' in piece ? piece.literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&') : tokenPattern(luxonToken(pieces, i), piece.token)))
    .join('');
  return { pattern: new RegExp(`^${source}$`), min, max };
}

/** A checked --date-format (parseDateFormatOption's) as Luxon formats. */
export function toLuxonFormat(format: string): LuxonFormat {
  const pieces = dateFormatPieces(format);
  const full = translate(pieces);
  const hour = hourCheck(pieces);
  const firstTime = pieces.findIndex((piece) => 'token' in piece && TIME.has(piece.token));
  if (firstTime === -1) return { full, hour, dateOnly: undefined };
  const datePieces = pieces.slice(0, firstTime);
  if ('literal' in (datePieces.at(-1) ?? { literal: '' })) datePieces.pop();
  const dateComplete = datePieces.filter((piece) => 'token' in piece).length === 3;
  return { full, hour, dateOnly: dateComplete ? translate(datePieces) : undefined };
}

/**
 * The same format with its seconds toggled (`H:mm` <-> `H:mm:ss`), for a format the tool took from one cell of the
 * file rather than from the person: whether that cell had seconds says nothing about the next. Undefined when the
 * format has no minutes, or seconds written otherwise than `:ss` right after them.
 */
export function withSecondsToggled(format: string): string | undefined {
  const pieces = dateFormatPieces(format);
  const minute = pieces.findIndex((piece) => 'token' in piece && piece.token === 'mm');
  if (minute === -1) return undefined;
  const next = pieces[minute + 1], after = pieces[minute + 2];
  const written = (list: readonly DateFormatPiece[]) => list.map((piece) => ('literal' in piece ? piece.literal : piece.token)).join('');
  if (next !== undefined && 'literal' in next && next.literal === ':' && after !== undefined && 'token' in after && after.token === 'ss') {
    return written([...pieces.slice(0, minute + 1), ...pieces.slice(minute + 3)]);
  }
  if (pieces.some((piece) => 'token' in piece && piece.token === 'ss')) return undefined;
  return written([...pieces.slice(0, minute + 1), { literal: ':' }, { token: 'ss' }, ...pieces.slice(minute + 1)]);
}
