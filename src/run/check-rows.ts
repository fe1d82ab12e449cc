import type { InputRecord } from '../io/input-record.js';
import type { TextSlice } from '../io/text-slices.js';
import type { Truncation } from '../io/index.js';
import { duplicateIssue, type CheckedRecord, type DedupePolicy, type Deduper } from '../contacts/index.js';
import type { CheckedSlice } from '../check/check-slice.js';
import type { Checker } from '../check/checker.js';
import { mapInOrder } from './ordered-window.js';
import type { PreparedInput } from './prepare-input.js';

/** One input record after validation and de-duplication: what every command decides from. */
export interface RowVerdict<Settled = unknown> {
  record: InputRecord;
  checked: CheckedRecord;
  /** Set when the row is valid but another row with its crm_id is kept instead. */
  duplicateOf: number | undefined;
  /** What the command's Settle found for a record it answered without a check; the record is valid, without a contact. */
  settled?: Settled;
}

/**
 * A command's way to answer a record without checking it (import: a row unchanged since SalesChat confirmed it):
 * its crm_id and phone as a check would give them, and what the command needs; undefined leaves it to the checker.
 */
export type Settle<Settled> = (record: InputRecord) => { crmId: string; phone: string; settled: Settled } | undefined;

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
function verdictFor(record: InputRecord, checked: CheckedRecord, deduper: Deduper, policy: DedupePolicy): RowVerdict<never> {
  const keptRow = checked.crmId === '' ? undefined : deduper.check(checked.crmId, record.row);
  if (keptRow !== undefined && checked.issues.length > 0) {
    // An invalid row that is also a duplicate lists both problems; it is 'invalid' either way.
    checked.issues.push(duplicateIssue(keptRow, policy));
    return { record, checked, duplicateOf: undefined };
  }
  return { record, checked, duplicateOf: keptRow };
}

type Early<Settled> = ReturnType<Settle<Settled>>;

/** The checker's answers for the records `settle` left, merged back between the settled ones, in input order. */
function merged<Settled>(records: InputRecord[], early: Early<Settled>[], checked: CheckedRecord[]): { checked: CheckedRecord; settled?: Settled }[] {
  let next = 0;
  return records.map((record, i) => {
    const answer = early[i];
    if (answer === undefined) return { checked: checked[next++]! };
    return { checked: { row: record.row, crmId: answer.crmId, phone: answer.phone, issues: [] }, settled: answer.settled };
  });
}

/** One batch: the records `settle` answers, and the rest through the checker (not called when none is left). */
function checkBatch<Settled>(records: InputRecord[], checker: Checker, settle: Settle<Settled> | undefined) {
  if (settle === undefined) {
    const checked = checker.check(records);
    const pair = (list: CheckedRecord[]) => ({ records, answers: list.map((one): { checked: CheckedRecord; settled?: Settled } => ({ checked: one })) });
    return checked instanceof Promise ? checked.then(pair) : pair(checked);
  }
  const early = records.map(settle);
  const rest = records.filter((_, i) => early[i] === undefined);
  const checked = rest.length === 0 ? [] : checker.check(rest);
  const pair = (list: CheckedRecord[]) => ({ records, answers: merged(records, early, list) });
  return checked instanceof Promise ? checked.then(pair) : pair(checked);
}

/**
 * Records in, verdicts out, in input order, a batch at a time (the checker's size): per-record hand-offs between
 * stages and threads cost more than the work. One verdict per record. `settle` may answer records first, unchecked.
 */
export async function* checkBatches<Settled = never>(input: PreparedInput, policy: DedupePolicy, checker: Checker, settle?: Settle<Settled>): AsyncGenerator<RowVerdict<Settled>[]> {
  const checkedBatches = mapInOrder(inBatches(input.source.records, checker.batchSize), (records) => checkBatch(records, checker, settle), {
    concurrency: checker.parallelism,
    maxBuffered: checker.parallelism * 2,
  });
  for await (const { records, answers } of checkedBatches) {
    yield records.map((record, i) => {
      const { checked, settled } = answers[i]!;
      const verdict: RowVerdict<Settled> = verdictFor(record, checked, input.deduper, policy);
      if (settled !== undefined) verdict.settled = settled;
      return verdict;
    });
  }
}

/** The same verdicts one at a time, for stages that work row by row (import, export). */
export async function* checkRows<Settled = never>(input: PreparedInput, policy: DedupePolicy, checker: Checker, settle?: Settle<Settled>): AsyncGenerator<RowVerdict<Settled>> {
  for await (const batch of checkBatches(input, policy, checker, settle)) yield* batch;
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
