import { mkdir } from 'node:fs/promises';
import type { StateConfig } from '../config/index.js';
import { UsageError } from '../errors.js';
import { SyncState, stateFilePath, type StateIdentity } from '../state/sync-state.js';
import type { Closer } from './closer.js';
import type { Io } from './io.js';
import { lockOutput } from './run-lock.js';

/** The files a state on disk writes: like every output, never the input or another output. */
export function stateSidecars(config: StateConfig, identity: StateIdentity): { what: string; path: string }[] {
  if (config.kind !== 'dir') return [];
  const path = stateFilePath(config.dir, identity);
  return [
    { what: 'the sync state', path },
    { what: "the sync state's lock", path: `${path}.lock` },
    { what: "the sync state's journal", path: `${path}-wal` },
    { what: "the sync state's journal", path: `${path}-shm` },
  ];
}

/**
 * Opens the sync state of a base URL + org, under its lock: two runs on one org's state never interleave (each
 * would take the other's rows as not yet sent), and a lock left by a kill -9 is taken over. Undefined for --no-state.
 */
export async function openSyncState(
  config: StateConfig,
  identity: StateIdentity,
  run: { command: string; waitLock: boolean },
  io: Io,
  closer: Closer,
): Promise<SyncState | undefined> {
  if (config.kind === 'off') return undefined;
  if (config.kind === 'memory') return closer.add(SyncState.open(':memory:', identity), (state) => state.close());
  const path = stateFilePath(config.dir, identity);
  // The state's folder may not exist yet, and the lock sits beside the state: SyncState.open makes the folder.
  const guards = {
    what: `The sync state of org ${identity.orgId} at ${identity.baseUrl}`,
    harm: 'Two imports into one org at once would each take the other\'s rows as not sent, and send them twice.',
  };
  await ensureDir(config.dir);
  closer.add(await lockOutput(path, run.command, run, io, guards), (lock) => lock.release());
  return closer.add(SyncState.open(path, identity), (state) => state.close());
}

async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`Cannot create the sync state's folder ${dir} (${code}): give another with --state-dir DIR, or run with --no-state.`, { cause: error });
  }
}
