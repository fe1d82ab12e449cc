import { rm } from 'node:fs/promises';
import type { ApiConfig, InputConfig } from '../config.js';
import type { Io } from '../commands/command.js';
import type { ExitCode } from '../errors.js';
import type { InputRecord } from '../csv/input-record.js';
import { abortReasonFor, openApiSession, type ApiSession } from './api-session.js';
import { checkRows, type RowVerdict } from './check-rows.js';
import { finishRun, rowsExitCode } from './finish.js';
import { importContact, plannedSteps, type ImportContext, type ImportMode } from './import-steps.js';
import { mapInOrder } from './ordered-window.js';
import { openOutputs } from './outputs.js';
import { prepareInput } from './prepare-input.js';
import { PreviousResults, setAsidePreviousResults } from './previous-results.js';
import { importProgressLine } from './import-progress.js';
import { startProgress } from './progress.js';
import type { ResultRow } from './result-row.js';
import { Tally } from './tally.js';
import { baseResult, rejectedResult } from './verdict-result.js';
import { mergeResultsFiles } from './merge-results.js';
import type { PhoneFormat } from '../api/types.js';

export interface ImportOptions {
  input: InputConfig;
  api: ApiConfig;
  mode: ImportMode;
  phoneFormat: PhoneFormat;
  dryRun: boolean;
  resume: boolean;
  /** The command's arguments, to print the exact command that continues an interrupted run. */
  argv: string[];
}

interface Finished {
  row: ResultRow & { plan?: string };
  record: InputRecord;
}

