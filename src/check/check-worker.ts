import { parentPort, workerData } from 'node:worker_threads';
import { checkRecord, mapHeader } from '../contacts/index.js';
import { checkSlice, sliceContext } from './check-slice.js';
import type { CheckerSetup, WorkerAnswer, WorkerRequest } from './checker.js';

/** A validation worker: batches of records, or slices of text, in; checked records out, in the same order. */
const setup = workerData as CheckerSetup;
const mapping = mapHeader(setup.header, setup.overrides, setup.mapOptions);
const context = sliceContext(mapping, setup);

async function answer(request: WorkerRequest): Promise<WorkerAnswer> {
  if ('records' in request) {
    return { id: request.id, answer: request.records.map((record) => checkRecord(record, mapping, context.headerLength, setup.checkOptions)) };
  }
  return { id: request.id, answer: await checkSlice(request.slice, context) };
}

// A failure is left unhandled on purpose: it ends the worker, and the main thread sees it as the worker's 'error'.
parentPort?.on('message', (request: WorkerRequest) => {
  void answer(request).then((message) => parentPort?.postMessage(message));
});
