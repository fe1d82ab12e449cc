import { describe, expect, it } from 'vitest';
import type { ResultRow } from '../../src/io/result-row.js';
import type { ExportRow } from '../../src/export/export-row.js';
import { ExportTally } from '../../src/export/export-tally.js';
import { CodeCounts, RunTally, Tally } from '../../src/run/tally.js';

function row(status: ResultRow['status'], error_code = '', action: ResultRow['action'] = 'none'): ResultRow {
  return {
    row: 1, crm_id: 'C', phone_number: '+14155552671', status, action, contact_id: '', disposition: '', assign: '',
    http_status: '', error_code, error_message: '', attempts: 0, line: 2,
  };
}

function exportRow(status: ExportRow['status'], error_code = ''): ExportRow {
  return {
    phone_number: '+14155552671', id: '', crm_id: '', first_name: '', last_name: '', opt_in_date: '', create_date: '',
    is_expired: '', expiry_ts: '', status, error_code, error_message: '',
  };
}

describe('CodeCounts', () => {
  it.each([
    ['nothing for an empty code', [''], []],
    ['one code', ['PHONE_INVALID'], [['PHONE_INVALID', 1]]],
    ['most frequent first', ['HTTP_503', 'PHONE_INVALID', 'PHONE_INVALID'], [['PHONE_INVALID', 2], ['HTTP_503', 1]]],
    ['a tie in code order', ['TIMEOUT', 'AUTH_FAILED', 'CONTACT_NOT_FOUND'], [['AUTH_FAILED', 1], ['CONTACT_NOT_FOUND', 1], ['TIMEOUT', 1]]],
    ['a row with several codes counts once under each', ['REQUIRED;PHONE_INVALID', 'PHONE_INVALID'], [['PHONE_INVALID', 2], ['REQUIRED', 1]]],
    ['a code a row lists twice counts once', ['REQUIRED;REQUIRED;REQUIRED'], [['REQUIRED', 1]]],
  ])('%s', (_name, codes, sorted) => {
    const counts = new CodeCounts();
    for (const code of codes) counts.add(code);
    expect(counts.sorted()).toEqual(sorted);
    expect(counts.size).toBe(sorted.length);
    expect(counts.toJSON()).toEqual(Object.fromEntries(sorted));
  });
});

describe('Tally', () => {
  it('counts rows by status, action and error_code; failureCodes only for rows tried and not finished', () => {
    const tally = new Tally();
    for (const each of [
      row('ok', '', 'created'),
      row('invalid', 'PHONE_INVALID;REQUIRED'),
      row('invalid', 'PHONE_INVALID'),
      row('duplicate', 'DUPLICATE_CRM_ID'),
      row('failed', 'CONTACT_NOT_FOUND'),
      row('failed', 'HTTP_503', 'created'),
      row('skipped', 'ABORTED'),
      row('skipped'),
    ]) {
      tally.add(each);
    }
    expect(tally.rows).toBe(8);
    expect(tally.byStatus).toEqual({ ok: 1, invalid: 2, duplicate: 1, failed: 2, skipped: 2 });
    expect(tally.byAction).toEqual({ created: 2, updated: 0, exists: 0, unchanged: 0, none: 6 });
    expect(tally.errorCodes.toJSON()).toEqual({ PHONE_INVALID: 2, REQUIRED: 1, DUPLICATE_CRM_ID: 1, CONTACT_NOT_FOUND: 1, HTTP_503: 1, ABORTED: 1 });
    expect(tally.failureCodes.sorted()).toEqual([['ABORTED', 1], ['CONTACT_NOT_FOUND', 1], ['HTTP_503', 1]]);
    expect(tally.allOk()).toBe(false);
  });

  it('starts its clocks when made', () => {
    const before = Date.now();
    const tally = new Tally();
    expect(tally.startTime.getTime()).toBeGreaterThanOrEqual(before);
    expect(tally.startTime.getTime()).toBeLessThanOrEqual(Date.now());
    expect(tally.elapsedSeconds()).toBeGreaterThanOrEqual(0);
  });
});

describe('ExportTally', () => {
  it('is a RunTally, with export\'s own statuses', () => {
    const tally = new ExportTally();
    expect(tally).toBeInstanceOf(RunTally);
    expect(tally.byStatus).toEqual({ found: 0, not_found: 0, invalid: 0, failed: 0 });
  });

  it.each([
    ['every row found or not_found is ok', [['found', ''], ['not_found', '']], true, {}, {}],
    ['an invalid phone is not ok, and not a failure', [['found', ''], ['invalid', 'PHONE_INVALID']], false, { PHONE_INVALID: 1 }, {}],
    ['a failed look-up is not ok, and a failure', [['not_found', ''], ['failed', 'TIMEOUT']], false, { TIMEOUT: 1 }, { TIMEOUT: 1 }],
  ] as const)('%s', (_name, rows, ok, errorCodes, failureCodes) => {
    const tally = new ExportTally();
    for (const [status, code] of rows) tally.count(exportRow(status, code));
    expect(tally.allOk()).toBe(ok);
    expect(tally.errorCodes.toJSON()).toEqual(errorCodes);
    expect(tally.failureCodes.toJSON()).toEqual(failureCodes);
  });

  it('counts rows by its statuses and by error_code', () => {
    const tally = new ExportTally();
    for (const each of [exportRow('found'), exportRow('found'), exportRow('not_found'), exportRow('invalid', 'PHONE_INVALID'), exportRow('failed', 'TIMEOUT')]) {
      tally.count(each);
    }
    expect(tally.rows).toBe(5);
    expect(tally.byStatus).toEqual({ found: 2, not_found: 1, invalid: 1, failed: 1 });
    expect(tally.byAction).toEqual({ created: 0, updated: 0, exists: 0, unchanged: 0, none: 0 });
    expect(tally.errorCodes.toJSON()).toEqual({ PHONE_INVALID: 1, TIMEOUT: 1 });
    expect(tally.failureCodes.toJSON()).toEqual({ TIMEOUT: 1 });
  });
});
