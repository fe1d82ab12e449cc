import { basename, dirname, join } from 'node:path';
import type { CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import { loadMappingFile, readMapFlags } from './column-map.js';
import type { CommandLine } from './command-line.js';
import { parseDefaultCountry } from './country.js';
import { parseDelimiterOption, resolveEncoding } from './csv-format.js';
import { DEFAULTS } from './defaults.js';
import { filePath, flagSwitch, parsedBy, wholeNumber } from './flag-schemas.js';
import { fromZod, type Checked } from './problems.js';
import { standardOutputProblems } from './standard-output.js';
import { parseDateFormatOption, parseTimezoneOption } from './date-format.js';
import { PRESET_NAMES, type PresetName } from './preset-names.js';

/** The input half of validate, import and export: which file, how to read and map it, where results go. */

export const DEDUPE_CHOICES = ['first', 'last', 'off'] as const;
export type Dedupe = (typeof DEDUPE_CHOICES)[number];

export interface InputConfig {
  /** A path (CSV, .gz or .xlsx), or "-" for standard input. */
  readonly input: string;
  readonly results: string;
  readonly rejects: string | undefined;
  readonly summaryJson: string | undefined;
  /** field -> header: --mapping-file's, then --map's over them (flags win); empty when neither is given. */
  readonly columnOverrides: Readonly<Record<string, string>>;
  /** The one character to split on (`tab` already a tab); undefined = detect it from the header line. */
  readonly delimiter: string | undefined;
  /** The WHATWG name of --encoding ("windows-1252"); undefined = UTF-8 unless a byte-order mark says otherwise. */
  readonly encoding: string | undefined;
  readonly defaultCountry: CountryCode | undefined;
  /** --preset: a CRM's header mapping and date format; undefined = chosen from the header when it is unmistakable. */
  readonly preset: PresetName | undefined;
  /** --date-format as given (MM/DD/YYYY ...); undefined = the preset's, else what the file's dates show. */
  readonly dateFormat: string | undefined;
  /** --timezone: the IANA zone of date-times written without one; undefined = UTC. */
  readonly timezone: string | undefined;
  /** --sheet: the worksheet of an .xlsx input; undefined = the first. */
  readonly sheet: string | undefined;
  readonly dedupe: Dedupe;
  /** --rejects-include-duplicates: duplicates go to the rejects file too (by default they are left out). */
  readonly rejectsIncludeDuplicates: boolean;
  /** Validation worker threads; undefined = automatic (one per core, up to 4, for inputs over 2 MB). */
  readonly workers: number | undefined;
  /** When another run holds the results file: wait for it (true) or stop with exit 2 (false). */
  readonly waitLock: boolean;
  readonly quiet: boolean;
}

/** `contacts.csv` -> `contacts.results.csv`, `drop.csv.gz` -> `drop.results.csv`, `book.xlsx` -> `book.results.csv`, beside the input. */
export function defaultResultsPath(input: string, suffix = '.results.csv'): string {
  const name = basename(input).replace(/\.gz$/i, '').replace(/\.(csv|tsv|txt|xlsx|xlsm)$/i, '');
  return join(dirname(input), `${name}${suffix}`);
}

const inputFlags = z.object({
  results: filePath('results').optional(),
  rejects: filePath('rejects').optional(),
  'summary-json': filePath('summary-json').optional(),
  map: z
    .array(z.string())
    .default([])
    .transform((values, ctx) => {
      const { overrides, problems } = readMapFlags(values);
      for (const problem of problems) ctx.addIssue(problem);
      return overrides;
    }),
  'mapping-file': filePath('mapping-file').transform(parsedBy(loadMappingFile)).optional(),
  delimiter: z.string().transform(parsedBy(parseDelimiterOption)).optional(),
  encoding: z.string().transform(parsedBy(resolveEncoding)).optional(),
  'default-country': z.string().transform(parsedBy(parseDefaultCountry)).optional(),
  preset: z.enum(PRESET_NAMES, { error: (issue) => `--preset takes ${PRESET_NAMES.join(', ')}; got ${JSON.stringify(issue.input)}` }).optional(),
  'date-format': z.string().transform(parsedBy(parseDateFormatOption)).optional(),
  timezone: z.string().transform(parsedBy(parseTimezoneOption)).optional(),
  sheet: z.string().refine((value) => value.trim() !== '', '--sheet needs a worksheet name.').optional(),
  dedupe: z.enum(DEDUPE_CHOICES, { error: '--dedupe takes first, last or off' }).default(DEFAULTS.dedupe),
  'rejects-include-duplicates': flagSwitch(),
  workers: wholeNumber('workers', 0, 16).optional(),
  'wait-lock': flagSwitch(),
  quiet: flagSwitch(),
});

/**
 * Where the results go: `--results` (validate, import), or export's `--out`, which stands in for it (checked with
 * export's own flags); export de-duplicates by phone number itself, so crm_id de-duplication is then off.
 */
export type ResultsFrom = { readonly flag: '--results' } | { readonly flag: '--out'; readonly out: string | undefined };

/** The input file: exactly one positional; standard input needs a results path, as there is no name to put it beside. */
function positionalProblems(line: CommandLine, from: ResultsFrom): string[] {
  const [input, ...extra] = line.positionals;
  const command = line.command;
  if (input === undefined) return [`${command} needs an input file: saleschat-bulk ${command} <file.csv | file.csv.gz | file.xlsx | ->`];
  const problems: string[] = [];
  if (extra.length > 0) problems.push(`${command} takes one input file; also got: ${extra.join(' ')}`);
  if (input === '-' && from.flag === '--results' && line.values['results'] === undefined) {
    problems.push('Reading standard input needs --results PATH: there is no file name to put the results beside.');
  }
  if (input === '-' && from.flag === '--results' && line.values['dedupe'] === 'last') {
    problems.push('--dedupe last reads the file twice, so it cannot read standard input: save it to a file first, or use --dedupe first.');
  }
  return problems;
}

/** The input half of a command's options, checked: every problem found, none thrown. */
export async function checkInput(line: CommandLine, from: ResultsFrom = { flag: '--results' }): Promise<Checked<InputConfig>> {
  const flags = fromZod(await inputFlags.safeParseAsync(line.values));
  const problems = [...positionalProblems(line, from), ...standardOutputProblems(line.values, from.flag === '--out'), ...(flags.ok ? [] : flags.problems)];
  const input = line.positionals[0];
  if (!flags.ok || input === undefined || problems.length > 0) return { ok: false, problems };
  const { value } = flags;
  const exported = from.flag === '--out';
  return {
    ok: true,
    value: Object.freeze({
      input,
      results: (exported ? from.out : value.results) ?? defaultResultsPath(input),
      rejects: value.rejects,
      summaryJson: value['summary-json'],
      columnOverrides: Object.freeze({ ...value['mapping-file'], ...value.map }),
      delimiter: value.delimiter,
      encoding: value.encoding,
      defaultCountry: value['default-country'],
      preset: value.preset,
      dateFormat: value['date-format'],
      timezone: value.timezone,
      sheet: value.sheet,
      dedupe: exported ? 'off' : value.dedupe,
      rejectsIncludeDuplicates: value['rejects-include-duplicates'],
      workers: value.workers,
      waitLock: value['wait-lock'],
      quiet: value.quiet,
    }),
  };
}
