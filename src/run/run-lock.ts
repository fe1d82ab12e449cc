import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { CliError, UsageError } from '../errors.js';
import { fileSystemError } from '../io/csv-file-error.js';
import { realPathOf } from '../io/file-identity.js';
import { sleep } from '../sleep.js';

/**
 * One run at a time per results file: `<results>.lock` is created exclusively (O_EXCL) and names its holder.
 * A lock whose holder is gone (kill -9, a reboot) is stale and is taken over; a live one stops the second run
 * with exit 2, or makes it wait with --wait-lock.
 */

interface Holder {
  pid: number;
  host: string;
  /** Linux's boot id: a lock from before a reboot is stale whatever its pid now names. */
  boot: string | undefined;
  /** The holder process's start time in clock ticks after boot (Linux), so a reused pid is not taken for it. */
  start: string | undefined;
  command: string;
  since: string;
  /** Tells our own lock from a successor's when releasing. */
  nonce: string;
}

export interface RunLock {
  release(): void;
}

export interface LockOptions {
  /** What the run is, for the message another run prints ("import of contacts.csv"). */
  command: string;
  /** Wait for a live holder instead of stopping with exit 2. */
  wait: boolean;
  /** Ends a wait (SIGINT/SIGTERM). */
  signal: AbortSignal;
  /** Told once when the run starts waiting. */
  onWait?: (message: string) => void;
  /** How often a waiting run looks again. */
  pollMs?: number;
  /** What the lock guards and why two runs on it would harm, for the message a second run stops with. */
  guards?: { what: string; harm: string };
}

const RESULTS_FILE = {
  what: 'The results file',
  harm: "Two runs on one results file would send rows twice and overwrite each other's record.",
};

function readTextSync(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const bootId = (): string | undefined => readTextSync('/proc/sys/kernel/random/boot_id')?.trim();

/** Field 22 of /proc/<pid>/stat: when the process started; the command name before it may hold spaces. */
function processStart(pid: number): string | undefined {
  const stat = readTextSync(`/proc/${pid}/stat`);
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A holder on this machine that no longer runs. One on another host is never judged: it may be alive. */
function isStale(holder: Holder): boolean {
  if (holder.host !== hostname()) return false;
  const boot = bootId();
  if (holder.boot !== undefined && boot !== undefined && holder.boot !== boot) return true;
  if (!isAlive(holder.pid)) return true;
  const start = processStart(holder.pid);
  return holder.start !== undefined && start !== undefined && holder.start !== start;
}

function parseHolder(text: string): Holder | undefined {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? (value as Holder) : undefined;
  } catch {
    return undefined;
  }
}

async function readHolder(path: string): Promise<Holder | undefined | 'gone'> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? 'gone' : ''));
  return text === 'gone' ? 'gone' : parseHolder(text);
}

/**
 * Creates the lock with its content in one step: the holder is written to a file of its own, which is then hard-linked
 * as the lock (link fails if the lock exists). A kill at any moment leaves no lock, or a whole one, never an empty
 * one that no later run could judge.
 */
async function tryCreate(path: string, holder: Holder): Promise<boolean> {
  const draft = `${path}.${holder.nonce}`;
  // The lock sits beside the file it guards: a folder that is missing or closed is that file's problem, named so.
  const refuse = (error: unknown) => fileSystemError(error, path.replace(/\.lock$/, ''), 'write');
  try {
    await writeFile(draft, `${JSON.stringify(holder)}\n`, { flag: 'wx' });
  } catch (error) {
    throw refuse(error);
  }
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw refuse(error);
  } finally {
    await unlink(draft).catch(() => undefined);
  }
}

/**
 * Moves a stale lock out of the way. Renaming is atomic: of two runs breaking the same stale lock, one moves it and
 * the other finds nothing to move. A run that moved a lock that turned out not to be the stale one (it was replaced
 * in between) puts it back.
 */
async function breakStale(path: string, stale: Holder): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomUUID().slice(0, 8)}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = parseHolder(await readFile(aside, 'utf8').catch(() => ''));
  if (moved !== undefined && moved.nonce !== stale.nonce) {
    await rename(aside, path).catch(() => undefined);
    return;
  }
  await unlink(aside).catch(() => undefined);
}

function describeHolder(holder: Holder | undefined, path: string): string {
  if (holder === undefined) return `another run, or a damaged lock: its lock file ${path} cannot be read`;
  return `another run: ${holder.command}, process ${holder.pid} on ${holder.host}, since ${holder.since} (lock file ${path})`;
}

export async function acquireRunLock(path: string, options: LockOptions): Promise<RunLock> {
  const holder: Holder = {
    pid: process.pid,
    host: hostname(),
    boot: bootId(),
    start: processStart(process.pid),
    command: options.command,
    since: new Date().toISOString(),
    nonce: randomUUID(),
  };
  let toldWaiting = false;
  for (;;) {
    if (options.signal.aborted) throw new CliError('Interrupted while waiting for the lock.', 130);
    if (await tryCreate(path, holder)) break;
    const current = await readHolder(path);
    if (current === 'gone') continue;
    if (current !== undefined && isStale(current)) {
      await breakStale(path, current);
      continue;
    }
    const who = describeHolder(current, path);
    if (!options.wait) {
      const { what, harm } = options.guards ?? RESULTS_FILE;
      throw new UsageError(`${what} is in use by ${who}. ${harm} Wait for it to finish, or pass --wait-lock to wait; if no such run exists, delete the lock file.`);
    }
    if (!toldWaiting) options.onWait?.(`Waiting for ${who} to finish (--wait-lock)...`);
    toldWaiting = true;
    await sleep(options.pollMs ?? 250, options.signal).catch(() => undefined);
  }

  // A forced exit (second Ctrl-C) skips every finally: the exit handler still removes our lock.
  const removeOnExit = () => releaseIfOurs(path, holder.nonce);
  process.on('exit', removeOnExit);
  return {
    release() {
      process.off('exit', removeOnExit);
      releaseIfOurs(path, holder.nonce);
    },
  };
}

/**
 * The lock a command takes on the file it writes (`<file>.lock`), told what the run is; a wait for it is
 * announced on `io.stderr` and ends on the run's SIGINT/SIGTERM. The lock sits beside the file the path really
 * names (symlinks followed, even one whose target is not created yet): two runs writing one file through a symlink
 * and its target take one lock. A path that is already real keeps its own spelling, for the messages.
 */
export async function lockOutput(
  file: string,
  command: string,
  config: { waitLock: boolean },
  io: { stderr: { write(text: string): unknown }; signal: AbortSignal },
  guards?: LockOptions['guards'],
): Promise<RunLock> {
  const real = await realPathOf(file);
  return acquireRunLock(`${real === resolve(file) ? file : real}.lock`, {
    command,
    wait: config.waitLock,
    signal: io.signal,
    onWait: (message) => io.stderr.write(`${message}\n`),
    ...(guards === undefined ? {} : { guards }),
  });
}

function releaseIfOurs(path: string, nonce: string): void {
  const current = parseHolder(readTextSync(path) ?? '');
  if (current?.nonce !== nonce) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
