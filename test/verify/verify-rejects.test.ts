import { describe, expect, it } from 'vitest';
import { belongsInVerifyRejects } from '../../src/verify/verify-outputs.js';
import type { VerifyStatus } from '../../src/verify/verify-row.js';

describe('which rows verify writes to --rejects', () => {
  it.each<[VerifyStatus, string, boolean, boolean]>([
    ['match', '', false, false],
    ['differs', 'CONTACT_DIFFERS', false, true],
    ['missing', 'CONTACT_NOT_FOUND', false, true],
    ['failed', 'HTTP_500', false, true],
    ['skipped', 'ABORTED', false, true],
    ['invalid', 'PHONE_INVALID', false, true],
    ['duplicate', 'DUPLICATE_CRM_ID', false, false],
    ['duplicate', 'DUPLICATE_CRM_ID', true, true],
    ['invalid', 'PHONE_INVALID;DUPLICATE_CRM_ID', false, false],
  ])('%s (%s), --rejects-include-duplicates %s -> %s', (status, code, includeDuplicates, rejected) => {
    expect(belongsInVerifyRejects({ status, error_code: code }, includeDuplicates)).toBe(rejected);
  });
});
