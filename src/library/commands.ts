import { Readable, Writable } from 'node:stream';
import {
  EXPORT_FLAGS,
  IMPORT_FLAGS,
  VALIDATE_FLAGS,
  VERIFY_FLAGS,
  exportConfig,
  importConfig,
  usageError,
  validateConfig,
  verifyConfig,
  type CommandLine,
  type Dedupe,
  type Env,
  type FlagTable,
  type FlagValue,
  type ImportMode,
  type PhoneFormat,
} from '../config/index.js';
import type { ExitCode } from '../errors.js';
import type { CsvSource, Truncation } from '../io/index.js';
import type { RowAction, RowStatus } from '../io/result-row.js';
import { openRecords, type RecordObjects } from '../io/records-source.js';
import type { Io } from '../run/io.js';
import type { RunTally } from '../run/tally.js';
import type { ExportStatus } from '../export/export-row.js';
import { runExport } from '../export/run-export.js';
import { runImport } from '../import/run-import.js';
import { runValidate } from '../validate/run-validate.js';
import { runVerify } from '../verify/run-verify.js';
import type { VerifyStatus } from '../verify/verify-row.js';

/**
 * The library: validate, import and export from code, on the CLI's own run loop. Options are the CLI's flags in
 * camelCase, checked by the same rules (problems thrown as one UsageError naming the flag); the input is a path or
 * records. A run resolves to its exit status and figures, and prints nothing unless given a stderr.
 */

