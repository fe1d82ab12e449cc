import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { CsvFileError, fileSystemError } from './csv-file-error.js';

/** The raw bytes of the input, before any gzip or text decoding. */
export interface RawInput {
  /** The path, or "standard input". */
  name: string;
  chunks: AsyncIterable<Buffer>;
  /** Size of a regular file; unknown for pipes and standard input. */
  totalBytes?: number;
  bytesRead(): number;
  /** Stops reading and releases the file. */
  destroy(): void;
}

export const STDIN_NAME = 'standard input';

/** Bigger than the default 16 KiB: fewer chunks through every stage, and the first one is enough to sniff. */
const CHUNK_BYTES = 64 * 1024;

async function* countBytes(stream: Readable, counter: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const chunk of stream as AsyncIterable<Buffer | string | Uint8Array>) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    counter.bytes += buffer.length;
    yield buffer;
  }
}

function rawInput(name: string, stream: Readable, totalBytes: number | undefined): RawInput {
  const counter = { bytes: 0 };
  return {
    name,
    chunks: countBytes(stream, counter),
    ...(totalBytes === undefined ? {} : { totalBytes }),
    bytesRead: () => counter.bytes,
    destroy: () => {
      stream.destroy();
    },
  };
}

/** Opens `input` (a path, or "-" for `stdin`, default process.stdin), turning what can go wrong into a CsvFileError. */
export async function openInput(input: string, stdin?: Readable): Promise<RawInput> {
  if (input === '-') {
    stdin ??= process.stdin; // only here: touching process.stdin sets it up
    if ((stdin as { isTTY?: boolean }).isTTY === true) {
      throw new CsvFileError('NO_INPUT', 'Nothing to read on standard input: pipe a CSV file into it, or give a path instead of -');
    }
    return rawInput(STDIN_NAME, stdin, undefined);
  }
  const handle = await open(input, 'r').catch((err: unknown) => {
    throw fileSystemError(err, input, 'read');
  });
  try {
    // open() succeeds on a directory on Linux: only stat tells.
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new CsvFileError('IS_DIRECTORY', `${input} is a directory: not a CSV file`);
    const stream = handle.createReadStream({ highWaterMark: CHUNK_BYTES });
    return rawInput(input, stream, stat.isFile() ? stat.size : undefined);
  } catch (err) {
    await handle.close();
    throw fileSystemError(err, input, 'read');
  }
}
