import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { fileSystemError } from './csv-file-error.js';

/**
 * Creates (or truncates) `path` for writing. Opening synchronously makes a bad path (missing folder, no permission)
 * a CsvFileError from the call itself, before any row is processed, instead of an 'error' event later.
 */
export function openOutputFile(path: string): WriteStream {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    throw fileSystemError(err, path, 'write');
  }
  return createWriteStream(path, { fd });
}
