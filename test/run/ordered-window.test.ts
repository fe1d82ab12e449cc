import { describe, expect, it } from 'vitest';
import { mapInOrder } from '../../src/run/ordered-window.js';

async function* numbers(count: number, onRead?: (n: number) => void): AsyncGenerator<number> {
  for (let n = 1; n <= count; n += 1) {
    onRead?.(n);
    yield await Promise.resolve(n);
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe('mapInOrder', () => {
  it('yields every item once, in input order, whatever order the work finishes in', async () => {
    const out = await collect(
      mapInOrder(numbers(200), async (n) => {
        await delay((n * 7919) % 13);
        return n * 2;
      }, { concurrency: 16, maxBuffered: 64 }),
    );
    expect(out).toEqual(Array.from({ length: 200 }, (_, i) => (i + 1) * 2));
  });

  it('never has more than `concurrency` promises in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    await collect(
      mapInOrder(numbers(100), async (n) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await delay(n % 3);
        inFlight -= 1;
        return n;
      }, { concurrency: 5, maxBuffered: 1000 }),
    );
    expect(peak).toBe(5);
  });

  it('mixes synchronous results (rows not sent) with asynchronous ones, still in order', async () => {
    const out = await collect(
      mapInOrder(numbers(50), (n) => (n % 3 === 0 ? n : delay(5 - (n % 5)).then(() => n)), { concurrency: 4, maxBuffered: 16 }),
    );
    expect(out).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('stops reading while finished rows wait behind a slow one (bounded memory)', async () => {
    let read = 0;
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    const iterator = mapInOrder(numbers(10_000, (n) => (read = n)), (n) => (n === 1 ? slow.then(() => n) : n), {
      concurrency: 4,
      maxBuffered: 32,
    })[Symbol.asyncIterator]();
    const first = iterator.next();
    await delay(20);
    expect(read).toBeLessThanOrEqual(32);
    release();
    expect((await first).value).toBe(1);
    await iterator.return?.(undefined);
  });

  it('stops reading when asked, and still yields what was in flight', async () => {
    let stop = false;
    const out = await collect(
      mapInOrder(numbers(1000), async (n) => {
        if (n === 10) stop = true;
        await delay(1);
        return n;
      }, { concurrency: 4, maxBuffered: 16, stopReading: () => stop }),
    );
    expect(out.length).toBeGreaterThanOrEqual(10);
    expect(out.length).toBeLessThan(20);
    expect(out).toEqual(Array.from({ length: out.length }, (_, i) => i + 1));
  });

  it('passes on an error thrown by the work at its place in the order', async () => {
    const run = collect(mapInOrder(numbers(5), async (n) => {
      await delay(1);
      if (n === 3) throw new Error('boom');
      return n;
    }, { concurrency: 2, maxBuffered: 4 }));
    await expect(run).rejects.toThrow('boom');
  });
});
