import type { InputRecord } from '../csv/input-record.js';
import { duplicateIssue, type CheckedRecord, type DedupePolicy, type Deduper } from '../contacts/index.js';
import type { Checker } from './checker.js';
import { mapInOrder } from './ordered-window.js';
import type { PreparedInput } from './prepare-input.js';

/** One input record after validation and de-duplication: what every command decides from. */
export interface RowVerdict {
  record: InputRecord;
  checked: CheckedRecord;
  /** Set when the row is valid but another row with its crm_id is kept instead. */
  duplicateOf: number | undefined;
}

async function* inBatches<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** De-duplication runs here, on one thread and in input order, after the (possibly parallel) checks. */
function verdictFor(record: InputRecord, checked: CheckedRecord, deduper: Deduper, policy: DedupePolicy): RowVerdict {
  const keptRow = checked.crmId === '' ? undefined : deduper.check(checked.crmId, record.row);
  if (keptRow !== undefined && checked.issues.length > 0) {
    // An invalid row that is also a duplicate lists both problems; it is 'invalid' either way.
    checked.issues.push(duplicateIssue(keptRow, policy));
    return { record, checked, duplicateOf: undefined };
  }
  return { record, checked, duplicateOf: keptRow };
}

/**
 * Records in, verdicts out, in input order, a batch at a time (the checker's size): per-record hand-offs between
 * stages and threads cost more than the work. One verdict per record.
 */
export async function* checkBatches(input: PreparedInput, policy: DedupePolicy, checker: Checker): AsyncGenerator<RowVerdict[]> {
  const checkedBatches = mapInOrder(
    inBatches(input.source.records, checker.batchSize),
    (records) => {
      const checked = checker.check(records);
      return checked instanceof Promise ? checked.then((list) => ({ records, checked: list })) : { records, checked };
    },
    { concurrency: checker.parallelism, maxBuffered: checker.parallelism * 2 },
  );
  for await (const { records, checked } of checkedBatches) {
    yield records.map((record, i) => verdictFor(record, checked[i]!, input.deduper, policy));
  }
}

/** The same verdicts one at a time, for stages that work row by row (import, export). */
export async function* checkRows(input: PreparedInput, policy: DedupePolicy, checker: Checker): AsyncGenerator<RowVerdict> {
  for await (const batch of checkBatches(input, policy, checker)) yield* batch;
}
