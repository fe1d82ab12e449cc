import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ApiConfig, InputConfig, StateConfig } from '../config/index.js';
import type { Io } from '../run/io.js';
import { CliError, OutputError, UsageError, type ExitCode } from '../errors.js';
import type { InputRecord } from '../io/input-record.js';
import type { CsvSource, Truncation } from '../io/index.js';
import type { PhoneFormat } from '../api/types.js';
import { openApiSession, type ApiSession } from '../api/api-session.js';
import { checkRows, type RowVerdict } from '../run/check-rows.js';
import { isFileOutput } from '../run/output-paths.js';
import { outputName } from '../run/standard-output.js';
import { Closer } from '../run/closer.js';
import { endRun } from '../run/end-run.js';
import { runEnding } from '../run/run-ending.js';
import { FailureStreak } from '../run/failure-streak.js';
import { importContact, type ImportContext, type ImportMode } from './import-steps.js';
import { DryRunPlan, dryRunWords, planStateNotice, readSyncState, type PlannedAs } from './dry-run-plan.js';
import { importProgressLine } from './import-progress.js';
import { nextStepAdvice } from '../run/next-steps.js';
import { openOutputs, type Outputs } from '../run/outputs.js';
import { prepareInput, type PreparedInput } from '../run/prepare-input.js';
import { ConfirmedRows, prepareResume, refuseOverUnfinishedImport, resumeFiles } from '../run/previous-results.js';
import { openProgress } from '../run/run-progress.js';
import type { ResultRow } from '../io/result-row.js';
import type { Contact } from '../contacts/fields.js';
import { StateSaver } from './state-saver.js';
import { contentKey, fingerprint, runKey } from '../run/row-fingerprint.js';
import { RunJournal } from '../run/run-journal.js';
import { openSyncState, stateSidecars } from '../run/sync-state-file.js';
import type { SyncState } from '../state/sync-state.js';
import { mappingKey, stepFingerprints } from './step-fingerprints.js';
import { unchangedRow, type SyncPlan } from './sync-plan.js';
import { rowKeyer } from './row-key.js';
import { settledResult, settlementFor, settleUnchanged, type SettledRow } from './settled-rows.js';
import { lockOutput } from '../run/run-lock.js';
import { runRows, type Judged } from '../run/run-rows.js';
import { Tally } from '../run/tally.js';
import { baseResult, rejectedResult } from '../run/verdict-result.js';

export interface ImportOptions {
  input: InputConfig;
  api: ApiConfig;
  mode: ImportMode;
  phoneFormat: PhoneFormat;
  dryRun: boolean;
  /** With dryRun: look each row up, read only, and plan create / update / unchanged / conflict. */
  online?: boolean | undefined;
  resume: boolean;
  /** Where the sync state is (or none), and --full. */
  state: StateConfig;
  full: boolean;
  /** The command's arguments, to print the exact command that continues an interrupted run. */
  argv: readonly string[];
}

type ImportRow = ResultRow & { fingerprint: string; plan?: string; plannedAs?: PlannedAs };

