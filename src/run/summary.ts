import { constants } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { OutputError, UsageError } from '../errors.js';
import type { Truncation } from '../io/index.js';
import { packageVersion } from '../version.js';
import { STANDARD_OUTPUT } from './standard-output.js';
import type { RunTally } from './tally.js';

export interface SummaryFiles {
  input: string;
  results: string;
  rejects?: string | undefined;
}

/** The line that says the input was not read to its end, and from where. */
export function truncationLine(truncation: Truncation): string {
  return `  INPUT NOT READ TO THE END: nothing from line ${number.format(truncation.line)} on was read (${truncation.reason}). The rows read are in the results file; fix the file and run again.`;
}

/**
 * Built at the first summary line, not when the module loads: the first Intl.NumberFormat of a process loads ICU's
 * data (about 28 ms here), and every run would wait for it before its first request.
 */
let grouping: Intl.NumberFormat | undefined;
const number = { format: (value: number): string => (grouping ??= new Intl.NumberFormat('en-US')).format(value) };

/** The summary names this many error codes at most; --summary-json has them all. */
const CODES_LISTED = 8;

function listCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, value]) => value > 0)
    .map(([name, value]) => `${number.format(value)} ${name}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** "12 PHONE_INVALID, 3 CONTACT_NOT_FOUND": rows by code, in the order given (CodeCounts.sorted: most frequent first). */
export function listCodes(sorted: readonly (readonly [code: string, rows: number])[]): string {
  const parts = sorted.slice(0, CODES_LISTED).map(([code, rows]) => `${number.format(rows)} ${code}`);
  const more = sorted.length - CODES_LISTED;
  if (more > 0) parts.push(`${number.format(more)} other code${more === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** What the end of a run reports on. */
export interface RunEnd {
  command: string;
  tally: RunTally;
  files: SummaryFiles;
  /** "finished", "interrupted", "aborted", "stopped early". */
  outcome: string;
  /** Set when the input was not read to its end. */
  truncation?: Truncation | undefined;
  /** A dry run's plan: its `skipped` rows that were planned, not cut short (import --dry-run). */
  planned?: PlannedFigures | undefined;
}

/** The rows a dry run planned, and with --online each plan's count (create, update, unchanged, conflict). */
export interface PlannedFigures {
  rows: number;
  byPlan?: Record<string, number> | undefined;
}

/** Rows by status, the planned ones of a dry run said as such: "12 planned" rather than "12 skipped". */
function statusCounts(byStatus: Record<string, number>, planned: PlannedFigures | undefined): Record<string, number> {
  if (planned === undefined) return byStatus;
  return { planned: planned.rows, ...byStatus, skipped: (byStatus['skipped'] ?? 0) - planned.rows };
}

/** The one-paragraph summary for stderr at the end of a run. */
export function formatSummary({ command, tally, files, outcome, truncation, planned }: RunEnd): string {
  const seconds = tally.elapsedSeconds();
  const rate = seconds > 0 ? Math.round(tally.rows / seconds) : tally.rows;
  const lines = [
    `${command} ${outcome}: ${number.format(tally.rows)} row${tally.rows === 1 ? '' : 's'} in ${seconds.toFixed(1)} s (${number.format(rate)} rows/s) from ${files.input}.`,
    `  status: ${listCounts(statusCounts(tally.byStatus, planned))}.`,
  ];
  if (planned?.byPlan !== undefined) lines.push(`  plan: ${listCounts(planned.byPlan)}.`);
  if (tally.errorCodes.size > 0) lines.push(`  errors: ${listCodes(tally.errorCodes.sorted())}.`);
  if (tally.requests > 0 || tally.byAction.unchanged > 0) {
    // A dry run acts on no contact: its plan line says what would happen instead. export and verify only read.
    const acted = Object.values(tally.byAction).some((rows) => rows > 0);
    if (planned === undefined && acted) lines.push(`  action: ${listCounts(tally.byAction)}.`);
    const unavailable = tally.unavailable > 0 ? `, ${number.format(tally.unavailable)} answered 503` : '';
    lines.push(`  requests: ${number.format(tally.requests)} (${number.format(tally.retries)} retries, ${number.format(tally.rateLimited)} answered 429${unavailable}).`);
  }
  lines.push(`  results: ${files.results}${files.rejects ? `; rows to fix and re-run: ${files.rejects}` : ''}`);
  if (truncation !== undefined) lines.push(truncationLine(truncation));
  return lines.join('\n');
}

/** The same figures for machines (--summary-json). Fields are only ever added, at the end: scripts read them. */
export function summaryJson({ command, tally, files, outcome, truncation, planned }: RunEnd, exitCode: number, endedAt: Date) {
  return {
    command,
    outcome,
    exit_code: exitCode,
    rows: tally.rows,
    /** False when reading stopped early: then the rows from input_stopped_at_line on were not read. */
    input_complete: truncation === undefined,
    input_stopped_at_line: truncation?.line ?? null,
    input_stopped_reason: truncation?.reason ?? null,
    status: { ...tally.byStatus },
    action: { ...tally.byAction },
    requests: tally.requests,
    retries: tally.retries,
    rate_limited: tally.rateLimited,
    duration_seconds: Number(tally.elapsedSeconds().toFixed(3)),
    input: files.input,
    results: files.results,
    rejects: files.rejects ?? null,
    started_at: tally.startTime.toISOString(),
    ended_at: endedAt.toISOString(),
    version: packageVersion(),
    /** Rows by error_code; a row with several codes counts under each. */
    error_codes: tally.errorCodes.toJSON(),
    /** Requests answered 503 (added after the fields above, so their order holds). */
    unavailable: tally.unavailable,
    /** A dry run's: the rows planned (their status is `skipped`), and with --online the rows by plan (else null). */
    ...(planned === undefined ? {} : { planned: planned.rows, plan: planned.byPlan === undefined ? null : { ...planned.byPlan } }),
  };
}

/** --summary-json's file, or standard output for "-" (the one output there: config refuses two). */
export async function writeSummaryJson(path: string, summary: object, stdout: Writable): Promise<void> {
  const text = `${JSON.stringify(summary, null, 2)}\n`;
  if (path === STANDARD_OUTPUT) return writeToStream(stdout, text);
  try {
    await writeFile(path, text);
  } catch (error) {
    throw new UsageError(`Cannot write --summary-json ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
}

/**
 * The whole text handed to the stream, or an OutputError: a reader gone (`| head`) must end the run as an output
 * failure, not as an 'error' event no one listens to (a crash with a stack trace).
 */
async function writeToStream(stream: Writable, text: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    // A failed write calls back and then emits 'error': the listener stays, so that event is not left unheard.
    const fail = (error: Error) => {
      const why = (error as NodeJS.ErrnoException).code === 'EPIPE' ? 'the reading end was closed (broken pipe)' : error.message;
      reject(new OutputError(`Cannot write --summary-json to standard output: ${why}`, { cause: error }));
    };
    stream.on('error', fail);
    stream.write(text, (error) => {
      if (error) return fail(error);
      stream.off('error', fail);
      resolve();
    });
  });
}

/**
 * --summary-json is written when the run ends: a path that cannot take it (no such folder, no permission, a folder)
 * must fail before the run, as a usage error with nothing sent, not after every row has been processed.
 */
export async function checkSummaryJsonPath(path: string): Promise<void> {
  if (path === STANDARD_OUTPUT) return;
  const refuse = (why: string, cause?: unknown) => new UsageError(`Cannot write --summary-json ${path}: ${why}`, { cause });
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw refuse('it is a folder');
  try {
    await access(existing === undefined ? dirname(path) : path, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw refuse(code === 'ENOENT' ? `the folder ${dirname(path)} does not exist` : (code ?? String(error)), error);
  }
}
