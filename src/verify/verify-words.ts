import type { StateConfig } from '../config/index.js';
import { nextStepAdvice } from '../run/next-steps.js';
import type { Ending } from '../run/run-ending.js';
import type { SummaryFiles } from '../run/summary.js';
import type { VerifyTally } from './verify-tally.js';

export interface VerifyWordsContext {
  tally: VerifyTally;
  files: SummaryFiles;
  stateKind: StateConfig['kind'];
  /** The input as given, for the import command line to send rows again ("-" when read from standard input). */
  inputPath: string;
}

const plural = (rows: number, one: string, many = `${one}s`) => `${rows.toLocaleString('en-US')} ${rows === 1 ? one : many}`;

/** "2 first_name, 1 opt_in_date": rows by field that differs. */
function fieldCounts(tally: VerifyTally): string {
  return Object.entries(tally.byField)
    .filter(([, rows]) => rows > 0)
    .map(([field, rows]) => `${rows.toLocaleString('en-US')} ${field}`)
    .join(', ');
}

/** What the sync state was told, so the next import sends the rows that differ or are missing. */
function stateLines({ tally, stateKind }: VerifyWordsContext): string[] {
  const off = tally.byStatus.differs + tally.byStatus.missing;
  if (stateKind === 'off') {
    return off > 0 ? ['  Sync state not used (--no-state): nothing was marked; an import that uses it may take these rows as unchanged, so import them with --full.'] : [];
  }
  const marked = [
    ...(tally.drifted > 0 ? [`${plural(tally.drifted, 'contact')} marked drifted`] : []),
    ...(tally.forgotten > 0 ? [`${plural(tally.forgotten, 'crm_id')} forgotten`] : []),
  ];
  if (marked.length === 0) return [];
  return [`  Sync state: ${marked.join(' and ')}, so the next import sends them again instead of taking them as unchanged.`];
}

/** How to send the rows that differ or are missing: the rejects file when there is one, else the input again. */
function sendAgain({ files, inputPath }: VerifyWordsContext): string {
  const rejects = files.rejects !== undefined && files.rejects !== 'standard output' ? files.rejects : undefined;
  if (rejects !== undefined) return `saleschat-bulk import ${rejects} (the rows that did not match, as they came in)`;
  return inputPath === '-' ? 'import the input again' : `saleschat-bulk import ${inputPath}`;
}

/** verify's words after the summary, for how the run ended. */
export function verifyWords(ending: Ending, abortReason: string | undefined, context: VerifyWordsContext): string[] {
  const { tally, files } = context;
  if (ending === 'interrupted') {
    return [`  Stopped after ${plural(tally.rows, 'row')}: ${files.results} holds their rows only. Run verify again for the whole input.`, ...stateLines(context)];
  }
  if (ending === 'aborted') {
    return [`  Aborted: ${abortReason}.`, '  Rows not looked up are marked skipped (ABORTED); once fixed, run verify again.', ...stateLines(context)];
  }
  const lines: string[] = [];
  const { differs, missing, invalid, duplicate } = tally.byStatus;
  if (differs > 0) lines.push(`  ${plural(differs, 'row')} differ from SalesChat (${fieldCounts(tally)}): error_message names each field with the file's value and SalesChat's.`);
  if (tally.byField.opt_in_date > 0) {
    lines.push("  SalesChat's update does not take an opt-in date: a contact whose opt_in_date differs keeps SalesChat's until it is created anew.");
  }
  if (missing > 0) lines.push(`  ${plural(missing, 'row')} missing from SalesChat: error_message says what the phone number holds instead, if anything.`);
  if (differs + missing > 0) lines.push(`  To send them again: ${sendAgain(context)}.`, ...stateLines(context));
  if (invalid + duplicate > 0) lines.push(`  ${plural(invalid + duplicate, 'row')} invalid or duplicate, not looked up: error_message says why.`);
  return [...lines, ...nextStepAdvice(tally, { retry: 'run verify again.', fix: `see error_message in ${files.results}` })];
}