interface Finished {
  row: ImportRow;
  record: InputRecord;
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A failure to write an output once rows may have been sent is not "nothing was sent" (exit 2): it is exit 74. */
function asOutputFailure(error: unknown): unknown {
  return error instanceof CliError && error.exitCode === 2 ? new OutputError(error.message, { cause: error }) : error;
}

/** What an output failure (exit 74) tells once the import may have sent rows: what may be in SalesChat, and what to run. */
export function afterOutputFailure(failure: OutputError, run: { requests: number; journal: string | undefined; resumeCommand: string }): OutputError {
  const { requests, journal, resumeCommand } = run;
  if (requests === 0) return failure;
  const sent = `  Rows may have been sent: ${requests.toLocaleString('en-US')} request(s) had gone to SalesChat.`;
  const advice =
    journal === undefined
      ? `${sent} This run kept no journal to --resume from: fix the output, then run the import again (a contact SalesChat already has is found, not duplicated).`
      : `${sent} Those that finished are kept in ${journal}. Free the space (or fix what stopped the write), then continue with the same --results:\n    ${resumeCommand}`;
  return new OutputError(`${failure.message}\n${advice}`, { cause: failure.cause ?? failure });
}

/** Everything an import has open, each registered with the run's Closer as it opens. */
interface OpenImport {
  input: PreparedInput;
  run: string;
  confirmedRows: ConfirmedRows | undefined;
  session: ApiSession | undefined;
  journal: RunJournal | undefined;
  outputs: Outputs;
  /** What the API last confirmed per crm_id; undefined for --no-state and a dry run. */
  state: SyncState | undefined;
  /** An online dry run's sync state, read only: the import would read it, so the plan does. */
  planState: SyncState | undefined;
  notices: string[];
}

/** Opens, in order: the input, the lock, the sync state (under its own lock), what --resume confirmed, the API session, the journal, the outputs. */
async function openImport(options: ImportOptions, io: Io, closer: Closer, source: CsvSource | undefined): Promise<OpenImport> {
  const { input: config } = options;
  const files = resumeFiles(config.results);
  const writesFile = await isFileOutput(config.results);
  if (options.resume && !writesFile) {
    throw new UsageError(`--resume reads the results file of the earlier run, and ${config.results} is not a file: give it with --results PATH.`);
  }
  const identity = { baseUrl: options.api.baseUrl, orgId: options.api.orgId };
  const stateConfig: StateConfig = options.dryRun ? { kind: 'off' } : options.state;
  const input = await prepareInput(config, io, {
    ...(source === undefined ? {} : { source }),
    sidecars: [
      ...(writesFile
        ? [
            { what: 'the lock file', path: `${config.results}.lock` },
            { what: 'the journal', path: files.journal },
            { what: 'the resume file', path: files.resume },
          ]
        : []),
      ...stateSidecars(stateConfig, identity),
    ],
  });
  closer.add(input, (opened) => {
    opened.source.close();
    return opened.checker.close();
  });
  // What a row's fingerprint says it was sent to: a --sandbox run's sandbox is thrown away, so it matches nothing.
  const run = runKey({
    input: config.input === '-' ? 'standard input' : resolve(config.input),
    baseUrl: options.api.sandbox ? `sandbox:${process.pid}:${Date.now()}` : options.api.baseUrl,
    orgId: options.api.orgId,
  });
  if (writesFile) closer.add(await lockOutput(config.results, `import of ${input.source.name}`, config, io), (lock) => lock.release());
  const state = await openSyncState(stateConfig, identity, { command: `import of ${input.source.name}`, waitLock: config.waitLock }, io, closer);

  const notices: string[] = [];
  let confirmedRows: ConfirmedRows | undefined;
  if (options.resume) {
    const resumed = await prepareResume(files, run);
    notices.push(...resumed.notices);
    if (resumed.path !== undefined) confirmedRows = closer.add(new ConfirmedRows(resumed.path), (rows) => rows.close());
  } else if (writesFile && !options.dryRun) {
    // A new run replaces what an earlier one left for --resume: its results file is about to be rewritten.
    if (existsSync(files.journal) || existsSync(files.resume)) {
      notices.push(`An earlier import into ${config.results} did not finish; starting afresh as asked, so every row is sent (--resume would have continued it).`);
    }
    await Promise.all([rm(files.journal, { force: true }), rm(files.resume, { force: true })]);
  }
  // Words for a wait too long: a run that sends can be continued with --resume, a dry run cannot.
  const again = options.dryRun ? undefined : 'run again later with --resume';
  const session = options.dryRun && options.online !== true ? undefined : closer.add(await openApiSession(options.api, { interruptOn: io.signal, again }), (opened) => opened.close());
  // Doctor's one request before any row is read or output opened: a wrong URL, token or org ends the run here (exit 2 or 3).
  if (session) notices.push(...(await session.preflight()));
  const planState = options.dryRun && session ? readSyncState(options.state, identity, closer) : undefined;
  const journal = session && writesFile && !options.dryRun ? closer.add(new RunJournal(files.journal, run), (opened) => opened.close()) : undefined;
  try {
    const outputs = closer.add(openOutputs(config, input.source, { stdout: io.stdout, extraColumns: options.dryRun ? ['fingerprint', 'plan'] : ['fingerprint'] }), (opened) => opened.close());
    return { input, run, confirmedRows, session, journal, outputs, state, planState, notices };
  } catch (error) {
    // Nothing was sent yet: an empty journal would only make the next run think one did not finish.
    journal?.remove();
    throw error;
  }
}

/** How an import ended: its exit status (the CLI's), its figures, and where reading stopped if it did (exit 4). */
export interface ImportOutcome {
  exitCode: ExitCode;
  tally: Tally;
  truncation: Truncation | undefined;
}

/** `source`: an input already open (records handed over by code), read instead of options.input.input. */
export async function runImport(options: ImportOptions, io: Io, source?: CsvSource): Promise<ImportOutcome> {
  const { input: config } = options;
  // About the results file, not a flag: a dry run must not write over what an unfinished import left to resume.
  if (options.dryRun) await refuseOverUnfinishedImport(config.results);
  const closer = new Closer();
  const { input, run, confirmedRows, session, journal, outputs, state, planState, notices } = await closer.opening((c) => openImport(options, io, c, source));
  const tally = new Tally();
  const inFlight = { count: 0 };
  const resumeCommand = `saleschat-bulk import ${[...options.argv.filter((arg) => arg !== '--resume'), '--resume'].map(shellQuote).join(' ')}`;
  // From here rows may be sent, and the journal keeps the finished ones: what continues the run if it is forced to stop.
  if (journal && !options.api.sandbox) io.resumeWith?.(resumeCommand);
  // A dry run sends nothing: it has a session (--online) only to look rows up.
  const { full } = options;
  const stateSaver = state && new StateSaver(state);
  const context: ImportContext | undefined = session && !options.dryRun ? {
    api: session.client, mode: options.mode, phoneFormat: options.phoneFormat, spacing: session.spacing, signal: session.signal,
    // With --full nothing stored is read for the row, but what is stored must not outlive a change cut off by a kill.
    beforeChange: stateSaver && ((crmId, steps, stored) => (stored || full ? stateSaver.beforeSending(crmId, steps) : undefined)),
  } : undefined;

  const mapping = mappingKey(input.mapping);
  const dryRun = options.dryRun ? new DryRunPlan({ mode: options.mode, full, mapping, session, state: planState }) : undefined;
  /** What the state knows of the row's crm_id (nothing with --full), and the row's step fingerprints. */
  const planFor = (contact: Contact): SyncPlan | undefined =>
    state && { known: full ? undefined : state.get(contact.crm_id), prints: stepFingerprints(contact, mapping) };

  const keyOf = rowKeyer(input.mapping, input.source.header.length, input.checkOptions);
  // Rows settled in the state are answered before they are checked. Not with --resume: its earlier results come first.
  const settle = state && !full && !options.resume && context ? settleUnchanged(state, keyOf, input.mapping) : undefined;
  /** A row its check found unchanged: the state learns its key, so the next run need not check it. */
  const answerUnchanged = (contact: Contact, base: ImportRow, plan: SyncPlan, key: string): ImportRow | undefined => {
    const unchanged = unchangedRow(contact, base, plan, options.mode);
    if (unchanged === undefined) return undefined;
    const settlement = plan.known?.row === key ? undefined : settlementFor(contact, plan.prints, key, unchanged.contact_id);
    if (settlement) stateSaver?.settle(contact.crm_id, settlement);
    return { ...unchanged, fingerprint: base.fingerprint };
  };

  const send = async (verdict: RowVerdict<SettledRow>, contact: Contact, base: ImportRow, plan: SyncPlan | undefined, key: string): Promise<ImportRow> => {
    const earlier = await confirmedRows?.confirmed(verdict.record.row, base.fingerprint);
    if (earlier) {
      // Confirmed by the earlier run, so the state learns it too: saved in batches, it may not have (a kill -9 between
      // the journal line and the batch), and the next plain run would send the row again.
      const settlement = plan && earlier.status === 'ok' && earlier.contact_id ? settlementFor(contact, plan.prints, key, earlier.contact_id) : undefined;
      if (settlement) stateSaver?.confirmSettled(contact.crm_id, settlement);
      return { ...earlier, line: base.line };
    }
    if (dryRun) return { ...(await dryRun.plan(contact, base)), fingerprint: base.fingerprint };
    if (context === undefined) throw new Error('an import without an API session');
    // Without --resume, step() has already answered the unchanged rows.
    const unchanged = confirmedRows && plan && answerUnchanged(contact, base, plan, key);
    if (unchanged) return unchanged;
    if (session?.abortReason() !== undefined) return { ...base, status: 'skipped', error_code: 'ABORTED', error_message: `not sent: ${session.abortReason()}` };
    inFlight.count += 1;
    try {
      const imported = await importContact(contact, context, base, plan);
      const row: ImportRow = { ...imported.row, fingerprint: base.fingerprint };
      if (row.status === 'skipped' && session?.abortReason()) row.error_message = `not finished: ${session.abortReason()}`;
      // Durable the moment it finishes, whatever rows before it still wait: a kill now loses only rows in flight.
      // What SalesChat confirmed goes to the state with it; a step that failed is not recorded, so it is sent again.
      const settlement = plan && row.status === 'ok' ? settlementFor(contact, plan.prints, key, row.contact_id) : undefined;
      stateSaver?.save(contact.crm_id, imported, settlement);
      journal?.record(row);
      return row;
    } finally {
      inFlight.count -= 1;
    }
  };

  const step = (verdict: RowVerdict<SettledRow>): Finished | Promise<Finished> => {
    const { record, settled } = verdict;
    const rejected = rejectedResult(verdict, input.mapping, config.dedupe);
    if (rejected !== undefined) return { row: { ...rejected, fingerprint: fingerprint(run) }, record };
    // Settled in the state: answered unchecked, without a request or a promise (most rows of a nightly drop).
    if (settled) return { row: { ...settledResult(baseResult(verdict), settled), fingerprint: fingerprint(run, contentKey(options.mode, settled.key)) }, record };
    const { contact } = verdict.checked;
    if (contact === undefined) return { row: { ...baseResult(verdict), fingerprint: fingerprint(run) }, record };
    const key = keyOf(record.fields);
    const base: ImportRow = { ...baseResult(verdict), fingerprint: fingerprint(run, contentKey(options.mode, key)) };
    const plan = planFor(contact);
    // Unchanged since the API last confirmed it: answered here too, without a request or a promise.
    const unchanged = plan && confirmedRows === undefined && context !== undefined ? answerUnchanged(contact, base, plan, key) : undefined;
    if (unchanged) return { row: unchanged, record };
    return send(verdict, contact, base, plan, key).then((row) => ({ row, record }));
  };

  // Whatever fails, everything opened is closed: a failed flush must not leave the sandbox, workers or lock behind.
  await closer.run(async () => {
    const progress = await openProgress(closer, io, config.quiet, importProgressLine(() => ({ tally, source: input.source, session, inFlight: inFlight.count, concurrency: options.api.concurrency })));
    for (const notice of [...input.notices, ...notices]) progress.note(notice);
    if (session) progress.note(dryRun ? `Planning against ${session.target}, with look-ups only.` : `Importing into ${session.target}.`);
    const planNotice = session && dryRun ? planStateNotice(options.state, planState) : undefined;
    if (planNotice) progress.note(planNotice);
    if (session && state) progress.note(stateNotice(state, full));
    await runRows({
      verdicts: checkRows(input, config.dedupe, input.checker, settle),
      step,
      async take({ row, record }) {
        try {
          const pending = outputs.write(row, record);
          if (pending) await pending;
        } catch (error) {
          throw asOutputFailure(error);
        }
        journal?.compact(outputs.resultsFlushed);
        stateSaver?.tick();
        tally.add(row);
        dryRun?.take(row);
      },
      judge: (finished) => judgeRow(finished.row),
      streak: new FailureStreak(options.api.maxErrors, 'rows'),
      abort: (reason) => session?.abort(reason),
      concurrency: options.api.concurrency,
      signal: io.signal,
    });
  }).catch((error: unknown) => {
    const failure = asOutputFailure(error);
    // A dry run changes nothing in SalesChat: its failure needs no word on what was sent.
    if (!(failure instanceof OutputError) || session === undefined || dryRun) throw failure;
    throw afterOutputFailure(failure, { requests: session.stats.requests, journal: journal && !options.api.sandbox ? journal.path : undefined, resumeCommand });
  });
  if (session) tally.countRequests(session.stats);

  const truncation = input.source.truncation();
  const interrupted = io.signal.aborted;
  const facts = { interrupted, abortReason: session?.abortReason(), truncation };
  // The results file is whole and flushed now. A run that finished is done with its journal. One that did not
  // (interrupted, aborted, input cut short) keeps it: it says "--resume has something to continue here", so a
  // validate or a dry run will not write over these results, and the next plain import says it starts afresh.
  if (runEnding(facts) === 'finished') journal?.remove();
  // What --resume kept for rows not reached stays until a run has read the input to its end.
  if (options.resume && !interrupted && truncation === undefined) await rm(resumeFiles(config.results).resume, { force: true });

  // A dry run sends nothing, so its rows are all 'skipped': it succeeds when every row is valid, unique, looked up and planned without conflict.
  const rowsCode = dryRun ? (tally.byStatus.invalid + tally.byStatus.duplicate + tally.byStatus.failed + dryRun.conflicts === 0 ? 0 : 1) : tally.allOk() ? 0 : 1;
  const exitCode = await endRun({
    command: options.dryRun ? 'import --dry-run' : 'import',
    tally,
    files: { input: input.source.name, results: outputName(config.results), rejects: config.rejects === undefined ? undefined : outputName(config.rejects) },
    summaryJsonPath: config.summaryJson,
    stdout: io.stdout,
    stderr: io.stderr,
    facts,
    rowsCode,
    ...(dryRun ? { planned: dryRun.figures() } : {}),
    words(ending, abortReason) {
      if (dryRun && session) return dryRunWords(ending, abortReason, tally, dryRun.conflicts);
      // Results not in a file (standard output, /dev/null) kept no journal: --resume has nothing to continue. Nor
      // can a --sandbox run: the next starts with an empty sandbox, and refuses --resume (exit 2).
      if (session !== undefined && (journal === undefined || options.api.sandbox)) {
        const again = options.api.sandbox
          ? 'run the import again from the start (a --sandbox run cannot be resumed: each starts with an empty sandbox).'
          : `run the import again (to be able to --resume, give --results FILE; ${outputName(config.results)} cannot be resumed).`;
        if (ending === 'interrupted') return [`  Stopped after ${tally.rows} rows. To continue, ${again}`];
        if (ending === 'aborted') return [`  Aborted: ${abortReason}.`, `  Rows not sent are marked skipped (ABORTED). Once fixed, ${again}`];
        return nextSteps(tally, options, again);
      }
      if (ending === 'interrupted') return [`  Stopped after ${tally.rows} rows. To continue where it stopped, run:`, `    ${resumeCommand}`];
      if (ending === 'aborted') {
        return [`  Aborted: ${abortReason}.`, `  Rows not sent are marked skipped (ABORTED). Once fixed, send only what did not finish with:`, `    ${resumeCommand}`];
      }
      return nextSteps(tally, options, resumeCommand);
    },
  });
  return { exitCode, tally, truncation };
}

/** For the --max-errors streak: a failed row counts, an ok row ends a streak, the rest (invalid, skipped) leave it. */
function judgeRow(row: ImportRow): Judged {
  if (row.status === 'failed') return { outcome: 'failed', failure: `${row.error_code} ${row.error_message}` };
  return row.status === 'ok' ? { outcome: 'succeeded' } : { outcome: 'neither' };
}

/** Where the sync state is and what it knows, as the run starts. */
function stateNotice(state: SyncState, full: boolean): string {
  const where = state.path === ':memory:' ? 'in memory only (--sandbox starts an empty sandbox each run)' : state.path;
  const known = `${state.count().toLocaleString('en-US')} contact(s) known`;
  return full ? `Sync state: ${where}, ${known}; --full: every row is sent, and what SalesChat confirms is recorded.` : `Sync state: ${where}, ${known}; rows unchanged since SalesChat confirmed them are not sent.`;
}

/** What to do about the rows that are not ok: fix the invalid ones and those SalesChat refused, resume the others. */
function nextSteps(tally: Tally, options: ImportOptions, resumeCommand: string): string[] {
  const advice: string[] = [];
  const unchanged = tally.byAction.unchanged;
  if (unchanged > 0) {
    advice.push(`  ${unchanged.toLocaleString('en-US')} row(s) unchanged since SalesChat last confirmed them: nothing sent for them. To send every row anyway (say, after contacts were changed inside SalesChat), add --full.`);
  }
  const { rejects, rejectsIncludeDuplicates } = options.input;
  const where = rejects ? outputName(rejects) : 'the results file (or write them to a file with --rejects)';
  const rejected = tally.byStatus.invalid + tally.byStatus.duplicate;
  if (rejected > 0) {
    const dropped = rejects && !rejectsIncludeDuplicates && tally.byStatus.duplicate > 0 ? ' (duplicates are left out of it: they were dropped on purpose)' : '';
    advice.push(`  ${rejected} row(s) invalid or duplicate, nothing sent for them: error_message says why; fix them from ${where}${dropped}.`);
  }
  return [...advice, ...nextStepAdvice(tally, { retry: resumeCommand, fix: `fix them from ${where}` })];
}
