import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { OutputError } from '../errors.js';
import { fileSystemError } from './csv-file-error.js';
import type { FileIdentity } from './file-identity.js';
import { openOutputFile } from './open-output.js';
import { csvLine, csvLines } from './csv-line.js';

export interface CsvRowWriter<T> {
  /** Writes one row; returns a promise only when the output needs draining, so a fast caller rarely awaits. */
  write(row: T): Promise<void> | void;
  /** Writes many rows as one chunk (the fast path for offline stages); same drain rule as write. */
  writeBatch(rows: readonly T[]): Promise<void> | void;
  /** Ends the output and waits until it is flushed (for a file: written and closed). */
  close(): Promise<void>;
  readonly rowsWritten: number;
  /** Rows handed to the operating system so far: they survive the process being killed. */
  readonly rowsFlushed: number;
}

export interface CsvWriterOptions {
  /** Field delimiter; default `,`. */
  delimiter?: string;
  /** Start with a UTF-8 byte-order mark (helps old Excel); default false. */
  bom?: boolean;
  /** For a Writable destination: end it on close(); default true. Pass false for process.stdout. */
  end?: boolean;
  /** For a path: files it must never be (the input), by identity, with how to name them. */
  protect?: ReadonlyMap<FileIdentity, string> | undefined;
  /** How messages name a Writable destination ("standard output"); default "the output". */
  name?: string;
}

/**
 * A reader that stopped reading (`| head -1`) is not a file to fix: an output failure (exit 74) that says so,
 * rather than the usage error (exit 2) a bad path gets.
 */
function writeFailure(error: Error, name: string): Error {
  if ((error as NodeJS.ErrnoException).code !== 'EPIPE') return fileSystemError(error, name, 'write');
  return new OutputError(`Cannot write ${name}: the reading end was closed before everything was written (broken pipe), so it is incomplete.`, { cause: error });
}

/**
 * Writes a header and rows of cells as CSV (quoting only where needed: csv-line.ts). Each write goes straight to
 * the output, so a crash loses at most what the OS has not flushed. A path is created or truncated; a CsvFileError
 * is thrown at once when it cannot be.
 */
export function createCsvWriter(destination: string | Writable, header: readonly string[], options: CsvWriterOptions = {}): CsvRowWriter<readonly string[]> {
  const name = typeof destination === 'string' ? destination : (options.name ?? 'the output');
  const out = typeof destination === 'string' ? openOutputFile(destination, { protect: options.protect }) : destination;
  const delimiter = options.delimiter ?? ',';
  let failure: Error | undefined;
  out.on('error', (error: Error) => {
    failure ??= writeFailure(error, name);
  });
  const failedSoFar = (): Error | undefined => failure;
  let rowsWritten = 0;
  let rowsFlushed = 0;
  let closing: Promise<void> | undefined;

  const put = (text: string): Promise<void> | void => {
    if (failure !== undefined) return Promise.reject(failure);
    // Writes complete in order, so when this one has, every row before it has reached the OS too.
    const written = rowsWritten;
    const queued = out.write(text, (error) => {
      if (!error) rowsFlushed = Math.max(rowsFlushed, written);
    });
    if (queued) return undefined;
    return drained();
  };
  /** Waits for 'drain' (or 'close', when the output broke), removing both listeners afterwards. */
  const drained = async (): Promise<void> => {
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off('drain', done);
        out.off('close', done);
        resolve();
      };
      out.on('drain', done);
      out.on('close', done);
    });
    if (failure !== undefined) throw failure;
  };
  // A failure here surfaces at the next write or at close(); nothing to await yet.
  void Promise.resolve(put(`${options.bom ? '\ufeff' : ''}${csvLine(header, delimiter)}`)).catch(() => undefined);

  const finish = async (): Promise<void> => {
    if (failure !== undefined) throw failure;
    const endOut = options.end ?? true;
    if (endOut) {
      // A file is flushed once closed; another stream once finished.
      const done = typeof destination === 'string' ? once(out, 'close') : once(out, 'finish');
      out.end();
      await done.catch(() => undefined);
    }
    // Read afresh: the output may have failed while we waited.
    const late = failedSoFar();
    if (late !== undefined) throw late;
  };

  return {
    get rowsWritten() {
      return rowsWritten;
    },
    get rowsFlushed() {
      return rowsFlushed;
    },
    write(row) {
      rowsWritten += 1;
      return put(csvLine(row, delimiter));
    },
    writeBatch(rows) {
      if (rows.length === 0) return undefined;
      rowsWritten += rows.length;
      return put(csvLines(rows, delimiter));
    },
    close() {
      closing ??= finish();
      return closing;
    },
  };
}
