import { remedyFor, type Remedy } from './retryable.js';
import { listCodes } from './summary.js';
import type { RunTally } from './tally.js';

export interface NextStepWords {
  /** How to try again, e.g. import's --resume command line, or "run export again". */
  retry: string;
  /** Where and how to fix what SalesChat refused, e.g. "fix them from to-fix.csv". */
  fix: string;
}

const plural = (rows: number) => `${rows.toLocaleString('en-US')} row${rows === 1 ? '' : 's'}`;

/**
 * What to do about the rows the run tried and could not finish: another try only for the causes that pass
 * (see retryable.ts); for the others, what to fix, since the same row sent again gets the same answer.
 */
export function nextStepAdvice(tally: RunTally, words: NextStepWords): string[] {
  const groups: Record<Remedy, [string, number][]> = { 'fix-data': [], 'fix-config': [], retry: [] };
  for (const entry of tally.failureCodes.sorted()) groups[remedyFor(entry[0])].push(entry);
  const rows = (remedy: Remedy) => groups[remedy].reduce((sum, [, count]) => sum + count, 0);
  const advice: string[] = [];
  if (groups['fix-data'].length > 0) {
    advice.push(
      `  ${plural(rows('fix-data'))} failed for a reason another try will not fix (${listCodes(groups['fix-data'])}): error_message names ` +
        `what SalesChat refused (an id it does not know, such as a user_id, or a value it does not take); ${words.fix}.`,
    );
  }
  if (groups['fix-config'].length > 0) {
    advice.push(
      `  ${plural(rows('fix-config'))} failed because SalesChat refused the token or the organisation (${listCodes(groups['fix-config'])}): ` +
        'check SALESCHAT_TOKEN (or --token-file) and --org; sent again as they are, they fail the same way.',
    );
  }
  if (groups.retry.length > 0) {
    advice.push(`  To retry the ${plural(rows('retry'))} that failed for a reason another try can fix (${listCodes(groups.retry)}): ${words.retry}`);
  }
  return advice;
}
