/**
 * The flags each command takes, as node:util parseArgs describes them: what cli/ parses argv with and offers in
 * "did you mean". No imports, so `--help` and `--version` stay light; what a value may be is checked elsewhere in
 * config/, with zod.
 */

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
}

export type FlagTable = Readonly<Record<string, FlagSpec>>;

/** Taken by every command, anywhere on the line (before the command's name too). */
export const GLOBAL_FLAGS = {
  quiet: { type: 'boolean', short: 'q' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const satisfies FlagTable;

/** Flags every command that reads a contact CSV takes (validate, import; export all but results, rejects, dedupe). */
export const INPUT_FLAGS = {
  results: { type: 'string' },
  rejects: { type: 'string' },
  'summary-json': { type: 'string' },
  map: { type: 'string', multiple: true },
  'mapping-file': { type: 'string' },
  delimiter: { type: 'string' },
  encoding: { type: 'string' },
  'default-country': { type: 'string' },
  preset: { type: 'string' },
  'date-format': { type: 'string' },
  timezone: { type: 'string' },
  sheet: { type: 'string' },
  dedupe: { type: 'string' },
  'rejects-include-duplicates': { type: 'boolean' },
  workers: { type: 'string' },
  'wait-lock': { type: 'boolean' },
} as const satisfies FlagTable;

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
} as const satisfies FlagTable;

export const VALIDATE_FLAGS = INPUT_FLAGS;

export const IMPORT_FLAGS = {
  ...INPUT_FLAGS,
  ...API_FLAGS,
  mode: { type: 'string' },
  'phone-format': { type: 'string' },
  'dry-run': { type: 'boolean' },
  online: { type: 'boolean' },
  resume: { type: 'boolean' },
  'state-dir': { type: 'string' },
  full: { type: 'boolean' },
  'no-state': { type: 'boolean' },
} as const satisfies FlagTable;

// Export writes one file of its own: no results or rejects file, and it de-duplicates by phone, not crm_id.
const { results: _results, rejects: _rejects, dedupe: _dedupe, 'rejects-include-duplicates': _duplicates, ...EXPORT_INPUT_FLAGS } = INPUT_FLAGS;

export const EXPORT_FLAGS = {
  ...EXPORT_INPUT_FLAGS,
  ...API_FLAGS,
  out: { type: 'string', short: 'o' },
} as const satisfies FlagTable;

/** verify reads like import and reads SalesChat back; of the sync state's flags, --full means nothing to it. */
export const VERIFY_FLAGS = {
  ...INPUT_FLAGS,
  ...API_FLAGS,
  'state-dir': { type: 'string' },
  'no-state': { type: 'boolean' },
} as const satisfies FlagTable;

export const SANDBOX_FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  token: { type: 'string' },
  state: { type: 'string' },
  dates: { type: 'string' },
  latency: { type: 'string' },
  'fail-rate': { type: 'string' },
  'fail-after-commit': { type: 'string' },
  'rate-limit': { type: 'string' },
  limiter: { type: 'string' },
  burst: { type: 'string' },
  'retry-after': { type: 'string' },
  'rate-limit-status': { type: 'string' },
  'rate-limit-headers': { type: 'string' },
  seed: { type: 'string' },
  orgs: { type: 'string' },
} as const satisfies FlagTable;

export const TEMPLATE_FLAGS = {} as const satisfies FlagTable;

/** doctor checks what import would use: where, as whom, for which org, how long to wait; or the sandbox. */
export const DOCTOR_FLAGS = {
  'base-url': API_FLAGS['base-url'],
  'token-file': API_FLAGS['token-file'],
  org: API_FLAGS.org,
  sandbox: API_FLAGS.sandbox,
  timeout: API_FLAGS.timeout,
} as const satisfies FlagTable;
