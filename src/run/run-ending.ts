import type { ExitCode } from '../errors.js';
import type { Truncation } from '../io/index.js';

/** How a run ended; each has one exit status, the same for every command. */
export type Ending = 'finished' | 'stopped early' | 'interrupted' | 'aborted';

export interface EndingFacts {
  /** The first SIGINT/SIGTERM came. */
  interrupted: boolean;
  /** Why the run stopped sending (an abort rule), if it did. */
  abortReason: string | undefined;
  /** The input was not read to its end. */
  truncation: Truncation | undefined;
}

/** Interrupted first (the person asked), then aborted (the run gave up), then an input cut short. */
export function runEnding(facts: EndingFacts): Ending {
  if (facts.interrupted) return 'interrupted';
  if (facts.abortReason !== undefined) return 'aborted';
  if (facts.truncation !== undefined) return 'stopped early';
  return 'finished';
}

/** 130 interrupted, 3 aborted (the API refused or failed), 4 input cut short, else the rows' own status. */
export function endingExitCode(ending: Ending, rowsCode: ExitCode): ExitCode {
  switch (ending) {
    case 'interrupted':
      return 130;
    case 'aborted':
      return 3;
    case 'stopped early':
      return 4;
    case 'finished':
      return rowsCode;
  }
}
