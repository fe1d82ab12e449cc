import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { checkRecord, describeIssues } from '../../src/contacts/check-record.js';
import { createDeduper, duplicateIssue, findLastOccurrences } from '../../src/contacts/dedupe.js';
import type { DedupePolicy } from '../../src/contacts/dedupe.js';
import { mapHeader } from '../../src/contacts/header-map.js';
import type { InputRecord } from '../../src/io/input-record.js';

// Rows 1-6 of a file; row 3 is invalid (bad phone) but still claims A, row 5 has no crm_id.
const HEADER = ['crm_id', 'phone_number', 'opt_in_date'];
const FIELDS = [
  ['A', '+14155552671', '2024-01-15'],
  ['B', '+14155552672', '2024-01-15'],
  [' A ', 'not a phone', '2024-01-15'],
  ['C', '+14155552673', '2024-01-15'],
  ['', '+14155552674', '2024-01-15'],
  ['A', '+14155552675', '2024-01-15'],
];
const RECORDS: InputRecord[] = FIELDS.map((fields, i) => ({ row: i + 1, line: i + 2, fields }));

/** Records as the CSV reader hands them over: an async iterable. */
const stream = (records: InputRecord[]): AsyncIterable<InputRecord> => Readable.from(records);

/** What the deduper says of each row, in file order, as the pipeline would ask it. */
async function verdicts(policy: DedupePolicy): Promise<(number | undefined)[]> {
  const mapping = mapHeader(HEADER);
  const last = policy === 'last' ? await findLastOccurrences(stream(RECORDS), 0) : undefined;
  const deduper = createDeduper(policy, last);
  return RECORDS.map((record) => deduper.check(checkRecord(record, mapping, HEADER.length, {}).crmId, record.row));
}

describe('de-duplication by crm_id', () => {
  it.each<[DedupePolicy, (number | undefined)[]]>([
    ['first', [undefined, undefined, 1, undefined, undefined, 1]],
    ['last', [6, undefined, 6, undefined, undefined, undefined]],
    ['off', [undefined, undefined, undefined, undefined, undefined, undefined]],
  ])('--dedupe %s: the row each duplicates (undefined = kept)', async (policy, expected) => {
    expect(await verdicts(policy)).toEqual(expected);
  });

  it('the pre-pass records the last row of each trimmed crm_id, skipping empty ones', async () => {
    const last = await findLastOccurrences(stream(RECORDS), 0);
    expect([last.get('A'), last.get('B'), last.get('C'), last.get(''), last.size]).toEqual([6, 2, 4, undefined, 3]);
  });

  it('--dedupe last without the pre-pass is a programming error', () => {
    expect(() => createDeduper('last')).toThrow(TypeError);
  });
});

describe('duplicateIssue', () => {
  it.each<[DedupePolicy, number, string]>([
    ['first', 12, 'already appears in row 12 (--dedupe first keeps the first)'],
    ['last', 40, 'is superseded by row 40 (--dedupe last keeps the last)'],
  ])('--dedupe %s, kept row %i: %s', (policy, kept, reason) => {
    expect(duplicateIssue(kept, policy)).toEqual({ code: 'DUPLICATE_CRM_ID', field: 'crm_id', reason });
  });

  it('reads as a message on the crm_id column as the file spells it', () => {
    expect(describeIssues([duplicateIssue(3, 'first')], mapHeader(['CRM ID', 'Phone', 'phone number', 'opt_in_date'], { phone_number: 'Phone' }))).toEqual({
      code: 'DUPLICATE_CRM_ID',
      message: 'column "CRM ID": already appears in row 3 (--dedupe first keeps the first)',
    });
  });
});
