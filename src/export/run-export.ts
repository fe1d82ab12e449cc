import type { Io } from '../run/io.js';
import type { ApiConfig, InputConfig } from '../config/index.js';
import { describeIssues, type RowIssue } from '../contacts/index.js';
import type { ExitCode } from '../errors.js';
import type { CsvSource, Truncation } from '../io/index.js';
import { openApiSession } from '../api/api-session.js';
import { checkRows, type RowVerdict } from '../run/check-rows.js';
import { lookUpPhone } from './export-lookup.js';
import { exportProgressLine } from './export-progress.js';
import { problemRow, type ExportRow } from './export-row.js';
import { ExportTally } from './export-tally.js';
import { createExportWriter, outputName } from './export-writer.js';
import { Closer } from '../run/closer.js';
import { endRun } from '../run/end-run.js';
import { FailureStreak } from '../run/failure-streak.js';
import { nextStepAdvice } from '../run/next-steps.js';
import { prepareInput } from '../run/prepare-input.js';
import { openProgress } from '../run/run-progress.js';
import { inputProtection, isFileOutput } from '../run/output-paths.js';
import { lockOutput } from '../run/run-lock.js';
import { runRows } from '../run/run-rows.js';

export interface ExportOptions {
  input: InputConfig;
  api: ApiConfig;
  /** The export file, or "-" for standard output. */
  out: string;
}

/** Export looks at the phone only: other columns' problems (a missing crm_id, a bad date) do not stop a look-up. */
function blockingIssues(verdict: RowVerdict): RowIssue[] {
  return verdict.checked.issues.filter((issue) => issue.field === 'phone_number' || issue.field === '');
}

/** What the look-ups need open: the input first, then the lock, the API session (checked), the output; all closed by `closer`. */
async function openExport(options: ExportOptions, io: Io, closer: Closer, source: CsvSource | undefined) {
  const input = await prepareInput(options.input, io, {
    ...(source === undefined ? {} : { source }),
    required: ['phone_number'],
    resultsLabel: '--out',
    sidecars: options.out === '-' ? [] : [{ what: 'the lock file', path: `${options.out}.lock` }],
  });
  closer.add(input, (opened) => {
    opened.source.close();
    return opened.checker.close();
  });
  if (await isFileOutput(options.out)) {
    closer.add(await lockOutput(options.out, `export of ${input.source.name}`, options.input, io), (lock) => lock.release());
  }
  const session = closer.add(await openApiSession(options.api, { interruptOn: io.signal }), (opened) => opened.close());
  // Doctor's one request before the export file is opened or a row read: a wrong URL, token or org ends the run here (exit 2 or 3).
  const notices = await session.preflight();
  const writer = closer.add(createExportWriter(options.out, io.stdout, inputProtection(input.source)), (opened) => opened.close());
  return { input, writer, session, notices };
}

/** How an export ended: its exit status (the CLI's), its figures, and where reading stopped if it did (exit 4). */
export interface ExportOutcome {
  exitCode: ExitCode;
  tally: ExportTally;
  truncation: Truncation | undefined;
}

/** `source`: an input already open (records handed over by code), read instead of options.input.input. */
export async function runExport(options: ExportOptions, io: Io, source?: CsvSource): Promise<ExportOutcome> {
  const { input: config, api } = options;
  const closer = new Closer();
  const { input, writer, session, notices } = await closer.opening((c) => openExport(options, io, c, source));
  const tally = new ExportTally();
  const inFlight = { count: 0, done: 0 };

  // Memory: one entry per distinct valid phone number, whatever the input's size; the records themselves stream.
  const seen = new Set<string>();
  const step = (verdict: RowVerdict): ExportRow[] | Promise<ExportRow[]> => {
    tally.records += 1;
    const issues = blockingIssues(verdict);
    if (issues.length > 0) {
      const { code, message } = describeIssues(issues, input.mapping);
      // The export file has no row or line column (it feeds back to import as it is): the message says which record.
      const { row, line } = verdict.record;
      return [problemRow(verdict.checked.phone, 'invalid', code, `row ${row} (line ${line}): ${message}`)];
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

  // Whatever fails, everything opened is closed: a failed flush must not leave the sandbox, workers or lock behind.
  await closer.run(async () => {
    const progress = await openProgress(closer, io, config.quiet, exportProgressLine(() => ({ tally, source: input.source, session, inFlight: inFlight.count, concurrency: api.concurrency, recordsDone: inFlight.done })));
    for (const notice of [...input.notices, ...notices]) progress.note(notice);
    progress.note(`Looking up contacts in ${session.target}.`);
    await runRows({
      verdicts: checkRows(input, config.dedupe, input.checker),
      step,
      async take(rows) {
        inFlight.done += 1;
        const pending = writer.writeBatch(rows);
        if (pending) await pending;
        for (const row of rows) tally.count(row);
      },
      judge: ([first]) => {
        if (first?.status === 'failed') return { outcome: 'failed', failure: `${first.error_code} ${first.error_message}` };
        return first?.status === 'found' || first?.status === 'not_found' ? { outcome: 'succeeded' } : { outcome: 'neither' };
      },
      streak: new FailureStreak(api.maxErrors, 'look-ups'),
      abort: (reason) => session.abort(reason),
      concurrency: api.concurrency,
      signal: io.signal,
    });
  });
  tally.countRequests(session.stats);

  const files = { input: input.source.name, results: outputName(options.out) };
  const looked = `  ${tally.phones.toLocaleString('en-US')} distinct phone numbers in ${tally.records.toLocaleString('en-US')} records.`;
  const truncation = input.source.truncation();
  const exitCode = await endRun({
    command: 'export', tally, files, summaryJsonPath: config.summaryJson, stdout: io.stdout, stderr: io.stderr,
    facts: { interrupted: io.signal.aborted, abortReason: session.abortReason(), truncation },
    rowsCode: tally.allOk() ? 0 : 1,
    words(ending, abortReason) {
      if (ending === 'interrupted') {
        return [looked, `  Stopped after ${tally.records.toLocaleString('en-US')} records: the export holds their rows only. Run export again for the whole input.`];
      }
      if (ending === 'aborted') return [looked, `  Aborted: ${abortReason}.`, '  Numbers not looked up are written failed (ABORTED); once fixed, run export again.'];
      const fix = `fix them in the input (${files.results} lists them with error_code and error_message)`;
      return [looked, ...nextStepAdvice(tally, { retry: 'run export again.', fix })];
    },
  });
  return { exitCode, tally, truncation };
}
