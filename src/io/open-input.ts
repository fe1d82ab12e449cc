import { closeSync, constants, fstatSync, open as openCallback, openSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Socket } from 'node:net';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import { CliError } from '../errors.js';
import { CsvFileError, fileSystemError } from './csv-file-error.js';
import { identityOfStats, type FileIdentity } from './file-identity.js';

/** The raw bytes of the input, before any gzip or text decoding. */
export interface RawInput {
  /** The path, or "standard input". */
  name: string;
  chunks: AsyncIterable<Buffer>;
  /** Size of a regular file; unknown for pipes and standard input. */
  totalBytes?: number;
  /** Device and inode of what is read (standard input too, when it is a file), so no output can be it. */
  identity?: FileIdentity;
  bytesRead(): number;
  /** Stops reading and releases the file. */
  destroy(): void;
}

export const STDIN_NAME = 'standard input';

const openFd = promisify(openCallback);

/** Bigger than the default 16 KiB: fewer chunks through every stage, and the first one is enough to sniff. */
const CHUNK_BYTES = 64 * 1024;

async function* countBytes(stream: Readable, counter: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const chunk of stream as AsyncIterable<Buffer | string | Uint8Array>) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    counter.bytes += buffer.length;
    yield buffer;
  }
}

function rawInput(name: string, stream: Readable, totalBytes: number | undefined, identity: FileIdentity | undefined): RawInput {
  const counter = { bytes: 0 };
  return {
    name,
    chunks: countBytes(stream, counter),
    ...(totalBytes === undefined ? {} : { totalBytes }),
    ...(identity === undefined ? {} : { identity }),
    bytesRead: () => counter.bytes,
    destroy: () => {
      stream.destroy();
    },
  };
}

function releaseFifoWait(path: string): void {
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // no reader waits any more
  }
}

/** What standard input is when it is a file (`< in.csv`): its descriptor says, where the stream has one. */
function stdinIdentity(stdin: Readable): FileIdentity | undefined {
  const fd = (stdin as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return undefined;
  try {
    const stats = fstatSync(fd);
    return stats.isFile() ? identityOfStats(stats) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opening a FIFO waits for a writer, in a thread no signal reaches: the wait is raced against `signal`, so a
 * SIGINT or SIGTERM still ends the run (exit 130). The waiting thread would still hold the process at exit, so the
 * FIFO is then opened for writing from here (which succeeds at once, since a reader waits) and closed: the wait ends.
 */
function interruptible<T>(work: Promise<T>, signal: AbortSignal | undefined, fifo: string | undefined): Promise<T> {
  if (signal === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      if (fifo !== undefined) releaseFifoWait(fifo);
      reject(new CliError('Interrupted while opening the input.', 130));
    };
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Opens `input` (a path, or "-" for `stdin`, default process.stdin), turning what can go wrong into a CsvFileError. */
export async function openInput(input: string, stdin?: Readable, signal?: AbortSignal): Promise<RawInput> {
  if (input === '-') {
    stdin ??= process.stdin; // only here: touching process.stdin sets it up
    if ((stdin as { isTTY?: boolean }).isTTY === true) {
      throw new CsvFileError('NO_INPUT', 'Nothing to read on standard input: pipe a CSV file into it, or give a path instead of -');
    }
    return rawInput(STDIN_NAME, stdin, undefined, stdinIdentity(stdin));
  }
  if ((await stat(input).catch(() => undefined))?.isFIFO() === true) return openFifo(input, signal);
  const opening = open(input, 'r');
  const handle = await interruptible(opening, signal, undefined).catch((err: unknown) => {
    throw err instanceof CliError ? err : fileSystemError(err, input, 'read');
  });
  try {
    // open() succeeds on a directory on Linux: only stat tells.
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new CsvFileError('IS_DIRECTORY', `${input} is a directory: not a CSV file`);
    const stream = handle.createReadStream({ highWaterMark: CHUNK_BYTES });
    return rawInput(input, stream, stat.isFile() ? stat.size : undefined, identityOfStats(stat));
  } catch (err) {
    await handle.close();
    throw fileSystemError(err, input, 'read');
  }
}

/**
 * A named pipe (a nightly drop written by another process) is read as the pipe it is, through the event loop: a
 * file read would wait in a thread for data that may never come, and hold the process at exit after an interrupt.
 */
async function openFifo(path: string, signal: AbortSignal | undefined): Promise<RawInput> {
  const opening = openFd(path, constants.O_RDONLY);
  const fd = await interruptible(opening, signal, path).catch((err: unknown) => {
    // An open that completes after the interrupt must not leak its descriptor.
    if (err instanceof CliError) void opening.then((late) => closeSync(late)).catch(() => undefined);
    throw err instanceof CliError ? err : fileSystemError(err, path, 'read');
  });
  const stream = new Socket({ fd, readable: true, writable: false });
  return rawInput(path, stream, undefined, identityOfStats(fstatSync(fd)));
}
