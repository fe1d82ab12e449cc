import { describe, expect, it } from 'vitest';
import { belongsInRejects } from '../../src/run/outputs.js';
import type { RowStatus } from '../../src/io/result-row.js';

/** Which results rows the rejects file takes: not ok, and duplicates (invalid ones too) only when asked. */
describe('belongsInRejects', () => {
  it.each<[RowStatus, string, boolean, boolean]>([
    ['ok', '', false, false],
    ['ok', '', true, false],
    ['invalid', 'PHONE_INVALID', false, true],
    ['failed', '4040001', false, true],
    ['skipped', 'ABORTED', false, true],
    ['skipped', '', false, true],
    ['duplicate', 'DUPLICATE_CRM_ID', false, false],
    ['duplicate', 'DUPLICATE_CRM_ID', true, true],
    ['invalid', 'PHONE_INVALID;DUPLICATE_CRM_ID', false, false],
    ['invalid', 'PHONE_INVALID;DUPLICATE_CRM_ID', true, true],
    ['failed', 'DUPLICATE_CRM_ID_FROM_API', false, true],
  ])('%s %j, include duplicates %s: %s', (status, code, includeDuplicates, expected) => {
    expect(belongsInRejects({ status, error_code: code }, includeDuplicates)).toBe(expected);
  });
});
