import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** gzip's magic number: trusted over the file name, which can say .gz or not. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Inflates gzip data as it streams; a corrupt or truncated file errors the returned stream. */
export function gunzip(chunks: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const inflater = createGunzip();
  // Errors reach the reader through `inflater`, which pipeline destroys with them.
  pipeline(chunks, inflater, () => undefined);
  return inflater;
}
