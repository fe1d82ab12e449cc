import type { InputConfig } from '../config/config.js';
import type { ExitCode } from '../errors.js';
import type { InputRecord } from '../io/index.js';
import { checkSlices } from '../run/check-rows.js';
import { finishRun, rowsExitCode } from '../run/finish.js';
import type { Io } from '../run/io.js';
import { openOutputs, type Outputs } from '../run/outputs.js';
import { prepareInput } from '../run/prepare-input.js';
import { isFileOutput } from '../run/output-paths.js';
import { refuseOverUnfinishedImport } from '../run/previous-results.js';
import { lockOutput, type RunLock } from '../run/run-lock.js';
import { startProgress } from '../run/progress.js';
import { Tally } from '../run/tally.js';
import { baseResult, rejectedResult } from '../run/verdict-result.js';
import { validateProgressLine } from './validate-progress.js';

/** Checks every row offline and writes one results row per input row: no request is sent. */
export async function runValidate(config: InputConfig, io: Io): Promise<ExitCode> {
  await refuseOverUnfinishedImport(config.results);
  const writesFile = await isFileOutput(config.results);
  const input = await prepareInput(config, io, {
    automaticWorkers: true,
    readAs: 'slices',
    sidecars: writesFile ? [{ what: 'the lock file', path: `${config.results}.lock` }] : [],
  });
  const { source } = input;
  let outputs: Outputs;
  let lock: RunLock | undefined;
  try {
    if (writesFile) {
      lock = await lockOutput(config.results, `validate of ${source.name}`, config, io);
    }
    outputs = openOutputs(config, source);
  } catch (error) {
    // A results path that cannot be created: release the input, the worker threads prepareInput started, the lock.
    source.close();
    lock?.release();
    await input.checker.close().catch(() => undefined);
    throw error;
  }
  const tally = new Tally();
  let lastDone: InputRecord | undefined;
  const progress = await startProgress({
    stream: io.stderr,
    quiet: config.quiet,
    env: io.env,
    describe: validateProgressLine(() => ({ tally, source, lastDone })),
  });
  for (const notice of input.notices) progress.note(notice);

  let closed: PromiseSettledResult<void>[];
  try {
    for await (const verdicts of checkSlices(input, config.dedupe, input.checker)) {
      const rows = verdicts.map((verdict) => rejectedResult(verdict, input.mapping, config.dedupe) ?? baseResult(verdict));
      const pending = outputs.writeBatch(rows, verdicts.map((verdict) => verdict.record));
      if (pending) await pending;
      for (const row of rows) tally.add(row);
      lastDone = verdicts.at(-1)?.record ?? lastDone;
      if (io.signal.aborted) break;
    }
  } finally {
    progress.stop();
    source.close();
    closed = await Promise.allSettled([outputs.close(), input.checker.close()]);
    lock?.release();
  }
  const closeFailure = closed.find((result) => result.status === 'rejected');
  if (closeFailure !== undefined) throw closeFailure.reason;

  const files = { input: source.name, results: config.results, rejects: config.rejects };
  const truncation = source.truncation();
  // Read from the signal, not from the loop: an interrupt may end the reading before a single batch came.
  if (io.signal.aborted) {
    return finishRun({
      command: 'validate', tally, files, outcome: 'interrupted', exitCode: 130, summaryJsonPath: config.summaryJson, stderr: io.stderr,
      advice: [`  The results file holds the first ${tally.rows.toLocaleString('en-US')} rows only; run validate again to check the whole file.`],
    });
  }
  return finishRun({
    command: 'validate', tally, files, outcome: truncation ? 'stopped early' : 'finished', exitCode: rowsExitCode(tally, truncation),
    summaryJsonPath: config.summaryJson, stderr: io.stderr, truncation,
  });
}
