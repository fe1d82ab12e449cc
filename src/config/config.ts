import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { checkBaseUrl } from './base-url.js';
import { UsageError } from '../errors.js';
import { isUsablePathSegment } from '../path-segment.js';
import { readToken } from './token.js';

/**
 * Flags and environment in, one frozen, typed Config out. Every default lives here, once.
 * Commands declare which flag groups they take; parseArgs reads them, this module checks them.
 */

/** Flags every command that reads a contact CSV takes (validate, import, export). */
export const INPUT_FLAGS = {
  results: { type: 'string' },
  rejects: { type: 'string' },
  'summary-json': { type: 'string' },
  map: { type: 'string', multiple: true },
  'mapping-file': { type: 'string' },
  delimiter: { type: 'string' },
  encoding: { type: 'string' },
  'default-country': { type: 'string' },
  dedupe: { type: 'string' },
  workers: { type: 'string' },
  'wait-lock': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Flags of the commands that talk to the API (import, export). */
export const API_FLAGS = {
  'base-url': { type: 'string' },
  'token-file': { type: 'string' },
  org: { type: 'string' },
  sandbox: { type: 'boolean' },
  concurrency: { type: 'string' },
  rate: { type: 'string' },
  retries: { type: 'string' },
  timeout: { type: 'string' },
  'max-errors': { type: 'string' },
} as const;

export const DEFAULTS = {
  /** The API's published server. */
  baseUrl: 'https://apis.saleschat.pro',
  /** Rows in flight at once. */
  concurrency: 8,
  /** Retries of a request that is safe to retry (network errors, timeouts, 429, 500, 502, 503, 504). */
  retries: 5,
  /** Seconds before one request is given up as TIMEOUT. */
  timeoutSeconds: 30,
  /** Consecutive failed rows before the run aborts with exit 3. */
  maxErrors: 50,
  /** Org id used with --sandbox when none is given. */
  sandboxOrg: 'sandbox-org',
} as const;

/** z.coerce reads an empty value (`--workers=`) as 0: treat it as no number at all. */
const blankAsMissing = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const count = (flag: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    blankAsMissing,
    z.coerce
      .number({ error: `--${flag} takes a whole number` })
      .int(`--${flag} takes a whole number`)
      .min(min, `--${flag} must be at least ${min}`)
      .max(max, `--${flag} must be at most ${max}`),
  );

const positive = (flag: string) =>
  z.preprocess(blankAsMissing, z.coerce.number({ error: `--${flag} takes a number` }).positive(`--${flag} must be greater than 0`));

/** zod's message for the first problem, as a usage error. */
function check<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new UsageError(parsed.error.issues.map((issue) => issue.message).join('; '));
}

const dedupeSchema = z.enum(['first', 'last', 'off'], { error: '--dedupe takes first, last or off' });

export interface InputConfig {
  /** A path, a .gz path, or "-" for standard input. */
  readonly input: string;
  readonly results: string;
  readonly rejects: string | undefined;
  readonly summaryJson: string | undefined;
  /** field -> header, from --mapping-file then --map (flags win). */
  readonly mapFlags: readonly string[];
  readonly mappingFile: string | undefined;
  readonly delimiter: string | undefined;
  readonly encoding: string | undefined;
  readonly defaultCountry: string | undefined;
  readonly dedupe: 'first' | 'last' | 'off';
  /** Validation worker threads; undefined = automatic (one per core, up to 4, for inputs over 2 MB). */
  readonly workers: number | undefined;
  /** When another run holds the results file: wait for it (true) or stop with exit 2 (false). */
  readonly waitLock: boolean;
  readonly quiet: boolean;
}

interface InputValues {
  results?: string | undefined;
  rejects?: string | undefined;
  'summary-json'?: string | undefined;
  map?: string[] | undefined;
  'mapping-file'?: string | undefined;
  delimiter?: string | undefined;
  encoding?: string | undefined;
  'default-country'?: string | undefined;
  dedupe?: string | undefined;
  workers?: string | undefined;
  'wait-lock'?: boolean | undefined;
  quiet?: boolean | undefined;
}

/** `contacts.csv` -> `contacts.results.csv`, `drop.csv.gz` -> `drop.results.csv`, beside the input. */
export function defaultResultsPath(input: string, suffix = '.results.csv'): string {
  const name = basename(input).replace(/\.gz$/i, '').replace(/\.(csv|tsv|txt)$/i, '');
  return join(dirname(input), `${name}${suffix}`);
}

/** `--results=` would otherwise surface later as a puzzling "cannot create" about an empty name. */
function checkPathFlags(values: InputValues): void {
  for (const flag of ['results', 'rejects', 'summary-json', 'mapping-file'] as const) {
    if (values[flag]?.trim() === '') throw new UsageError(`--${flag} needs a file path.`);
  }
}

