import { describe, expect, it } from 'vitest';
import { CLOSED, Waits } from '../../src/io/waits.js';

const never = () => new Promise<string>(() => undefined);

describe('Waits', () => {
  it.each<[string, (waits: Waits) => void, Promise<string>, string | typeof CLOSED | RegExp]>([
    ['settles with the work', () => undefined, Promise.resolve('row'), 'row'],
    ['ends a wait that would last for ever on close()', (waits: Waits) => waits.close(), never(), CLOSED],
    ['rejects a wait that would last for ever on fail()', (waits: Waits) => waits.fail(new Error('disk gone')), never(), /disk gone/],
  ])('%s', async (_label, end, work, outcome) => {
    const waits = new Waits();
    const waiting = waits.run(work);
    end(waits);
    if (outcome instanceof RegExp) await expect(waiting).rejects.toThrow(outcome);
    else await expect(waiting).resolves.toBe(outcome);
  });

  it('answers every later wait at once, once closed or failed', async () => {
    const closed = new Waits();
    closed.close();
    await expect(closed.run(never())).resolves.toBe(CLOSED);
    const failed = new Waits();
    failed.fail('not an Error');
    await expect(failed.run(Promise.resolve('late'))).rejects.toThrow('not an Error');
  });
});
