import type { ApiConfig, InputConfig, StateConfig } from '../config/index.js';
import type { ExitCode } from '../errors.js';
import type { CsvSource, Truncation } from '../io/index.js';
import type { InputRecord } from '../io/input-record.js';
import type { ResultRow } from '../io/result-row.js';
import { openApiSession } from '../api/api-session.js';
import { checkRows, type RowVerdict } from '../run/check-rows.js';
import { Closer } from '../run/closer.js';
import { endRun } from '../run/end-run.js';
import { FailureStreak } from '../run/failure-streak.js';
import type { Io } from '../run/io.js';
import { isFileOutput } from '../run/output-paths.js';
import { prepareInput } from '../run/prepare-input.js';
import { lockOutput } from '../run/run-lock.js';
import { openProgress } from '../run/run-progress.js';
import { runRows, type Judged } from '../run/run-rows.js';
import { outputName } from '../run/standard-output.js';
import { openSyncState, stateSidecars } from '../run/sync-state-file.js';
import { rejectedResult } from '../run/verdict-result.js';
import { StateMarks } from './state-marks.js';
import { verifyContact, type Verified } from './verify-lookup.js';
import { openVerifyOutputs } from './verify-outputs.js';
import { verifyProgressLine } from './verify-progress.js';
import type { VerifyRow } from './verify-row.js';
import { VerifyTally } from './verify-tally.js';
import { verifyWords } from './verify-words.js';

export interface VerifyOptions {
  input: InputConfig;
  api: ApiConfig;
  /** Where the sync state is, or none (--no-state). */
  state: StateConfig;
}

/** How a verify ended: its exit status (the CLI's), its figures, and where reading stopped if it did (exit 4). */
export interface VerifyOutcome {
  exitCode: ExitCode;
  tally: VerifyTally;
  truncation: Truncation | undefined;
}

interface Finished extends Verified {
  record: InputRecord;
}

/** Opens, in order: the input, the results lock, the sync state (under its own lock), the API session, the outputs; all closed by `closer`. */
async function openVerify(options: VerifyOptions, io: Io, closer: Closer, source: CsvSource | undefined) {
  const { input: config } = options;
  const identity = { baseUrl: options.api.baseUrl, orgId: options.api.orgId };
  const writesFile = await isFileOutput(config.results);
  const input = await prepareInput(config, io, {
    ...(source === undefined ? {} : { source }),
    sidecars: [...(writesFile ? [{ what: 'the lock file', path: `${config.results}.lock` }] : []), ...stateSidecars(options.state, identity)],
  });
  closer.add(input, (opened) => {
    opened.source.close();
    return opened.checker.close();
  });
  const what = `verify of ${input.source.name}`;
  if (writesFile) closer.add(await lockOutput(config.results, what, config, io), (lock) => lock.release());
  const state = await openSyncState(options.state, identity, { command: what, waitLock: config.waitLock }, io, closer);
  const session = closer.add(await openApiSession(options.api, { interruptOn: io.signal }), (opened) => opened.close());
  // Doctor's one request before a row is read or the results file opened: a wrong URL, token or org ends here (exit 2 or 3).
  const notices = await session.preflight();
  const outputs = closer.add(openVerifyOutputs(config, input.source, io.stdout), (opened) => opened.close());
  return { input, state, session, outputs, notices };
}

/** A row not looked up (invalid or duplicate), in verify's columns. */
function rejectedRow(result: ResultRow): VerifyRow {
  const { row, crm_id, phone_number, status, contact_id, error_code, error_message, line } = result;
  return { row, crm_id, phone_number, status: status === 'duplicate' ? 'duplicate' : 'invalid', contact_id, differences: '', error_code, error_message, line };
}

/** A row to look up, before its look-up. */
function baseRow(verdict: RowVerdict, contactId: string | undefined): VerifyRow {
  const { record, checked } = verdict;
  return { row: record.row, crm_id: checked.crmId, phone_number: checked.phone, status: 'match', contact_id: contactId ?? '', differences: '', error_code: '', error_message: '', line: record.line };
}