export function resolveInputConfig(command: string, values: InputValues, positionals: string[]): InputConfig {
  checkPathFlags(values);
  const [input, ...extra] = positionals;
  if (input === undefined) {
    throw new UsageError(`${command} needs an input file: saleschat-bulk ${command} <file.csv | file.csv.gz | ->`);
  }
  if (extra.length > 0) throw new UsageError(`${command} takes one input file; also got: ${extra.join(' ')}`);
  if (input === '-' && values.results === undefined) {
    throw new UsageError('Reading standard input needs --results PATH: there is no file name to put the results beside.');
  }
  const dedupe = check(dedupeSchema, values.dedupe ?? 'first');
  if (dedupe === 'last' && input === '-') {
    throw new UsageError('--dedupe last reads the file twice, so it cannot read standard input: save it to a file first, or use --dedupe first.');
  }
  const results = values.results ?? defaultResultsPath(input);
  return Object.freeze({
    input,
    results,
    rejects: values.rejects,
    summaryJson: values['summary-json'],
    mapFlags: Object.freeze([...(values.map ?? [])]),
    mappingFile: values['mapping-file'],
    delimiter: values.delimiter,
    encoding: values.encoding,
    defaultCountry: values['default-country'],
    dedupe,
    workers: values.workers === undefined ? undefined : check(count('workers', 0, 16), values.workers),
    waitLock: values['wait-lock'] ?? false,
    quiet: values.quiet ?? false,
  });
}

export interface ApiConfig {
  readonly baseUrl: string;
  readonly token: string;
  readonly orgId: string;
  /** Run against the in-process sandbox (base URL and token are the sandbox's). */
  readonly sandbox: boolean;
  readonly concurrency: number;
  /** Hard cap on requests a second; undefined = no cap, adapt to 429s. */
  readonly rate: number | undefined;
  readonly retries: number;
  readonly timeoutMs: number;
  readonly maxErrors: number;
}

interface ApiValues {
  'base-url'?: string | undefined;
  'token-file'?: string | undefined;
  org?: string | undefined;
  sandbox?: boolean | undefined;
  concurrency?: string | undefined;
  rate?: string | undefined;
  retries?: string | undefined;
  timeout?: string | undefined;
  'max-errors'?: string | undefined;
}

/** An org id is one path segment of every request: "." and ".." would change the path itself. */
function checkOrgId(orgId: string, source: string): string {
  if (orgId.trim() === '') throw new UsageError(`${source} is empty: give the organisation id.`);
  if (!isUsablePathSegment(orgId)) {
    throw new UsageError(`${source} "${orgId}" cannot be an organisation id: "." and ".." would change the request's path.`);
  }
  return orgId;
}

/** --base-url, else SALESCHAT_BASE_URL, else the published server; a message names where a bad one came from. */
function resolveBaseUrl(flag: string | undefined, fromEnv: string | undefined): string {
  if (flag !== undefined) return checkBaseUrl(flag, '--base-url');
  if (fromEnv !== undefined) return checkBaseUrl(fromEnv, 'SALESCHAT_BASE_URL');
  return DEFAULTS.baseUrl;
}

/** --org, else SALESCHAT_ORG_ID; a run that sends nothing may go without (it plans under the sandbox's org). */
function resolveOrgId(flag: string | undefined, fromEnv: string | undefined, offline: boolean): string {
  if (flag !== undefined) return checkOrgId(flag, '--org');
  if (fromEnv !== undefined) return checkOrgId(fromEnv, 'SALESCHAT_ORG_ID');
  if (offline) return DEFAULTS.sandboxOrg;
  throw new UsageError('No organisation id: set SALESCHAT_ORG_ID or pass --org ID.');
}

/** Resolves the API half of the config; with --sandbox the URL and token are filled in once the sandbox listens. */
export async function resolveApiConfig(
  values: ApiValues,
  env: Readonly<Record<string, string | undefined>>,
  /** False for a run that sends nothing (import --dry-run): no token or org is needed to plan. */
  { sends = true }: { sends?: boolean } = {},
): Promise<ApiConfig> {
  // A run that sends nothing needs no credentials, exactly as a sandbox run needs none of its own.
  const sandbox = values.sandbox ?? false;
  const offline = sandbox || !sends;
  const concurrency = check(count('concurrency', 1, 256), values.concurrency ?? DEFAULTS.concurrency);
  const rate = values.rate === undefined ? undefined : check(positive('rate'), values.rate);
  const retries = check(count('retries', 0, 20), values.retries ?? DEFAULTS.retries);
  const timeoutMs = check(positive('timeout'), values.timeout ?? DEFAULTS.timeoutSeconds) * 1000;
  const maxErrors = check(count('max-errors', 1), values['max-errors'] ?? DEFAULTS.maxErrors);
  const baseUrl = sandbox ? '' : resolveBaseUrl(values['base-url'], env['SALESCHAT_BASE_URL']);
  const token = offline ? '' : await readToken(values['token-file'], env);
  // After the token: with nothing configured, the first thing to set is SALESCHAT_TOKEN.
  const orgId = resolveOrgId(values.org, env['SALESCHAT_ORG_ID'], offline);
  return Object.freeze({ baseUrl, token, orgId, sandbox, concurrency, rate, retries, timeoutMs, maxErrors });
}
