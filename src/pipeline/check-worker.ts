import { parentPort, workerData } from 'node:worker_threads';
import { checkRecord, mapHeader, type CheckedRecord } from '../contacts/index.js';
import type { InputRecord } from '../csv/input-record.js';
import type { CheckerSetup } from './checker.js';

/** A validation worker: batches of records in, checked records out, in the same order. */
const setup = workerData as CheckerSetup;
const mapping = mapHeader(setup.header, setup.overrides, setup.mapOptions);
const headerLength = setup.header.length;

parentPort?.on('message', (message: { id: number; records: InputRecord[] }) => {
  const checked: CheckedRecord[] = message.records.map((record) => checkRecord(record, mapping, headerLength, setup.checkOptions));
  parentPort?.postMessage({ id: message.id, checked });
});
