import { CsvFileError } from './csv-file-error.js';
import { chooseEncoding, decodeChunks } from './encoding.js';
import { withoutEndOfFileMark } from './end-of-file-mark.js';
import { gunzip, isGzip } from './gzip.js';
import { markInvalidUtf8Chunks } from './mark-invalid-utf8.js';
import { STDIN_NAME, type RawInput } from './open-input.js';
import { peekHead } from './peek.js';
import { assertLooksLikeText } from './sniff-text.js';

/** Enough to judge the encoding; one read of a file. */
const SNIFF_BYTES = 64 * 1024;

/** Bytes that can come before the header line's text: line breaks, BOMs, and UTF-16's zero bytes. */
const LEADING = new Set([0x0a, 0x0d, 0x00, 0xef, 0xbb, 0xbf, 0xfe, 0xff]);

/**
 * Sniff the first 64 KiB, or less once the header line is complete: a slow pipe must not hold up the header.
 * (Reading only that far can miss a quoted line break in the header; the delimiter count then sees less of it.)
 */
function isEnough(head: Buffer): boolean {
  if (head.length >= SNIFF_BYTES || isGzip(head)) return true;
  let i = 0;
  while (i < head.length && LEADING.has(head[i]!)) i++;
  return head.indexOf(0x0a, i) !== -1 || head.indexOf(0x0d, i) !== -1;
}

/**
 * The input as text for csv-parse: UTF-8 Buffers passed through (the fast path; a byte that is not UTF-8 is
 * replaced by a marker, so its row can say so), or decoded strings.
 */
export interface TextInput {
  chunks: AsyncIterable<Buffer | string>;
  /** The start of the text, for detecting the delimiter. */
  headText: string;
  /** WHATWG name of the encoding read: "utf-8", "utf-16le", "windows-1252", ... */
  encoding: string;
  /** The file was gzip: its size (the compressed one) says nothing of where in the text a record lies. */
  gzip: boolean;
}

function emptyError(name: string): CsvFileError {
  return new CsvFileError('EMPTY', `${name} is empty: expected a header row`);
}

/** Unzips when the bytes say gzip, picks the encoding (BOM, then `encodingOption`, then UTF-8) and refuses non-text. */
export async function decodeInput(raw: RawInput, encodingOption: string | undefined): Promise<TextInput> {
  let { head, chunks } = await peekHead(raw.chunks, isEnough);
  if (head.length === 0) throw emptyError(raw.name);
  const gzip = isGzip(head);
  if (gzip) {
    ({ head, chunks } = await peekHead(gunzip(chunks), isEnough));
    if (head.length === 0) throw emptyError(raw.name);
  } else if (raw.name !== STDIN_NAME && raw.name.toLowerCase().endsWith('.gz')) {
    throw new CsvFileError('NOT_GZIP', `${raw.name} is named .gz but is not gzip-compressed: rename it, or compress it with gzip`);
  }
  const encoding = chooseEncoding(head, encodingOption);
  assertLooksLikeText(head, encoding, raw.name);
  if (encoding === 'utf-8') return { chunks: withoutEndOfFileMark(markInvalidUtf8Chunks(chunks)), headText: head.toString('utf8'), encoding, gzip };
  return { chunks: withoutEndOfFileMark(decodeChunks(chunks, encoding)), headText: new TextDecoder(encoding).decode(head), encoding, gzip };
}
