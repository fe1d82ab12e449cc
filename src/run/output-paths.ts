import { stat } from 'node:fs/promises';
import { identityOf, type FileIdentity } from '../io/file-identity.js';
import { UsageError } from '../errors.js';

/** One file a run will write, and how messages name it ("the results file", "--rejects"). */
export interface NamedPath {
  what: string;
  path: string | undefined;
}

/**
 * Refuses, before anything is opened for writing, an output that is the input or another output. Files are compared
 * by device and inode (so a symlink or a hard link to the input is caught), and paths not created yet by where they
 * would be created. "-" (standard output) is never a file here.
 */
export async function checkOutputsDistinct(input: { name: string; identity: FileIdentity | undefined }, outputs: readonly NamedPath[]): Promise<void> {
  const taken = new Map<FileIdentity, string>();
  if (input.identity !== undefined) taken.set(input.identity, `the input file ${input.name}`);
  for (const { what, path } of outputs) {
    // Standard output and devices (/dev/null) take any number of writers and are nobody's input file.
    if (path === undefined || path === '-' || (await stat(path).catch(() => undefined))?.isCharacterDevice() === true) continue;
    const identity = await identityOf(path);
    const other = taken.get(identity);
    if (other !== undefined) {
      throw new UsageError(`Cannot write ${what} to ${path}: it is the same file as ${other} (by path or through a link), which would be overwritten. Choose another path.`);
    }
    taken.set(identity, `${what} (${path})`);
  }
}

/** What no output may ever be written over, for the writers' check on the opened file: the input, when it is a file. */
export function inputProtection(source: { name: string; identity: FileIdentity | undefined }): ReadonlyMap<FileIdentity, string> {
  return new Map(source.identity === undefined ? [] : [[source.identity, `the input file ${source.name}`]]);
}

/**
 * Whether an output is a file of its own (or will be created as one): only then does a run lock it and keep a
 * journal beside it. Standard output, /dev/null or a named pipe has no "beside", and nothing there to resume.
 */
export async function isFileOutput(path: string): Promise<boolean> {
  if (path === '-') return false;
  const stats = await stat(path).catch(() => undefined);
  return stats === undefined || stats.isFile();
}
