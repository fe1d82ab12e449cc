import { closeSync, constants, createWriteStream, fstatSync, ftruncateSync, openSync, type WriteStream } from 'node:fs';
import { UsageError } from '../errors.js';
import { fileSystemError } from './csv-file-error.js';
import { identityOfStats, type FileIdentity } from './file-identity.js';

export interface OpenOutputOptions {
  /** Files this output must never be (the input): checked on the opened file, before it is truncated. */
  protect?: ReadonlyMap<FileIdentity, string> | undefined;
}

/**
 * Creates (or truncates) `path` for writing. Opening synchronously makes a bad path (missing folder, no permission)
 * a CsvFileError from the call itself, before any row is processed, instead of an 'error' event later. The file is
 * opened without truncating, compared by device and inode with what it must not be, and only then emptied: a link
 * made to the input after the paths were checked still cannot destroy it.
 */
export function openOutputFile(path: string, options: OpenOutputOptions = {}): WriteStream {
  let fd: number;
  let regular: boolean | undefined;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT, 0o666);
  } catch (err) {
    throw fileSystemError(err, path, 'write');
  }
  try {
    const stats = fstatSync(fd);
    const clash = options.protect?.get(identityOfStats(stats));
    if (clash !== undefined) throw new UsageError(`Cannot write ${path}: it is ${clash} (through a link), which would be overwritten. Choose another path.`);
    // /dev/null, a terminal or a named pipe has nothing to empty.
    regular = stats.isFile();
    if (regular) ftruncateSync(fd, 0);
  } catch (err) {
    closeSync(fd);
    throw err instanceof UsageError ? err : fileSystemError(err, path, 'write');
  }
  // flush: the data reaches the disk before the file is closed, so a finished results file survives a power cut.
  return createWriteStream(path, { fd, flush: regular === true });
}
