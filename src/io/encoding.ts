import { resolveEncoding as resolveLabel } from '../config/csv-format.js';
import { CsvFileError } from './csv-file-error.js';

export { SUPPORTED_ENCODINGS } from '../config/csv-format.js';

/**
 * openCsv's `encoding` option as its WHATWG name, as a CsvFileError for a library caller. The rule is config/'s,
 * which reads the CLI's --encoding with the other flags, so a name that comes from there passes unchanged.
 */
export function resolveEncoding(label: string): string {
  try {
    return resolveLabel(label);
  } catch (error) {
    throw new CsvFileError('BAD_OPTION', (error as Error).message, { cause: error });
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
