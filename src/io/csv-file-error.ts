import { dirname } from 'node:path';
import { UsageError } from '../errors.js';

/** Why a CSV file could not be read or written: stable, for callers and tests. */
export type CsvFileErrorCode =
  | 'NOT_FOUND'
  | 'IS_DIRECTORY'
  | 'PERMISSION_DENIED'
  | 'NO_INPUT'
  | 'EMPTY'
  | 'BINARY'
  | 'NOT_UTF8'
  | 'NOT_GZIP'
  | 'CORRUPT_GZIP'
  | 'BAD_HEADER'
  | 'UNKNOWN_SHEET'
  | 'BAD_OPTION'
  | 'READ_FAILED'
  | 'WRITE_FAILED';

/** A CSV file problem a person has to fix: a UsageError (exit 2) with a one-line message and a stable code. */
export class CsvFileError extends UsageError {
  readonly code: CsvFileErrorCode;
  constructor(code: CsvFileErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CsvFileError';
    this.code = code;
  }
}

function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Turns a system error (ENOENT, EACCES, ...) met while reading or writing `path` into a CsvFileError. */
export function fileSystemError(err: unknown, path: string, doing: 'read' | 'write'): CsvFileError {
  if (err instanceof CsvFileError) return err;
  const code = errnoCode(err);
  const options = { cause: err };
  if (code === 'ENOENT') {
    return doing === 'read'
      ? new CsvFileError('NOT_FOUND', `Input file not found: ${path} (check the path, or use - to read standard input)`, options)
      : new CsvFileError('NOT_FOUND', `Cannot create ${path}: the folder ${dirname(path)} does not exist`, options);
  }
  if (code === 'EISDIR') {
    const what = doing === 'read' ? 'not a CSV file' : 'give a file name instead';
    return new CsvFileError('IS_DIRECTORY', `${path} is a directory: ${what}`, options);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new CsvFileError('PERMISSION_DENIED', `Permission denied ${doing === 'read' ? 'reading' : 'writing'} ${path}: check its permissions`, options);
  }
  return doing === 'read'
    ? new CsvFileError('READ_FAILED', `Cannot read ${path}: ${reasonOf(err)}`, options)
    : new CsvFileError('WRITE_FAILED', `Cannot write ${path}: ${reasonOf(err)}`, options);
}

/** An error met while streaming the input (disk, gzip) as a CsvFileError naming the input. */
export function readError(err: unknown, name: string): CsvFileError {
  const code = errnoCode(err);
  if (code?.startsWith('Z_') === true) {
    return new CsvFileError('CORRUPT_GZIP', `${name} is not valid gzip data (${reasonOf(err)}): the file may be truncated or damaged`, { cause: err });
  }
  return fileSystemError(err, name, 'read');
}
