import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Stats } from 'node:fs';

/**
 * What a path names, as the kernel sees it: `dev:ino` for a file that exists (through any symlink or hard link),
 * else the real path it would be created at (a dangling symlink followed to its target). Two paths with the same
 * identity are one file: writing one truncates the other.
 */
export type FileIdentity = string;

export function identityOfStats(stats: Pick<Stats, 'dev' | 'ino'>): FileIdentity {
  return `${stats.dev}:${stats.ino}`;
}

/** How many links a dangling chain may have before we stop following it (as the kernel's ELOOP). */
const MAX_LINKS = 40;

/** Where a path that does not exist yet would be created: its folder's real path, symlinks followed to their target. */
async function creationPath(path: string, depth = 0): Promise<string> {
  const link = await lstat(path).catch(() => undefined);
  if (link?.isSymbolicLink() && depth < MAX_LINKS) {
    return creationPath(resolve(dirname(path), await readlink(path)), depth + 1);
  }
  const folder = await realpath(dirname(path)).catch(() => resolve(dirname(path)));
  return resolve(folder, basename(path));
}

export async function identityOf(path: string): Promise<FileIdentity> {
  const stats = await stat(path).catch(() => undefined);
  return stats === undefined ? `path:${await creationPath(path)}` : identityOfStats(stats);
}

/**
 * The absolute path, free of symlinks, of the file `path` names, or would create: what two spellings of one file
 * (a relative path, a symlink, a symlinked folder) have in common. Hard links stay apart: each is a real path.
 */
export async function realPathOf(path: string): Promise<string> {
  return realpath(path).catch(() => creationPath(path));
}
