import type { InputConfig } from '../config/index.js';
import type { ExitCode } from '../errors.js';
import type { CsvSource, InputRecord, Truncation } from '../io/index.js';
import { checkBatches, checkSlices } from '../run/check-rows.js';
import { Closer } from '../run/closer.js';
import { endRun } from '../run/end-run.js';
import type { Io } from '../run/io.js';
import { openOutputs } from '../run/outputs.js';
import { prepareInput } from '../run/prepare-input.js';
import { isFileOutput } from '../run/output-paths.js';
import { outputName } from '../run/standard-output.js';
import { refuseOverUnfinishedImport } from '../run/previous-results.js';
import { lockOutput } from '../run/run-lock.js';
import { openProgress } from '../run/run-progress.js';
import { Tally } from '../run/tally.js';
import { baseResult, rejectedResult } from '../run/verdict-result.js';
import { validateProgressLine } from './validate-progress.js';

/** Opens, in order: the input (and its worker threads), the lock, the outputs; each registered with `closer`. */
async function openValidate(config: InputConfig, io: Io, closer: Closer, source: CsvSource | undefined) {
  await refuseOverUnfinishedImport(config.results);
  const writesFile = await isFileOutput(config.results);
  const input = await prepareInput(config, io, {
    ...(source === undefined ? {} : { source }),
    automaticWorkers: true,
    readAs: 'slices',
    sidecars: writesFile ? [{ what: 'the lock file', path: `${config.results}.lock` }] : [],
  });
  closer.add(input, (opened) => {
    opened.source.close();
    return opened.checker.close();
  });
  if (writesFile) closer.add(await lockOutput(config.results, `validate of ${input.source.name}`, config, io), (lock) => lock.release());
  const outputs = closer.add(openOutputs(config, input.source, { stdout: io.stdout }), (opened) => opened.close());
  return { input, outputs };
}

/** How a validate ended: its exit status (the CLI's), its figures, and where reading stopped if it did (exit 4). */
export interface ValidateOutcome {
  exitCode: ExitCode;
  tally: Tally;
  truncation: Truncation | undefined;
}

/**
 * Checks every row offline and writes one results row per input row: no request is sent. Rows come in slices
 * parsed and checked on worker threads, so they are written a slice at a time rather than through the row window.
 * `source`: an input already open (records handed over by code), read record by record on this thread instead.
 */
export async function runValidate(config: InputConfig, io: Io, source?: CsvSource): Promise<ValidateOutcome> {
  const closer = new Closer();
  const { input, outputs } = await closer.opening((c) => openValidate(config, io, c, source));
  const tally = new Tally();
  let lastDone: InputRecord | undefined;

  await closer.run(async () => {
    const progress = await openProgress(closer, io, config.quiet, validateProgressLine(() => ({ tally, source: input.source, lastDone })));
    for (const notice of input.notices) progress.note(notice);
    // Records handed over by code, and a workbook, come record by record: they have no text to slice.
    const batches = input.source.readAs === 'slices' ? checkSlices(input, config.dedupe, input.checker) : checkBatches(input, config.dedupe, input.checker);
    for await (const verdicts of batches) {
      const rows = verdicts.map((verdict) => rejectedResult(verdict, input.mapping, config.dedupe) ?? baseResult(verdict));
      const pending = outputs.writeBatch(rows, verdicts.map((verdict) => verdict.record));
      if (pending) await pending;
      for (const row of rows) tally.add(row);
      lastDone = verdicts.at(-1)?.record ?? lastDone;
      if (io.signal.aborted) break;
    }
  });

  const truncation = input.source.truncation();
  const exitCode = await endRun({
    command: 'validate',
    tally,
    files: { input: input.source.name, results: outputName(config.results), rejects: config.rejects === undefined ? undefined : outputName(config.rejects) },
    summaryJsonPath: config.summaryJson,
    stdout: io.stdout,
    stderr: io.stderr,
    // Read from the signal, not from the loop: an interrupt may end the reading before a single batch came.
    facts: { interrupted: io.signal.aborted, abortReason: undefined, truncation },
    rowsCode: tally.allOk() ? 0 : 1,
    words: (ending) =>
      ending === 'interrupted' ? [`  The results file holds the first ${tally.rows.toLocaleString('en-US')} rows only; run validate again to check the whole file.`] : [],
  });
  return { exitCode, tally, truncation };
}
