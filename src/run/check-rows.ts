import type { InputRecord } from '../io/input-record.js';
import type { TextSlice } from '../io/text-slices.js';
import type { Truncation } from '../io/index.js';
import { duplicateIssue, type CheckedRecord, type DedupePolicy, type Deduper } from '../contacts/index.js';
import type { CheckedSlice } from '../check/check-slice.js';
import type { Checker } from '../check/checker.js';
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

/**
 * 128 KiB: about 2,500 rows of a typical file, under 0.1 s of a thread's work. Larger slices were no faster and held
 * more records at once (1 MiB: +90 MB RSS on 1M rows); smaller ones let an interrupt stop sooner but cost hand-offs.
 */
export const SLICE_SIZE = 128 * 1024;

function joinSlices(head: TextSlice, tail: TextSlice): TextSlice {
  const text = typeof head.text === 'string' ? head.text + String(tail.text) : Buffer.concat([head.text, tail.text as Buffer]);
  return { text, firstLine: head.firstLine, first: head.first, last: tail.last };
}

/** Where a slice's last record stopped the reading, in the words the parser gave it. */
function stopOf(answer: CheckedSlice): Truncation {
  const index = answer.count - 1;
  const malformed = answer.invalid.find((entry) => entry.index === index)?.issues.find((issue) => issue.code === 'CSV_MALFORMED');
  return { line: answer.lines[index] ?? 1, reason: malformed?.reason.replace(/^could not be read as CSV: /, '') ?? 'the rest of the input could not be read' };
}

/** Cells of a record whose cells stayed on the worker (no rejects file asked for). */
const NOT_KEPT: string[] = [];

function sliceVerdicts(answer: CheckedSlice, firstRow: number, input: PreparedInput, policy: DedupePolicy): RowVerdict[] {
  const verdicts: RowVerdict[] = [];
  let invalid = 0;
  for (let i = 0; i < answer.count; i++) {
    const row = firstRow + i;
    const record: InputRecord = { row, line: answer.lines[i]!, fields: answer.fields?.[i] ?? NOT_KEPT };
    const issues = answer.invalid[invalid]?.index === i ? answer.invalid[invalid++]!.issues : [];
    const checked: CheckedRecord = { row, crmId: answer.crmIds[i]!, phone: answer.phones[i]!, issues };
    verdicts.push(verdictFor(record, checked, input.deduper, policy));
  }
  return verdicts;
}

/**
 * The same verdicts from an input opened with readAs `slices`: the checker parses the slices too, several at a
 * time, and rows are numbered here, in order. A slice cut inside a quoted field (or holding only the blank lines
 * before the header) is parsed again joined to the next one, so records come out exactly as one parser reading
 * the whole input would give them.
 */
export async function* checkSlices(input: PreparedInput, policy: DedupePolicy, checker: Checker, sliceSize = SLICE_SIZE): AsyncGenerator<RowVerdict[]> {
  const answers = mapInOrder(
    input.source.slices(sliceSize),
    (slice) => checker.checkSlice(slice).then((answer) => ({ slice, answer })),
    { concurrency: checker.parallelism, maxBuffered: checker.parallelism * 2 },
  );
  let row = 1;
  let cutOff: TextSlice | undefined;
  for await (const parsed of answers) {
    let { slice, answer } = parsed;
    if (cutOff !== undefined) {
      slice = joinSlices(cutOff, slice);
      answer = await checker.checkSlice(slice);
      cutOff = undefined;
    }
    // Cut inside a quoted field, or blank lines before the header: the rest is in the next slice.
    if ((answer.endedInQuote || (slice.first && !answer.headerFound)) && !slice.last) {
      cutOff = slice;
      continue;
    }
    yield sliceVerdicts(answer, row, input, policy);
    row += answer.count;
    // A runaway quote or record: as when reading record by record, nothing after it is read, and the run says so.
    if (answer.gaveUp || answer.endedInQuote) {
      input.source.stoppedAt(stopOf(answer));
      return;
    }
  }
}
