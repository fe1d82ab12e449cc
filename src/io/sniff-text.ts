import { isUtf8 } from 'node:buffer';
import { CsvFileError } from './csv-file-error.js';

/** Signatures of files people save by mistake instead of a CSV. */
const SIGNATURES: readonly (readonly [readonly number[], string])[] = [
  // A workbook is read as it is (see workbook-kind.ts): one reaches here only inside gzip.
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive (an Excel workbook?) inside gzip: give the .xlsx file itself, not compressed with gzip'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old Excel workbook (.xls) or a password-protected one, which cannot be read: save it as an Excel workbook (.xlsx) or as "CSV UTF-8" first'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document, not CSV'],
];

/** C0 controls that never appear in text files (tab, line feed, form feed, carriage return and escape aside). */
function isControl(byte: number): boolean {
  return byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0b && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b;
}

/** Offset of the first byte that breaks UTF-8, ignoring a sequence cut short at the end of `head`; -1 when valid. */
export function firstInvalidUtf8(head: Uint8Array): number {
  for (let i = 0; i < head.length; ) {
    const byte = head[i]!;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    for (let k = 1; k < length; k++) {
      if (i + k >= head.length) return -1;
      if ((head[i + k]! & 0xc0) !== 0x80) return i;
    }
    if (length > 1 && !isUtf8(head.subarray(i, i + length))) return i; // overlong or surrogate forms
    i += length;
  }
  return -1;
}

/** The line `offset` is on, counting LF, CRLF and a CR alone (old Mac files) as one line end each. */
function lineAt(head: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (head[i] === 0x0a || (head[i] === 0x0d && head[i + 1] !== 0x0a)) line++;
  return line;
}

/** Lines that end in CR alone are Excel for Mac's "CSV", which it writes in Mac Roman, not Windows-1252. */
function endsLinesInCrAlone(head: Uint8Array): boolean {
  const cr = head.indexOf(0x0d);
  return cr !== -1 && head[cr + 1] !== 0x0a && !head.includes(0x0a);
}

/** Which single-byte encoding a file that is not UTF-8 most likely is, as the --encoding to run again with. */
function encodingHint(head: Uint8Array): string {
  return endsLinesInCrAlone(head)
    ? 'its lines end in CR alone, as Excel for Mac writes "CSV" in Mac Roman, so run again with --encoding macintosh'
    : 'it looks like Latin-1/Windows-1252, so run again with --encoding latin1';
}

function utf16Guess(head: Uint8Array): string | undefined {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const pairs = head.length / 2;
  if (odd > pairs / 4 && even === 0) return 'utf-16le';
  if (even > pairs / 4 && odd === 0) return 'utf-16be';
  return undefined;
}

/**
 * Refuses, before anything is sent, input that is not CSV text: a binary file, or a file that is not UTF-8 when read as UTF-8.
 * Only the head is checked here, where a bad byte most likely means a wrong encoding; a NUL or a bad byte later
 * makes only its own row invalid (see mark-invalid-utf8.ts), rather than stopping a long run.
 */
export function assertLooksLikeText(head: Uint8Array, encoding: string, name: string): void {
  if (encoding === 'utf-16le' || encoding === 'utf-16be') return;
  for (const [signature, what] of SIGNATURES) {
    if (signature.every((byte, i) => head[i] === byte)) throw new CsvFileError('BINARY', `${name} looks like ${what}`);
  }
  let controls = 0;
  for (let i = 0; i < head.length; i++) if (isControl(head[i]!)) controls++;
  if (controls > 0) {
    const utf16 = utf16Guess(head);
    if (utf16 !== undefined) {
      throw new CsvFileError('BINARY', `${name} looks like ${utf16.toUpperCase()} text without a byte-order mark: run again with --encoding ${utf16}`);
    }
    // NUL never occurs in text; a few other controls (a DOS end-of-file mark) may.
    if (head.includes(0) || controls > Math.max(8, head.length / 100)) {
      throw new CsvFileError('BINARY', `${name} looks like a binary file, not CSV: export the data as a CSV text file`);
    }
  }
  if (encoding !== 'utf-8' || isUtf8(head)) return;
  const offset = firstInvalidUtf8(head);
  if (offset === -1) return;
  const byte = head[offset]!.toString(16).toUpperCase().padStart(2, '0');
  throw new CsvFileError(
    'NOT_UTF8',
    `${name} is not UTF-8 text (byte 0x${byte} on line ${lineAt(head, offset)}): ${encodingHint(head)}`,
  );
}
