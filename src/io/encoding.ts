import { CsvFileError } from './csv-file-error.js';

/** The names the help and error messages offer; any other WHATWG label TextDecoder knows works too. */
export const SUPPORTED_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'latin1', 'windows-1252', 'cp1252', 'iso-8859-1'] as const;

/** Node-style names TextDecoder does not know. */
const ALIASES: Readonly<Record<string, string>> = { utf16le: 'utf-16le', utf16be: 'utf-16be', ucs2: 'utf-16le', binary: 'latin1' };

/**
 * The canonical WHATWG name for an `--encoding` value ("utf-8", "utf-16le", "windows-1252", ...).
 * Note that for TextDecoder latin1 and iso-8859-1 mean windows-1252, which also gives € and the other 0x80-0x9F characters.
 */
export function resolveEncoding(label: string): string {
  const key = label.trim().toLowerCase();
  try {
    return new TextDecoder(ALIASES[key] ?? key).encoding;
  } catch {
    throw new CsvFileError(
      'BAD_OPTION',
      `Unknown encoding "${label}": use one of ${SUPPORTED_ENCODINGS.join(', ')} (or another WHATWG encoding label)`,
    );
  }
}

export interface Bom {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  length: number;
}

/** The encoding a byte-order mark at the start of `head` announces. */
export function detectBom(head: Uint8Array): Bom | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** A BOM is definitive and wins over `--encoding` (as in the WHATWG decode algorithm); UTF-8 is the default. */
export function chooseEncoding(head: Uint8Array, option: string | undefined): string {
  return detectBom(head)?.encoding ?? option ?? 'utf-8';
}

/** Decodes a non-UTF-8 input as it streams; the decoder drops a BOM of its own encoding. */
export async function* decodeChunks(chunks: AsyncIterable<Buffer>, encoding: string): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}
