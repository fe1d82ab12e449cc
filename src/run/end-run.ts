import type { ExitCode } from '../errors.js';
import { finishRun, type Finish } from './finish.js';
import { endingExitCode, runEnding, type Ending, type EndingFacts } from './run-ending.js';

export interface EndRun extends Omit<Finish, 'outcome' | 'exitCode' | 'advice' | 'truncation'> {
  facts: EndingFacts;
  /** The exit status a finished run's rows give (0 all ok, 1 some not). */
  rowsCode: ExitCode;
  /** The command's words after the summary, for how the run ended (the abort's reason, when aborted). */
  words: (ending: Ending, abortReason: string | undefined) => string[];
}

/** The one ending of every run: how it ended, its exit status, and the summary with the command's words. */
export function endRun(end: EndRun): Promise<ExitCode> {
  const { facts, rowsCode, words, ...finish } = end;
  const ending = runEnding(facts);
  return finishRun({
    ...finish,
    outcome: ending,
    exitCode: endingExitCode(ending, rowsCode),
    truncation: facts.truncation,
    advice: words(ending, facts.abortReason),
  });
}
