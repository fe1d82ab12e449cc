import { CsvFileError } from './csv-file-error.js';

/** Delimiters detected from the header line, in order of preference when counts tie. */
export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

const NAMED: Readonly<Record<string, string>> = { '\\t': '\t', tab: '\t', comma: ',', semicolon: ';', pipe: '|' };

/** A `--delimiter` value as the character to split on: `\t` or `tab` for a tab, or any single character. */
export function parseDelimiterOption(value: string): string {
  const delimiter = NAMED[value.toLowerCase()] ?? value;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
    throw new CsvFileError('BAD_OPTION', `Invalid delimiter ${JSON.stringify(value)}: give one character (other than a quote or line break), or \\t / tab`);
  }
  return delimiter;
}

/**
 * The candidate found most often outside quotes on the first non-blank line; ties go to the earlier candidate
 * (so to `,`), and a line with none of them (a single column) gives `,`.
 */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITER_CANDIDATES.map((candidate) => [candidate, 0]));
  let quoted = false;
  let started = false;
  for (const char of text) {
    if (!started && (char === '\r' || char === '\n' || char === '\uFEFF')) continue;
    started = true;
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\r' || char === '\n')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: string = DELIMITER_CANDIDATES[0];
  for (const candidate of DELIMITER_CANDIDATES) if (counts.get(candidate)! > counts.get(best)!) best = candidate;
  return best;
}
