import type { Writable } from 'node:stream';
import type { Truncation } from '../io/index.js';
import type { ExitCode } from '../errors.js';
import { formatSummary, summaryJson, writeSummaryJson, type SummaryFiles } from './summary.js';
import type { Tally } from './tally.js';

export interface Finish {
  command: string;
  tally: Tally;
  files: SummaryFiles;
  /** "finished", "interrupted", "aborted". */
  outcome: string;
  exitCode: ExitCode;
  summaryJsonPath: string | undefined;
  stderr: Writable;
  /** Extra lines after the summary (what to do next). */
  advice?: string[];
  /** Set when the input was not read to its end. */
  truncation?: Truncation | undefined;
}

/** The end of every run: the summary paragraph on stderr, the same figures as JSON if asked, the exit status. */
export async function finishRun(finish: Finish): Promise<ExitCode> {
  const { command, tally, files, outcome, exitCode } = finish;
  const lines = [formatSummary(command, tally, files, outcome, finish.truncation), ...(finish.advice ?? [])];
  finish.stderr.write(`${lines.join('\n')}\n`);
  if (finish.summaryJsonPath !== undefined) {
    await writeSummaryJson(finish.summaryJsonPath, summaryJson(command, tally, files, outcome, exitCode, finish.truncation));
  }
  return exitCode;
}

/** 4 when the input was not read to its end (whatever the rows read did), else 0 when every row is ok, else 1. */
export function rowsExitCode(tally: Tally, truncation?: Truncation): ExitCode {
  if (truncation !== undefined) return 4;
  return tally.allOk() ? 0 : 1;
}
