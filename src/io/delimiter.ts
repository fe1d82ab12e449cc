import { parseDelimiterOption as parseDelimiter } from '../config/csv-format.js';
import { CsvFileError } from './csv-file-error.js';

/** Delimiters detected from the header line, in order of preference when counts tie. */
export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

/**
 * openCsv's `delimiter` option, as a CsvFileError for a library caller. The rule is config/'s, which reads the CLI's
 * --delimiter with the other flags, so a value that comes from there is already the character and passes unchanged.
 */
export function parseDelimiterOption(value: string): string {
  try {
    return parseDelimiter(value);
  } catch (error) {
    throw new CsvFileError('BAD_OPTION', (error as Error).message, { cause: error });
  }
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
