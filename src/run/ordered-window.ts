/**
 * Runs `work` over a stream of items with at most `concurrency` promises in flight and yields the results in
 * input order as soon as an item and every item before it are done. Reading pauses while the window is full,
 * or while `maxBuffered` finished results wait behind a slow one, so memory stays bounded whatever the input size.
 */

export interface WindowOptions {
  concurrency: number;
  /** Items read but not yet yielded (in flight + finished waiting for an earlier one). */
  maxBuffered: number;
  /** Checked before each read: true stops reading; what is in flight still finishes and is yielded. */
  stopReading?: () => boolean;
}

interface Slot<R> {
  settled: boolean;
  value?: R;
  error?: unknown;
}

export async function* mapInOrder<T, R>(
  items: AsyncIterable<T>,
  work: (item: T) => R | Promise<R>,
  options: WindowOptions,
): AsyncGenerator<R> {
  const iterator = items[Symbol.asyncIterator]();
  const slots: Slot<R>[] = [];
  let head = 0;
  let inFlight = 0;
  let exhausted = false;
  let wake: (() => void) | undefined;

  const settle = (slot: Slot<R>) => {
    slot.settled = true;
    inFlight -= 1;
    const resume = wake;
    wake = undefined;
    resume?.();
  };

  try {
    while (true) {
      while (!exhausted && inFlight < options.concurrency && slots.length - head < options.maxBuffered) {
        if (options.stopReading?.()) {
          exhausted = true;
          break;
        }
        const next = await iterator.next();
        if (next.done === true) {
          exhausted = true;
          break;
        }
        const result = work(next.value);
        if (result instanceof Promise) {
          const slot: Slot<R> = { settled: false };
          inFlight += 1;
          result.then(
            (value: R) => {
              slot.value = value;
              settle(slot);
            },
            (error: unknown) => {
              slot.error = error;
              settle(slot);
            },
          );
          slots.push(slot);
        } else {
          slots.push({ settled: true, value: result });
        }
        // Hand on whatever is ready at the head without waiting for the window to fill.
        if (slots[head]?.settled) break;
      }

      while (head < slots.length && slots[head]!.settled) {
        const slot = slots[head]!;
        slots[head] = undefined as unknown as Slot<R>;
        head += 1;
        if ('error' in slot) throw slot.error;
        yield slot.value as R;
      }
      if (head > 1024 && head * 2 > slots.length) {
        slots.splice(0, head);
        head = 0;
      }

      if (head === slots.length && exhausted) return;
      const blocked = exhausted || inFlight >= options.concurrency || slots.length - head >= options.maxBuffered;
      if (blocked && head < slots.length) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    }
  } finally {
    if (!exhausted) await iterator.return?.();
  }
}