export { CliError, OutputError, UsageError, type ExitCode } from '../errors.js';
export { CsvFileError, type CsvFileErrorCode, type Truncation } from '../io/index.js';
export type { CellValue, RecordObjects } from '../io/records-source.js';
export type { RowAction, RowStatus } from '../io/result-row.js';
export type { Dedupe, ImportMode, PhoneFormat } from '../config/index.js';
export type { ExportStatus } from '../export/export-row.js';
export type { VerifyStatus } from '../verify/verify-row.js';
export { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/index.js';

/** What a run touches besides its files; each optional. */
export interface RunStreams {
  /** Stops the run as Ctrl-C stops the CLI: no new row starts, rows in flight finish or are marked, files are flushed; exit code 130. */
  signal?: AbortSignal | undefined;
  /** Read for the input "-". Default: process.stdin. */
  stdin?: Readable | undefined;
  /** Written when results, rejects or out is "-". Default: process.stdout. */
  stdout?: Writable | undefined;
  /** Progress, notices and the summary. Default: none (nothing is printed); given one, progress shows unless `quiet`. */
  stderr?: Writable | undefined;
  /**
   * Where SALESCHAT_TOKEN, SALESCHAT_ORG_ID and SALESCHAT_BASE_URL are read when token, orgId and baseUrl are not
   * given (and NO_COLOR, TERM, CI for progress). Default: none; pass process.env to read them as the CLI does.
   */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** The input and results of every command: the CLI's flags of the same names (see `saleschat-bulk validate --help`). */
export interface InputOptions extends RunStreams {
  /** A CSV path (.gz or an .xlsx workbook too, "-" for stdin), or records: objects of header -> value, the first record's keys the header. */
  input: string | RecordObjects;
  /** The results CSV; default beside a path input. Records have no path to put it beside: give it ("-" for stdout). */
  results?: string | undefined;
  rejects?: string | undefined;
  summaryJson?: string | undefined;
  /** field -> header, as --map field=Header. */
  map?: Readonly<Record<string, string>> | undefined;
  mappingFile?: string | undefined;
  delimiter?: string | undefined;
  encoding?: string | undefined;
  /** The worksheet of an .xlsx input, as --sheet (default: the first visible one). */
  sheet?: string | undefined;
  defaultCountry?: string | undefined;
  /** A CRM's columns and date format, as --preset (default: recognised from the header when unmistakable). */
  preset?: 'hubspot' | 'salesforce' | 'pipedrive' | 'zoho' | 'bitrix24' | undefined;
  /** How opt-in dates are written, as --date-format ("MM/DD/YYYY", "DD.MM.YYYY", "M/D/YYYY h:mm A"). */
  dateFormat?: string | undefined;
  /** The IANA zone of date-times written without one, as --timezone (default UTC). */
  timezone?: string | undefined;
  /** "last" reads the input twice: refused for records, which are read once. */
  dedupe?: Dedupe | undefined;
  /** Duplicates go to the rejects file too, as --rejects-include-duplicates. */
  rejectsIncludeDuplicates?: boolean | undefined;
  workers?: number | undefined;
  waitLock?: boolean | undefined;
  quiet?: boolean | undefined;
}

/** Where requests go and how; `token` stands in for SALESCHAT_TOKEN and is never printed. */
export interface ApiOptions {
  baseUrl?: string | undefined;
  token?: string | undefined;
  tokenFile?: string | undefined;
  orgId?: string | undefined;
  /** Starts a sandbox in-process for the run, as --sandbox. */
  sandbox?: boolean | undefined;
  concurrency?: number | undefined;
  rate?: number | undefined;
  retries?: number | undefined;
  /** Seconds per request. */
  timeout?: number | undefined;
  maxErrors?: number | undefined;
}

export type ValidateContactsOptions = InputOptions;

export interface ImportContactsOptions extends InputOptions, ApiOptions {
  mode?: ImportMode | undefined;
  phoneFormat?: PhoneFormat | undefined;
  dryRun?: boolean | undefined;
  /** With dryRun: look each row up (read only) and plan create / update / unchanged / conflict, as --online. */
  online?: boolean | undefined;
  resume?: boolean | undefined;
  /**
   * The sync state's folder, as --state-dir (else SALESCHAT_STATE_DIR or XDG_STATE_HOME from `env`, else
   * ~/.local/state/saleschat-bulk); `noState` neither reads nor writes one; `full` sends every row. A `sandbox`
   * run keeps its state in memory.
   */
  stateDir?: string | undefined;
  full?: boolean | undefined;
  noState?: boolean | undefined;
}

/** Export writes one file of its own (`out`): no results or rejects file, and no crm_id de-duplication. */
export interface ExportContactsOptions extends Omit<InputOptions, 'results' | 'rejects' | 'dedupe' | 'rejectsIncludeDuplicates'>, ApiOptions {
  /** The export CSV, or "-" for stdout. */
  out: string;
}

/** A run's figures, as the summary and --summary-json give them. */
export interface RunFigures<Status extends string> {
  readonly rows: number;
  readonly byStatus: Readonly<Record<Status, number>>;
  readonly byAction: Readonly<Record<RowAction, number>>;
  /** Rows by error_code; a row with several codes counts under each. */
  readonly errorCodes: Readonly<Record<string, number>>;
  /** The rows tried that did not finish, by code. */
  readonly failureCodes: Readonly<Record<string, number>>;
  readonly requests: number;
  readonly retries: number;
  readonly rateLimited: number;
  /** Requests answered 503. */
  readonly unavailable: number;
  readonly durationSeconds: number;
}

export type ContactsTally = RunFigures<RowStatus>;

export interface ExportTally extends RunFigures<ExportStatus> {
  /** Input records read (rows counts rows written). */
  readonly records: number;
  /** Distinct valid phone numbers, each looked up once. */
  readonly phones: number;
}

/** verify reads the input as import does and compares SalesChat with it; `stateDir` and `noState` as import's. */
export interface VerifyContactsOptions extends InputOptions, ApiOptions {
  stateDir?: string | undefined;
  noState?: boolean | undefined;
}

export interface VerifyTally extends RunFigures<VerifyStatus> {
  /** Contacts marked drifted in the sync state (the next import sends their fields again by their known id). */
  readonly drifted: number;
  /** crm_ids the sync state forgot (missing, or another contact id): the next import finds or creates them. */
  readonly forgotten: number;
}

export interface RunResult<Tally> {
  /**
   * The CLI's exit status: 0 every row ok, 1 some not, 3 aborted by the API, 4 input not read to its end, 130
   * stopped by `signal`. Usage errors (2) and output failures (74) are thrown as UsageError and OutputError.
   */
  readonly exitCode: ExitCode;
  readonly tally: Tally;
  /** Set with exit 4: the line (for records: the record) reading stopped at, and why. */
  readonly truncation: Truncation | undefined;
}

/** How messages and the summary name records, and what stands for them where the CLI has a path. */
const RECORDS_NAME = 'records';

/** Options that are not flags. */
const NOT_FLAGS = new Set(['input', 'token', 'signal', 'stdin', 'stdout', 'stderr', 'env']);

const flagName = (key: string): string => (key === 'orgId' ? 'org' : key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`));

function flagValue(key: string, value: unknown): FlagValue {
  if (key === 'map') return Object.entries(value as Record<string, string>).map(([field, header]) => `${field}=${header}`);
  return typeof value === 'number' ? String(value) : (value as string | boolean);
}

function isRecords(input: unknown): input is RecordObjects {
  return typeof input === 'object' && input !== null && (Symbol.iterator in input || Symbol.asyncIterator in input);
}

/**
 * The options as the command line the CLI would have parsed, and the run's Io. What only code can get wrong (an
 * option no command takes, an input that is neither path nor records, records without a results path) is thrown
 * here, before the flags are checked.
 */
function asCommand(command: string, options: InputOptions & { token?: string | undefined }, flags: FlagTable) {
  const problems: string[] = [];
  const values: Record<string, FlagValue> = {};
  for (const [key, value] of Object.entries(options)) {
    if (NOT_FLAGS.has(key)) continue;
    const flag = flagName(key);
    if (!Object.hasOwn(flags, flag) && flag !== 'quiet') problems.push(`${command}Contacts takes no option ${JSON.stringify(key)}.`);
    else if (value !== undefined) values[flag] = flagValue(key, value);
  }
  // Nothing is printed unless asked for: no stderr, no progress.
  values['quiet'] ??= options.stderr === undefined;
  const { input } = options;
  const records = isRecords(input) ? input : undefined;
  if (typeof input !== 'string' && records === undefined) problems.push('input is a path, or records: an array or (async) iterable of objects of header -> value.');
  if (records !== undefined && command !== 'export' && options.results === undefined) {
    problems.push('Records have no file name to put the results beside: give results (a path, or "-" for stdout).');
  }
  if (problems.length > 0) throw usageError(problems);
  const path = typeof input === 'string' ? input : RECORDS_NAME;
  const argv = Object.entries(values).flatMap(([flag, value]) =>
    value === true ? [`--${flag}`] : value === false ? [] : (typeof value === 'string' ? [value] : value).flatMap((one) => [`--${flag}`, one]),
  );
  const line: CommandLine = { command, argv: records === undefined ? [path, ...argv] : argv, values, positionals: [path], problems: [] };
  const io: Io = {
    stdin: options.stdin ?? (input === '-' ? process.stdin : Readable.from([])),
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? new Writable({ write: (_chunk, _encoding, done) => done() }),
    env: options.env ?? {},
    signal: options.signal ?? new AbortController().signal,
  };
  // The token as the CLI reads it, for the config's checks only: io.env is not given it.
  const env: Env = options.token === undefined ? io.env : { ...io.env, SALESCHAT_TOKEN: options.token };
  return { line, io, env, records };
}

/** Runs on the records, opened once the options are checked and closed whatever happens; or on the path. */
async function withInput<T>(records: RecordObjects | undefined, signal: AbortSignal, run: (source: CsvSource | undefined) => Promise<T>): Promise<T> {
  if (records === undefined) return run(undefined);
  const source = await openRecords(records, { name: RECORDS_NAME, signal });
  try {
    return await run(source);
  } finally {
    source.close();
  }
}

function figures<Status extends string>(tally: RunTally<Status>): RunFigures<Status> {
  return Object.freeze({
    rows: tally.rows,
    byStatus: Object.freeze({ ...tally.byStatus }),
    byAction: Object.freeze({ ...tally.byAction }),
    errorCodes: Object.freeze(tally.errorCodes.toJSON()),
    failureCodes: Object.freeze(tally.failureCodes.toJSON()),
    requests: tally.requests,
    retries: tally.retries,
    rateLimited: tally.rateLimited,
    unavailable: tally.unavailable,
    durationSeconds: tally.elapsedSeconds(),
  });
}

/** Checks every record offline and writes the results CSV; nothing is sent. */
export async function validateContacts(options: ValidateContactsOptions): Promise<RunResult<ContactsTally>> {
  const { line, io, records } = asCommand('validate', options, VALIDATE_FLAGS);
  const config = await validateConfig(line);
  const outcome = await withInput(records, io.signal, (source) => runValidate(config, io, source));
  return Object.freeze({ exitCode: outcome.exitCode, tally: figures(outcome.tally), truncation: outcome.truncation });
}

/** Validates, then sends every valid record to the API (create or update, disposition, assign); writes the results CSV. */
export async function importContacts(options: ImportContactsOptions): Promise<RunResult<ContactsTally>> {
  const { line, io, env, records } = asCommand('import', options, IMPORT_FLAGS);
  const config = await importConfig(line, env);
  const outcome = await withInput(records, io.signal, (source) => runImport(config, io, source));
  return Object.freeze({ exitCode: outcome.exitCode, tally: figures(outcome.tally), truncation: outcome.truncation });
}

/** For every phone number in the input, fetches the contacts that hold it and writes them to `out`. */
export async function exportContacts(options: ExportContactsOptions): Promise<RunResult<ExportTally>> {
  const { line, io, env, records } = asCommand('export', options, EXPORT_FLAGS);
  const config = await exportConfig(line, env);
  const outcome = await withInput(records, io.signal, (source) => runExport(config, io, source));
  const tally = Object.freeze({ ...figures(outcome.tally), records: outcome.tally.records, phones: outcome.tally.phones });
  return Object.freeze({ exitCode: outcome.exitCode, tally, truncation: outcome.truncation });
}

/** Reads SalesChat back for every valid record and compares it with the record; writes the results CSV (match, differs, missing, ...). */
export async function verifyContacts(options: VerifyContactsOptions): Promise<RunResult<VerifyTally>> {
  const { line, io, env, records } = asCommand('verify', options, VERIFY_FLAGS);
  const config = await verifyConfig(line, env);
  const outcome = await withInput(records, io.signal, (source) => runVerify(config, io, source));
  const tally = Object.freeze({ ...figures(outcome.tally), drifted: outcome.tally.drifted, forgotten: outcome.tally.forgotten });
  return Object.freeze({ exitCode: outcome.exitCode, tally, truncation: outcome.truncation });
}
