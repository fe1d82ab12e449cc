/**
 * A stream read twice: once by a header parser that stops early, then again from the first chunk. What the
 * first reader pulled is kept until the replay starts (a few chunks: the parser stops pulling under backpressure).
 */
export class ReplayableChunks<T> {
  readonly #iterator: AsyncIterator<T>;
  readonly #seen: T[] = [];
  /** The underlying read the first reader has in flight: the replay waits for it, so that chunk is not lost. */
  #inFlight: Promise<unknown> = Promise.resolve();
  #replaying = false;

  constructor(chunks: AsyncIterable<T>) {
    this.#iterator = chunks[Symbol.asyncIterator]();
  }

  /** The first reading: every chunk it gets is kept for the replay. */
  async *recording(): AsyncGenerator<T> {
    while (!this.#replaying) {
      const pending = this.#iterator.next();
      this.#inFlight = pending;
      const next = await pending;
      if (next.done === true) return;
      this.#seen.push(next.value);
      yield next.value;
    }
  }

  /** The whole stream from its first chunk; call once, after the first reader has been stopped. */
  async *fromStart(): AsyncGenerator<T> {
    this.#replaying = true;
    await this.#inFlight.catch(() => undefined);
    yield* this.#seen.splice(0);
    for (;;) {
      const next = await this.#iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
}
