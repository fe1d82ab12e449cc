import { MARKER_BASE, MARKER_PREFIX } from './mark-invalid-utf8.js';

/** Bytes a cell held that its text cannot carry faithfully: a NUL, or bytes that are not UTF-8. */
export interface CellBytes {
  /** Index of the cell in the record. */
  column: number;
  nul: boolean;
  /** The bytes that are not UTF-8, in order (at most MAX_LISTED); empty when there are none. */
  notUtf8: number[];
}

/** Enough to recognise the bytes in a message; a cell of Latin-1 text could hold hundreds. */
export const MAX_LISTED = 8;

/** A marker in a JavaScript string: the surrogate pair of U+10FF80..U+10FFFF. */
const MARKER_HIGH = String.fromCharCode(0xd800 + ((MARKER_BASE - 0x10000) >> 10));
const MARKER_LOW_BASE = 0xdc00 + ((MARKER_BASE - 0x10000) & 0x3ff);
const REPLACEMENT = '\uFFFD';

/** Whether a chunk of input may hold a NUL or a marker; until one does, the parser looks at no cell. */
export function mayHoldOddBytes(chunk: Buffer | string): boolean {
  if (typeof chunk === 'string') return chunk.includes('\0') || chunk.includes(MARKER_HIGH);
  return chunk.includes(0) || chunk.includes(MARKER_PREFIX);
}

/** The byte a marker's low surrogate stands for, or -1 when `low` is not one. */
function markedByte(low: number): number {
  const byte = low - MARKER_LOW_BASE;
  return byte >= 0x80 && byte <= 0xff ? byte : -1;
}

/** `cell` with markers as U+FFFD, and the bytes they stood for. */
function unmark(cell: string, bytes: number[]): string {
  let text = '';
  let from = 0;
  for (let i = cell.indexOf(MARKER_HIGH); i !== -1; i = cell.indexOf(MARKER_HIGH, i + 1)) {
    const byte = markedByte(cell.charCodeAt(i + 1));
    if (byte === -1) continue;
    if (bytes.length < MAX_LISTED) bytes.push(byte);
    text += cell.slice(from, i) + REPLACEMENT;
    from = i + 2;
  }
  return from === 0 ? cell : text + cell.slice(from);
}

/**
 * The cells of a record that hold a NUL or a marker. Markers are replaced in `fields` (in place) by U+FFFD, as
 * a decoder would have written them, so no marker goes further than the record.
 */
export function takeCellBytes(fields: string[]): CellBytes[] | undefined {
  let found: CellBytes[] | undefined;
  for (let column = 0; column < fields.length; column++) {
    const cell = fields[column]!;
    const nul = cell.includes('\0');
    const notUtf8: number[] = [];
    if (cell.includes(MARKER_HIGH)) fields[column] = unmark(cell, notUtf8);
    if (!nul && notUtf8.length === 0) continue;
    (found ??= []).push({ column, nul, notUtf8 });
  }
  return found;
}
