import type { Writable } from 'node:stream';
import type { Truncation } from '../io/index.js';
import type { ExitCode } from '../errors.js';
import { formatSummary, summaryJson, writeSummaryJson, type RunEnd } from './summary.js';
import type { RunTally } from './tally.js';

export interface Finish extends RunEnd {
  exitCode: ExitCode;
  /** A path, or "-" for `stdout`. */
  summaryJsonPath: string | undefined;
  /** Where --summary-json - goes; nothing else of the summary is written there. */
  stdout: Writable;
  /** Not a terminal (a cron log): the summary's first line carries a timestamp, as the plain progress lines do. */
  stderr: Writable & { isTTY?: boolean };
  /** Extra lines after the summary (what to do next). */
  advice?: string[];
}

/** The end of every run: the summary paragraph on stderr, the same figures as JSON if asked, the exit status. */
export async function finishRun(finish: Finish): Promise<ExitCode> {
  const endedAt = new Date();
  const stamp = finish.stderr.isTTY === true ? '' : `${endedAt.toISOString()} `;
  const lines = [formatSummary(finish), ...(finish.advice ?? [])];
  finish.stderr.write(`${stamp}${lines.join('\n')}\n`);
  if (finish.summaryJsonPath !== undefined) {
    await writeSummaryJson(finish.summaryJsonPath, summaryJson(finish, finish.exitCode, endedAt), finish.stdout);
  }
  return finish.exitCode;
}

/** 4 when the input was not read to its end (whatever the rows read did), else 0 when every row is ok, else 1. */
export function rowsExitCode(tally: RunTally, truncation?: Truncation): ExitCode {
  if (truncation !== undefined) return 4;
  return tally.allOk() ? 0 : 1;
}
