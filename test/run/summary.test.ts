import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ResultRow } from '../../src/io/result-row.js';
import { formatSummary, summaryJson } from '../../src/run/summary.js';
import { Tally } from '../../src/run/tally.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const FILES = { input: 'in.csv', results: 'in.results.csv' };

function row(status: ResultRow['status'], error_code = ''): ResultRow {
  return {
    row: 1, crm_id: 'C', phone_number: '+14155552671', status, action: status === 'ok' ? 'created' : 'none', contact_id: '',
    disposition: '', assign: '', http_status: '', error_code, error_message: '', attempts: 1, line: 2,
  };
}

/** A tally of `count` rows for each [status, error_code]. */
function tallyOf(rows: readonly (readonly [ResultRow['status'], string, number])[]): Tally {
  const tally = new Tally();
  for (const [status, code, count] of rows) for (let i = 0; i < count; i += 1) tally.add(row(status, code));
  return tally;
}

const summary = (tally: Tally) => formatSummary({ command: 'import', tally, files: FILES, outcome: 'finished' });

describe('formatSummary: the errors line', () => {
  it.each([
    ['no line when no row has a code', [['ok', '', 3]], undefined],
    [
      'rows by code, most frequent first',
      [['invalid', 'PHONE_INVALID', 12], ['failed', 'HTTP_503', 1], ['failed', 'CONTACT_NOT_FOUND', 3], ['ok', '', 5]],
      '  errors: 12 PHONE_INVALID, 3 CONTACT_NOT_FOUND, 1 HTTP_503.',
    ],
    ['a tie in code order', [['failed', 'TIMEOUT', 2], ['failed', 'AUTH_FAILED', 2]], '  errors: 2 AUTH_FAILED, 2 TIMEOUT.'],
    ['a row with several codes counts under each', [['invalid', 'REQUIRED;PHONE_INVALID', 2], ['invalid', 'PHONE_INVALID', 1]], '  errors: 3 PHONE_INVALID, 2 REQUIRED.'],
    ['thousands grouped', [['invalid', 'DATE_INVALID', 1_234]], '  errors: 1,234 DATE_INVALID.'],
    [
      'eight codes at most, then how many more',
      ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'].map((code, i) => ['failed', `CODE_${code}`, 10 - i] as const),
      '  errors: 10 CODE_A, 9 CODE_B, 8 CODE_C, 7 CODE_D, 6 CODE_E, 5 CODE_F, 4 CODE_G, 3 CODE_H, 2 other codes.',
    ],
  ] as const)('%s', (_name, rows, line) => {
    const lines = summary(tallyOf(rows)).split('\n');
    const errors = lines.filter((each) => each.startsWith('  errors:'));
    expect(errors).toEqual(line === undefined ? [] : [line]);
    // Right under the status line it breaks down.
    if (line !== undefined) expect(lines.indexOf(line)).toBe(2);
  });
});

describe('summaryJson', () => {
  const tally = tallyOf([['ok', '', 2], ['invalid', 'PHONE_INVALID', 1], ['failed', 'HTTP_503', 1]]);
  const endedAt = new Date('2025-03-04T05:06:07.890Z');
  const json = summaryJson({ command: 'import', tally, files: { ...FILES, rejects: 'r.csv' }, outcome: 'finished' }, 1, endedAt);

  it('keeps every earlier field, in its place, and adds the new ones after them', () => {
    expect(Object.keys(json)).toEqual([
      'command', 'outcome', 'exit_code', 'rows', 'input_complete', 'input_stopped_at_line', 'input_stopped_reason', 'status', 'action',
      'requests', 'retries', 'rate_limited', 'duration_seconds', 'input', 'results', 'rejects',
      'started_at', 'ended_at', 'version', 'error_codes', 'unavailable',
    ]);
    expect(json).toMatchObject({
      command: 'import', outcome: 'finished', exit_code: 1, rows: 4, input_complete: true, input_stopped_at_line: null, input_stopped_reason: null,
      status: { ok: 2, invalid: 1, duplicate: 0, failed: 1, skipped: 0 }, action: { created: 2, updated: 0, exists: 0, none: 2 },
      requests: 0, retries: 0, rate_limited: 0, input: 'in.csv', results: 'in.results.csv', rejects: 'r.csv',
    });
  });

  it('says when the run started and ended (RFC 3339, UTC), with which version, and rows by error code', () => {
    expect(json.started_at).toBe(tally.startTime.toISOString());
    expect(json.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(json.ended_at).toBe('2025-03-04T05:06:07.890Z');
    expect(json.version).toBe(VERSION);
    expect(json.error_codes).toEqual({ PHONE_INVALID: 1, HTTP_503: 1 });
    expect(JSON.parse(JSON.stringify(json))).toMatchObject({ error_codes: { PHONE_INVALID: 1, HTTP_503: 1 } });
  });

  it('error_codes is an empty object when no row has a code', () => {
    const clean = summaryJson({ command: 'validate', tally: tallyOf([['ok', '', 1]]), files: FILES, outcome: 'finished' }, 0, endedAt);
    expect(JSON.parse(JSON.stringify(clean))).toMatchObject({ error_codes: {}, version: VERSION });
  });
});