/** How many finished rows may wait behind a slow one before reading pauses (bounds memory). */
const REORDER_ROWS_PER_SLOT = 64;

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export async function runImport(options: ImportOptions, io: Io): Promise<ExitCode> {
  const { input: config } = options;
  const input = await prepareInput(config, io);
  const previousPath = options.resume ? await setAsidePreviousResults(config.results, mergeResultsFiles) : undefined;
  const previous = previousPath === undefined ? undefined : new PreviousResults(previousPath);
  const session: ApiSession | undefined = options.dryRun ? undefined : await openApiSession(options.api);
  const outputs = openOutputs(config, input.source, options.dryRun ? ['plan'] : []);
  const tally = new Tally();
  const inFlight = { count: 0, read: 0 };
  const progress = startProgress({
    stream: io.stderr,
    quiet: config.quiet,
    describe: importProgressLine(() => ({ tally, source: input.source, session, inFlight: inFlight.count, concurrency: options.api.concurrency, rowsRead: inFlight.read })),
  });
  for (const notice of input.notices) progress.note(notice);
  if (session) progress.note(`Importing into ${session.target}.`);
  if (options.resume) progress.note(previous ? `Resuming from ${previousPath}: rows already ok, invalid or duplicate are not sent again.` : `Nothing to resume at ${config.results}: importing every row.`);

  const context: ImportContext | undefined = session && {
    api: session.client, mode: options.mode, phoneFormat: options.phoneFormat, spacing: session.spacing, signal: session.signal,
  };

  const send = async (verdict: RowVerdict, contact: NonNullable<RowVerdict['checked']['contact']>): Promise<Finished['row']> => {
    const base = baseResult(verdict);
    if (previous) {
      const earlier = await previous.finalResult(verdict.record.row);
      if (earlier) return earlier;
    }
    if (options.dryRun || context === undefined) return { ...base, status: 'skipped', plan: plannedSteps(contact, options.mode) };
    if (session?.abortReason() !== undefined) return { ...base, status: 'skipped', error_code: 'ABORTED', error_message: `not sent: ${session.abortReason()}` };
    inFlight.count += 1;
    try {
      const row = await importContact(contact, context, base);
      const reason = abortReasonFor(row.http_status);
      if (reason) session?.abort(reason);
      if (row.status === 'skipped' && session?.abortReason()) row.error_message = `not finished: ${session.abortReason()}`;
      return row;
    } finally {
      inFlight.count -= 1;
    }
  };

  const decide = (verdict: RowVerdict): Finished | Promise<Finished> => {
    inFlight.read += 1;
    const rejected = rejectedResult(verdict, input.mapping, config.dedupe);
    const { contact } = verdict.checked;
    if (rejected !== undefined || contact === undefined) {
      return { row: rejected ?? baseResult(verdict), record: verdict.record };
    }
    return send(verdict, contact).then((row) => ({ row, record: verdict.record }));
  };

  let consecutiveFailures = 0;
  const concurrency = options.api.concurrency;
  try {
    const finished = mapInOrder(checkRows(input, config.dedupe, input.checker), decide, {
      concurrency,
      maxBuffered: Math.max(256, concurrency * REORDER_ROWS_PER_SLOT),
      stopReading: () => io.signal.aborted,
    });
    for await (const { row, record } of finished) {
      const pending = outputs.write(row, record);
      if (pending) await pending;
      tally.add(row);
      if (row.status === 'failed') {
        consecutiveFailures += 1;
        if (consecutiveFailures >= options.api.maxErrors) {
          session?.abort(`${consecutiveFailures} rows in a row failed (the last: ${row.error_code} ${row.error_message}); see --max-errors`);
        }
      } else if (row.status === 'ok') {
        consecutiveFailures = 0;
      }
    }
  } finally {
    progress.stop();
    input.source.close();
    previous?.close();
    await Promise.all([outputs.close(), input.checker.close()]);
    await session?.close();
    if (session) {
      tally.requests = session.stats.requests;
      tally.retries = session.stats.retries;
      tally.rateLimited = session.stats.rateLimited;
    }
  }

  const files = { input: input.source.name, results: config.results, rejects: config.rejects };
  const common = { command: options.dryRun ? 'import --dry-run' : 'import', tally, files, summaryJsonPath: config.summaryJson, stderr: io.stderr };
  const resumeCommand = `saleschat-bulk import ${[...options.argv.filter((arg) => arg !== '--resume'), '--resume'].map(shellQuote).join(' ')}`;
  if (io.signal.aborted) {
    return finishRun({
      ...common, outcome: 'interrupted', exitCode: 130,
      advice: [`  Stopped after ${tally.rows} rows. To continue where it stopped, run:`, `    ${resumeCommand}`],
    });
  }
  // Every row is in the new results file now: the set-aside copy has served.
  if (previousPath !== undefined) await rm(previousPath, { force: true });
  if (session?.abortReason() !== undefined) {
    return finishRun({
      ...common, outcome: 'aborted', exitCode: 3,
      advice: [`  Aborted: ${session.abortReason()}.`, `  Rows not sent are marked skipped (ABORTED). Once fixed, send only what did not finish with:`, `    ${resumeCommand}`],
    });
  }
  // A dry run sends nothing, so its rows are all 'skipped': it succeeds when every row is valid and unique.
  const exitCode = options.dryRun ? (tally.byStatus.invalid + tally.byStatus.duplicate === 0 ? 0 : 1) : rowsExitCode(tally);
  return finishRun({ ...common, outcome: 'finished', exitCode, advice: nextSteps(tally, options, resumeCommand) });
}

/** What to do about the rows that are not ok: fix the invalid ones, resume the failed ones. */
function nextSteps(tally: Tally, options: ImportOptions, resumeCommand: string): string[] {
  const advice: string[] = [];
  const rejected = tally.byStatus.invalid + tally.byStatus.duplicate;
  if (rejected > 0) {
    const where = options.input.rejects ? options.input.rejects : 'the results file (or write them to a file with --rejects)';
    advice.push(`  ${rejected} row(s) invalid or duplicate, nothing sent for them: error_message says why; fix them from ${where}.`);
  }
  const unfinished = tally.byStatus.failed + (options.dryRun ? 0 : tally.byStatus.skipped);
  if (unfinished > 0) advice.push(`  To retry the ${unfinished} row(s) that failed or were skipped: ${resumeCommand}`);
  return advice;
}
