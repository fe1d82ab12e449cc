import { describe, expect, it } from 'vitest';
import type { ResultRow } from '../../src/io/result-row.js';
import { nextStepAdvice } from '../../src/run/next-steps.js';
import { Tally } from '../../src/run/tally.js';

const RESUME = 'saleschat-bulk import in.csv --resume';
const WORDS = { retry: RESUME, fix: 'fix them from to-fix.csv' };

function tallyOf(rows: readonly (readonly [ResultRow['status'], string, number])[]): Tally {
  const tally = new Tally();
  for (const [status, error_code, count] of rows) {
    for (let i = 0; i < count; i += 1) {
      tally.add({
        row: 1, crm_id: 'C', phone_number: '+14155552671', status, action: 'none', contact_id: '', disposition: '', assign: '',
        http_status: '', error_code, error_message: '', attempts: 1, line: 2,
      });
    }
  }
  return tally;
}

const FIX_DATA = /^ {2}(\d+) rows? failed for a reason another try will not fix \((.*)\): error_message names what SalesChat refused .*; fix them from to-fix\.csv\.$/;
const FIX_CONFIG = /^ {2}(\d+) rows? failed because SalesChat refused the token or the organisation \((.*)\): check SALESCHAT_TOKEN .* and --org; .*$/;
const RETRY = /^ {2}To retry the (\d+) rows? that failed for a reason another try can fix \((.*)\): saleschat-bulk import in\.csv --resume$/;

/** --resume only for what another try can fix; what to fix for the rest. */
describe('nextStepAdvice', () => {
  it.each([
    ['nothing when every row is ok', [['ok', '', 3]], []],
    ['nothing for rows not sent because of their own values (said elsewhere)', [['invalid', 'PHONE_INVALID', 2], ['duplicate', 'DUPLICATE_CRM_ID', 1]], []],
    ['nothing for a dry run\'s skipped rows', [['skipped', '', 4]], []],
    ['network errors, timeouts, 429s, 5xx: retry', [['failed', 'HTTP_503', 2], ['failed', 'TIMEOUT', 1], ['failed', 'RATE_LIMITED', 1], ['failed', 'NETWORK_ERROR', 1], ['failed', '5000001', 1]], [
      [RETRY, '6', '2 HTTP_503, 1 5000001, 1 NETWORK_ERROR, 1 RATE_LIMITED, 1 TIMEOUT'],
    ]],
    ['rows skipped by an abort: retry', [['skipped', 'ABORTED', 7]], [[RETRY, '7', '7 ABORTED']]],
    ['a contact not found, an unknown user (404), a refused value (422): fix the data', [['failed', 'CONTACT_NOT_FOUND', 3], ['failed', '4040001', 1], ['failed', 'HTTP_422', 1]], [
      [FIX_DATA, '5', '3 CONTACT_NOT_FOUND, 1 4040001, 1 HTTP_422'],
    ]],
    ['a refused token or organisation: fix the config', [['failed', 'AUTH_FAILED', 1], ['failed', '4030001', 1]], [[FIX_CONFIG, '2', '1 4030001, 1 AUTH_FAILED']]],
    ['all three: what to fix first, the retry last', [['failed', 'HTTP_502', 2], ['failed', 'AUTH_FAILED', 1], ['failed', 'CONTACT_NOT_FOUND', 1], ['ok', '', 9]], [
      [FIX_DATA, '1', '1 CONTACT_NOT_FOUND'],
      [FIX_CONFIG, '1', '1 AUTH_FAILED'],
      [RETRY, '2', '2 HTTP_502'],
    ]],
  ] as const)('%s', (_name, rows, expected) => {
    const advice = nextStepAdvice(tallyOf(rows), WORDS);
    expect(advice).toHaveLength(expected.length);
    expected.forEach(([pattern, count, codes], i) => {
      const match = pattern.exec(advice[i] ?? '');
      expect(match?.slice(1), advice[i]).toEqual([count, codes]);
    });
    // The resume command only on the retry line.
    for (const line of advice) expect(line.includes(RESUME)).toBe(RETRY.test(line));
  });

  it('says "row" for one', () => {
    expect(nextStepAdvice(tallyOf([['failed', 'TIMEOUT', 1]]), WORDS)).toEqual([
      `  To retry the 1 row that failed for a reason another try can fix (1 TIMEOUT): ${RESUME}`,
    ]);
  });
});
