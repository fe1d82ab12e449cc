import { identityOf, type FileIdentity } from '../csv/file-identity.js';
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
    if (path === undefined || path === '-') continue;
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
