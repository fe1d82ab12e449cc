import type { Io } from '../run/io.js';
import type { ApiConfig, InputConfig } from '../config/config.js';
import { describeIssues, type RowIssue } from '../contacts/index.js';
import type { CsvRowWriter } from '../io/index.js';
import type { ExitCode } from '../errors.js';
import { openApiSession, type ApiSession } from '../api/api-session.js';
import { checkRows, type RowVerdict } from '../run/check-rows.js';
import { lookUpPhone } from './export-lookup.js';
import { exportProgressLine } from './export-progress.js';
import { problemRow, type ExportRow } from './export-row.js';
import { ExportTally } from './export-tally.js';
import { createExportWriter, outputName } from './export-writer.js';
import { finishRun, rowsExitCode } from '../run/finish.js';
import { nextStepAdvice } from '../run/next-steps.js';
import { mapInOrder } from '../run/ordered-window.js';
import { prepareInput, type PreparedInput } from '../run/prepare-input.js';
import { startProgress } from '../run/progress.js';
import { inputProtection, isFileOutput } from '../run/output-paths.js';
import { lockOutput, type RunLock } from '../run/run-lock.js';

export interface ExportOptions {
  input: InputConfig;
  api: ApiConfig;
  /** The export file, or "-" for standard output. */
  out: string;
}

/** How many finished look-ups may wait behind a slow one before reading pauses (bounds memory), as in import. */
const REORDER_ROWS_PER_SLOT = 64;

/** Export looks at the phone only: other columns' problems (a missing crm_id, a bad date) do not stop a look-up. */
function blockingIssues(verdict: RowVerdict): RowIssue[] {
  return verdict.checked.issues.filter((issue) => issue.field === 'phone_number' || issue.field === '');
}

interface Ends {
  writer: CsvRowWriter<ExportRow>;
  session: ApiSession;
  lock: RunLock | undefined;
}

/** The lock, the output and the API session, opened after the input; if one fails, what is already open is closed. */
async function openEnds(options: ExportOptions, io: Io, input: PreparedInput): Promise<Ends> {
  let writer: CsvRowWriter<ExportRow> | undefined;
  let lock: RunLock | undefined;
  try {
    if (await isFileOutput(options.out)) {
      lock = await lockOutput(options.out, `export of ${input.source.name}`, options.input, io);
    }
    writer = createExportWriter(options.out, io.stdout, inputProtection(input.source));
    return { writer, lock, session: await openApiSession(options.api, { interruptOn: io.signal }) };
  } catch (error) {
    input.source.close();
    lock?.release();
    await Promise.allSettled([writer?.close(), input.checker.close()]);
    throw error;
  }
}

export async function runExport(options: ExportOptions, io: Io): Promise<ExitCode> {
  const { input: config, api } = options;
  const input = await prepareInput(config, io, {
    required: ['phone_number'],
    resultsLabel: '--out',
    sidecars: options.out === '-' ? [] : [{ what: 'the lock file', path: `${options.out}.lock` }],
  });
  const { writer, session, lock } = await openEnds(options, io, input);
  const tally = new ExportTally();
  const inFlight = { count: 0, done: 0 };
  const progress = await startProgress({
    stream: io.stderr,
    quiet: config.quiet,
    env: io.env,
    describe: exportProgressLine(() => ({ tally, source: input.source, session, inFlight: inFlight.count, concurrency: api.concurrency, recordsDone: inFlight.done })),
  });
  for (const notice of input.notices) progress.note(notice);
  progress.note(`Looking up contacts in ${session.target}.`);

  // Memory: one entry per distinct valid phone number, whatever the input's size; the records themselves stream.
  const seen = new Set<string>();
  const decide = (verdict: RowVerdict): ExportRow[] | Promise<ExportRow[]> => {
    tally.records += 1;
    const issues = blockingIssues(verdict);
    if (issues.length > 0) {
      const { code, message } = describeIssues(issues, input.mapping);
      return [problemRow(verdict.checked.phone, 'invalid', code, message)];
    }
    const { phone } = verdict.checked;
    if (seen.has(phone)) return [];
    seen.add(phone);
    tally.phones += 1;
    inFlight.count += 1;
    return lookUpPhone(phone, session).finally(() => {
      inFlight.count -= 1;
    });
  };

  let consecutiveFailures = 0;
  let closed: PromiseSettledResult<void>[];
  try {
    const finished = mapInOrder(checkRows(input, config.dedupe, input.checker), decide, {
      concurrency: api.concurrency,
      maxBuffered: Math.max(256, api.concurrency * REORDER_ROWS_PER_SLOT),
      stopReading: () => io.signal.aborted,
    });
    for await (const rows of finished) {
      inFlight.done += 1;
      const pending = writer.writeBatch(rows);
      if (pending) await pending;
      for (const row of rows) tally.count(row);
      const [first] = rows;
      if (first?.status === 'failed') {
        consecutiveFailures += 1;
        if (consecutiveFailures >= api.maxErrors) {
          session.abort(`${consecutiveFailures} look-ups in a row failed (the last: ${first.error_code} ${first.error_message}); see --max-errors`);
        }
      } else if (first?.status === 'found' || first?.status === 'not_found') {
        consecutiveFailures = 0;
      }
    }
  } finally {
    progress.stop();
    input.source.close();
    // Settled, not all: a failed flush must not leave the sandbox or the workers running.
    closed = await Promise.allSettled([writer.close(), input.checker.close(), session.close()]);
    lock?.release();
    tally.requests = session.stats.requests;
    tally.retries = session.stats.retries;
    tally.rateLimited = session.stats.rateLimited;
  }
  const closeFailure = closed.find((result) => result.status === 'rejected');
  if (closeFailure !== undefined) throw closeFailure.reason;

  const files = { input: input.source.name, results: outputName(options.out) };
  const truncation = input.source.truncation();
  const common = { command: 'export', tally, files, summaryJsonPath: config.summaryJson, stderr: io.stderr, truncation };
  const looked = `  ${tally.phones.toLocaleString('en-US')} distinct phone numbers in ${tally.records.toLocaleString('en-US')} records.`;
  if (io.signal.aborted) {
    return finishRun({
      ...common, outcome: 'interrupted', exitCode: 130,
      advice: [looked, `  Stopped after ${tally.records.toLocaleString('en-US')} records: the export holds their rows only. Run export again for the whole input.`],
    });
  }
  const abortReason = session.abortReason();
  if (abortReason !== undefined) {
    return finishRun({
      ...common, outcome: 'aborted', exitCode: 3,
      advice: [looked, `  Aborted: ${abortReason}.`, '  Numbers not looked up are written failed (ABORTED); once fixed, run export again.'],
    });
  }
  const fix = `fix them in the input (${files.results} lists them with error_code and error_message)`;
  const advice = [looked, ...nextStepAdvice(tally, { retry: 'run export again.', fix })];
  return finishRun({ ...common, outcome: truncation ? 'stopped early' : 'finished', exitCode: rowsExitCode(tally, truncation), advice });
}
