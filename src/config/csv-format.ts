import { UsageError } from '../errors.js';

/** How to read the input's text: `--delimiter` and `--encoding`, each as the value the reader uses. */

const NAMED_DELIMITERS: Readonly<Record<string, string>> = { '\\t': '\t', tab: '\t', comma: ',', semicolon: ';', pipe: '|' };

/** A `--delimiter` value as the character to split on: `\t` or `tab` for a tab, or any single character. */
export function parseDelimiterOption(value: string): string {
  const delimiter = NAMED_DELIMITERS[value.toLowerCase()] ?? value;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new UsageError(`Invalid delimiter ${JSON.stringify(value)}: give one character (other than a quote or line break), or \\t / tab`);
  }
  return delimiter;
}

/** The names the help and error messages offer; any other WHATWG label TextDecoder knows works too. */
export const SUPPORTED_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'latin1', 'windows-1252', 'cp1252', 'iso-8859-1', 'macintosh'] as const;

/** Node-style names TextDecoder does not know. */
const ENCODING_ALIASES: Readonly<Record<string, string>> = { utf16le: 'utf-16le', utf16be: 'utf-16be', ucs2: 'utf-16le', binary: 'latin1' };

/**
 * The canonical WHATWG name for an `--encoding` value ("utf-8", "utf-16le", "windows-1252", ...).
 * Note that for TextDecoder latin1 and iso-8859-1 mean windows-1252, which also gives € and the other 0x80-0x9F characters.
 */
export function resolveEncoding(label: string): string {
  const key = label.trim().toLowerCase();
  try {
    return new TextDecoder(ENCODING_ALIASES[key] ?? key).encoding;
  } catch {
    throw new UsageError(`Unknown encoding "${label}": use one of ${SUPPORTED_ENCODINGS.join(', ')} (or another WHATWG encoding label)`);
  }
}
