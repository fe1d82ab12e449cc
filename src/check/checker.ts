import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkRecord, type CheckedRecord, type CheckOptions, type HeaderMapping, type MapHeaderOptions } from '../contacts/index.js';
import type { InputRecord } from '../io/input-record.js';
import type { TextSlice } from '../io/text-slices.js';
import { checkSlice, sliceContext, type CheckedSlice } from './check-slice.js';

/** What a worker needs to check records the way the main thread would. Plain data: it crosses threads. */
export interface CheckerSetup {
  header: string[];
  overrides: Record<string, string>;
  /** As the main thread mapped the header (export requires only phone_number); absent means the defaults. */
  mapOptions?: MapHeaderOptions;
  checkOptions: CheckOptions;
  /** For slices: the input's delimiter, and whether records' cells come back (for a rejects file). */
  delimiter: string;
  keepFields: boolean;
}

/** Checks batches of records: on this thread, or spread over worker threads (phone validation is the costly part). */
export interface Checker {
  check(records: InputRecord[]): CheckedRecord[] | Promise<CheckedRecord[]>;
  /** Parses and checks a slice of the input's text (validate reads this way: the parsing is spread too). */
  checkSlice(slice: TextSlice): Promise<CheckedSlice>;
  /** How many batches may usefully be in flight at once. */
  readonly parallelism: number;
  /** Records per batch: large enough to amortise a hand-off, small enough not to hold up the event loop. */
  readonly batchSize: number;
  /** Worker threads checking now (0: all on the main thread). */
  readonly threads: number;
  close(): Promise<void>;
}

/** Inputs smaller than this are checked on the main thread: starting workers would cost more than it saves. */
export const WORKERS_FROM_BYTES = 2 * 1024 * 1024;

/** The default number of workers: one per core, at most 4 (the main thread still parses and writes). */
export function defaultWorkerCount(): number {
  return Math.min(4, availableParallelism());
}

/**
 * On the main thread a batch runs in one go (~35 µs a record): 64 records keep each turn near 2 ms, so answers
 * from the API are not left waiting behind validation (512 cost an import ~5% of its rate at 50 ms latency).
 */
const INLINE_BATCH = 64;
/** Across threads each hand-off costs a message both ways: bigger batches. */
const WORKER_BATCH = 512;

export function inlineChecker(mapping: HeaderMapping, setup: CheckerSetup): Checker {
  const context = sliceContext(mapping, setup);
  return {
    check: (records) => records.map((record) => checkRecord(record, mapping, context.headerLength, setup.checkOptions)),
    checkSlice: (slice) => checkSlice(slice, context),
    parallelism: 1,
    batchSize: INLINE_BATCH,
    threads: 0,
    close: () => Promise.resolve(),
  };
}

/** Under vitest the sources are .ts; workers run the built JavaScript (npm test builds first). */
function workerScript(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../../dist/check/check-worker.js', here) : new URL('./check-worker.js', here);
}

const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 48 };

interface Pending {
  resolve: (answer: CheckedRecord[] | CheckedSlice) => void;
  reject: (error: Error) => void;
}

/** What a worker is asked: a batch of parsed records, or a slice of text to parse and check. */
export type WorkerRequest = { id: number; records: InputRecord[] } | { id: number; slice: TextSlice };
export interface WorkerAnswer {
  id: number;
  answer: CheckedRecord[] | CheckedSlice;
}

export function workerChecker(setup: CheckerSetup, count: number): Checker {
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let failure: Error | undefined;
  const workers = Array.from({ length: count }, () => {
    // Their garbage is short-lived batches: a small young generation keeps each worker's footprint near its live data.
    const worker = new Worker(workerScript(), { workerData: setup, resourceLimits: WORKER_LIMITS });
    worker.on('message', (message: WorkerAnswer) => {
      pending.get(message.id)?.resolve(message.answer);
      pending.delete(message.id);
    });
    worker.on('error', (error) => {
      failure = new Error(`a validation worker failed: ${error.message}`, { cause: error });
      for (const waiting of pending.values()) waiting.reject(failure);
      pending.clear();
    });
    return worker;
  });
  const ask = <T extends CheckedRecord[] | CheckedSlice>(request: (id: number) => WorkerRequest): Promise<T> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    const worker = workers[id % workers.length]!;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (answer: CheckedRecord[] | CheckedSlice) => void, reject });
      worker.postMessage(request(id));
    });
  };
  return {
    parallelism: count * 2,
    batchSize: WORKER_BATCH,
    threads: count,
    check: (records) => ask<CheckedRecord[]>((id) => ({ id, records })),
    checkSlice: (slice) => ask<CheckedSlice>((id) => ({ id, slice })),
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/**
 * For slices of an input whose size is unknown (standard input): checks them on this thread until `fromBytes` of
 * text have come, then starts `count` workers for the rest. A short pipe pays for no thread; a long one gets them.
 */
export function growingChecker(mapping: HeaderMapping, setup: CheckerSetup, count: number, fromBytes = WORKERS_FROM_BYTES): Checker {
  const inline = inlineChecker(mapping, setup);
  let workers: Checker | undefined;
  let seen = 0;
  return {
    check: (records) => (workers ?? inline).check(records),
    checkSlice(slice) {
      seen += slice.text.length;
      if (workers === undefined && seen >= fromBytes) workers = workerChecker(setup, count);
      return (workers ?? inline).checkSlice(slice);
    },
    // The window is sized for the workers from the start: until they come, the slices in it wait their turn here.
    parallelism: count * 2,
    batchSize: inline.batchSize,
    get threads() {
      return workers?.threads ?? 0;
    },
    close: () => workers?.close() ?? Promise.resolve(),
  };
}
