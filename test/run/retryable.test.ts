import { describe, expect, it } from 'vitest';
import { isRetryable, remedyFor } from '../../src/run/retryable.js';

/** Another try only for causes that pass; for the rest, say what to fix. */
describe('remedyFor', () => {
  it.each([
    ['NETWORK_ERROR', 'retry'],
    ['TIMEOUT', 'retry'],
    ['RATE_LIMITED', 'retry'],
    ['ABORTED', 'retry'],
    ['UNEXPECTED_RESPONSE', 'retry'],
    ['HTTP_500', 'retry'],
    ['HTTP_502', 'retry'],
    ['HTTP_503', 'retry'],
    ['HTTP_504', 'retry'],
    ['HTTP_408', 'retry'],
    ['HTTP_429', 'retry'],
    ['HTTP_301', 'retry'],
    ['HTTP_302', 'retry'],
    ['HTTP_307', 'retry'],
    ['5000001', 'retry'],
    ['4290001', 'retry'],
    ['AUTH_FAILED', 'fix-config'],
    ['HTTP_401', 'fix-config'],
    ['HTTP_403', 'fix-config'],
    ['4030001', 'fix-config'],
    ['CONTACT_NOT_FOUND', 'fix-data'],
    ['ID_INVALID', 'fix-data'],
    ['4040001', 'fix-data'],
    ['4090001', 'fix-data'],
    ['4220001', 'fix-data'],
    ['HTTP_400', 'fix-data'],
    ['HTTP_404', 'fix-data'],
    ['HTTP_409', 'fix-data'],
    ['HTTP_422', 'fix-data'],
    ['PHONE_INVALID', 'fix-data'],
    ['DUPLICATE_CRM_ID', 'fix-data'],
    ['INTERNAL_ERROR', 'fix-data'],
    ['42', 'fix-data'],
    ['50000001', 'fix-data'],
  ] as const)('%s -> %s', (code, remedy) => {
    expect(remedyFor(code)).toBe(remedy);
    expect(isRetryable(code)).toBe(remedy === 'retry');
  });
});
