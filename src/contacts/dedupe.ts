import type { InputRecord } from '../io/input-record.js';
import { RowIndex } from './row-index.js';
import type { RowIssue } from './row-issue.js';

/**
 * De-duplication by crm_id (trimmed, exact match) over every row with a non-empty crm_id, whatever its
 * other problems: simple and predictable. `first`: the earliest occurrence in the file wins; `last`: the
 * latest occurrence in the file wins; `off`: nothing is a duplicate.
 */
export type DedupePolicy = 'first' | 'last' | 'off';

export interface Deduper {
  /** returns the row number this one duplicates, or undefined if it is kept */
  check(crmId: string, row: number): number | undefined;
}

/** Row numbers by crm_id: a RowIndex, or any Map in tests. */
export interface RowLookup {
  get(crmId: string): number | undefined;
}

export function createDeduper(policy: DedupePolicy, lastOccurrences?: RowLookup): Deduper {
  switch (policy) {
    case 'off':
      return { check: () => undefined };
    case 'first': {
      // Memory: one compact entry (~50 bytes) per distinct crm_id in the file.
      const firstRow = new RowIndex();
      return {
        check(crmId, row) {
          if (crmId === '') return undefined;
          const kept = firstRow.get(crmId);
          if (kept === undefined) firstRow.set(crmId, row);
          return kept;
        },
      };
    }
    case 'last': {
      if (lastOccurrences === undefined) throw new TypeError('--dedupe last needs the last occurrences (findLastOccurrences) first');
      const last = lastOccurrences;
      return {
        check(crmId, row) {
          const kept = crmId === '' ? undefined : last.get(crmId);
          return kept === undefined || kept === row ? undefined : kept;
        },
      };
    }
  }
}

/**
 * The pre-pass for `last`: each trimmed crm_id's last row. Memory: one compact entry per distinct crm_id.
 * `readCell` is the mapping's, so the keys are the crm_ids the checker will see (this tool's files unescaped).
 */
export async function findLastOccurrences(
  records: AsyncIterable<InputRecord>,
  crmIdIndex: number,
  readCell: (cell: string) => string = (cell) => cell,
): Promise<RowIndex> {
  const last = new RowIndex();
  for await (const record of records) {
    const cell = record.fields[crmIdIndex];
    const crmId = cell === undefined ? undefined : readCell(cell).trim();
    if (crmId) last.set(crmId, record.row);
  }
  return last;
}

export function duplicateIssue(keptRow: number, policy: DedupePolicy): RowIssue {
  const reason =
    policy === 'last'
      ? `is superseded by row ${keptRow} (--dedupe last keeps the last)`
      : `already appears in row ${keptRow} (--dedupe first keeps the first)`;
  return { code: 'DUPLICATE_CRM_ID', field: 'crm_id', reason };
}