/** For the --max-errors streak: a failed look-up counts, any answer ends a streak, the rest leave it. */
function judgeRow({ row }: Verified): Judged {
  if (row.status === 'failed') return { outcome: 'failed', failure: `${row.error_code} ${row.error_message}` };
  return row.status === 'match' || row.status === 'differs' || row.status === 'missing' ? { outcome: 'succeeded' } : { outcome: 'neither' };
}

/** `source`: an input already open (records handed over by code), read instead of options.input.input. */
export async function runVerify(options: VerifyOptions, io: Io, source?: CsvSource): Promise<VerifyOutcome> {
  const { input: config, api } = options;
  const closer = new Closer();
  const { input, state, session, outputs, notices } = await closer.opening((c) => openVerify(options, io, c, source));
  const tally = new VerifyTally();
  const marks = state && new StateMarks(state);
  const inFlight = { count: 0 };

  // Nothing per row outlives it: the window bounds what is in flight, and the state is read one crm_id at a time.
  const step = (verdict: RowVerdict): Finished | Promise<Finished> => {
    const { record } = verdict;
    const rejected = rejectedResult(verdict, input.mapping, config.dedupe);
    const contact = verdict.checked.contact;
    if (rejected !== undefined) return { row: rejectedRow(rejected), record };
    // A record without issues always has its contact; kept so that no row is ever dropped from the results.
    if (contact === undefined) return { row: { ...baseRow(verdict, undefined), status: 'invalid' }, record };
    const known = state?.get(contact.crm_id);
    // The id the state recorded holds only for the phone it recorded: the API cannot move a contact to another phone.
    const knownId = known?.phone === contact.phone_number ? known.contactId : undefined;
    inFlight.count += 1;
    return verifyContact(contact, { knownId }, baseRow(verdict, contact.contact_id ?? knownId), session)
      .then((verified) => {
        if (known !== undefined) marks?.record(contact.crm_id, verified);
        return { ...verified, record };
      })
      .finally(() => {
        inFlight.count -= 1;
      });
  };

  // Whatever fails, everything opened is closed: a failed flush must not leave the sandbox, workers or lock behind.
  await closer.run(async () => {
    const progress = await openProgress(closer, io, config.quiet, verifyProgressLine(() => ({ tally, source: input.source, session, inFlight: inFlight.count, concurrency: api.concurrency })));
    for (const notice of [...input.notices, ...notices]) progress.note(notice);
    progress.note(`Reading contacts back from ${session.target}.`);
    await runRows<RowVerdict, Finished>({
      verdicts: checkRows(input, config.dedupe, input.checker),
      step,
      async take({ row, record, differences }) {
        const pending = outputs.write(row, record);
        if (pending) await pending;
        marks?.tick();
        tally.add(row.status, row.error_code, differences);
      },
      judge: judgeRow,
      streak: new FailureStreak(api.maxErrors, 'look-ups'),
      abort: (reason) => session.abort(reason),
      concurrency: api.concurrency,
      signal: io.signal,
    });
  });
  tally.countRequests(session.stats);
  tally.drifted = marks?.drifted ?? 0;
  tally.forgotten = marks?.forgotten ?? 0;

  const files = { input: input.source.name, results: outputName(config.results), rejects: config.rejects === undefined ? undefined : outputName(config.rejects) };
  const truncation = input.source.truncation();
  const exitCode = await endRun({
    command: 'verify', tally, files, summaryJsonPath: config.summaryJson, stdout: io.stdout, stderr: io.stderr,
    facts: { interrupted: io.signal.aborted, abortReason: session.abortReason(), truncation },
    rowsCode: tally.allOk() ? 0 : 1,
    words: (ending, abortReason) => verifyWords(ending, abortReason, { tally, files, stateKind: options.state.kind, inputPath: config.input }),
  });
  return { exitCode, tally, truncation };
}

