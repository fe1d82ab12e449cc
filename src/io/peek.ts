/** The first bytes of a stream, and the stream itself still starting at byte 0. */
export interface Peeked {
  /** What was read until `isEnough` said so, or everything when the stream is shorter. */
  head: Buffer;
  chunks: AsyncIterable<Buffer>;
}

/** Reads ahead so the caller can sniff (gzip, BOM, binary, delimiter) without losing what it read. */
export async function peekHead(chunks: AsyncIterable<Buffer>, isEnough: (head: Buffer) => boolean): Promise<Peeked> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let head: Buffer = Buffer.alloc(0);
  while (!isEnough(head)) {
    const next = await iterator.next();
    if (next.done === true) break;
    seen.push(next.value);
    head = seen.length === 1 ? next.value : Buffer.concat([head, next.value]);
  }
  const rest: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => iterator };
  async function* replay(): AsyncGenerator<Buffer> {
    yield* seen;
    yield* rest;
  }
  return { head, chunks: replay() };
}
