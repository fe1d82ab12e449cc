import { describe, expect, it } from 'vitest';
import { Throttle } from '../../src/api/throttle.js';
import { AssignSpacing } from '../../src/api/assign-spacing.js';

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('Throttle', () => {
  it('lets everything through at once when no limit applies', () => {
    const throttle = new Throttle({ now: clock().now });
    expect([throttle.reserve(), throttle.reserve(), throttle.reserve()]).toEqual([0, 0, 0]);
    expect(throttle.currentRate).toBeUndefined();
  });

  it('spaces requests evenly under --rate', () => {
    const throttle = new Throttle({ maxRate: 4, now: clock().now });
    expect([throttle.reserve(), throttle.reserve(), throttle.reserve(), throttle.reserve()]).toEqual([0, 250, 500, 750]);
  });

  it('on a 429 drops to just under the rate the server accepted over the last second', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now });
    for (let i = 0; i < 200; i += 1) {
      throttle.onSuccess();
      time.advance(4);
    }
    throttle.onRateLimited(1000);
    expect(throttle.currentRate).toBeGreaterThan(180);
    expect(throttle.currentRate).toBeLessThan(200);
  });

  it('lowers the rate once per burst of 429s, and pauses everyone if 429s go on', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ now: time.now });
    for (let i = 0; i < 100; i += 1) throttle.onSuccess();
    throttle.onRateLimited(1000);
    const lowered = throttle.currentRate;
    throttle.onRateLimited(1000);
    expect(throttle.currentRate).toBe(lowered);
    expect(throttle.reserve()).toBeGreaterThanOrEqual(1000);
  });

  it('recovers gradually as successes return, never above --rate', () => {
    const time = clock(10_000);
    const throttle = new Throttle({ maxRate: 120, now: time.now });
    for (let i = 0; i < 100; i += 1) throttle.onSuccess();
    throttle.onRateLimited(undefined);
    const lowered = throttle.currentRate ?? 0;
    time.advance(2_500);
    throttle.onSuccess();
    const raised = throttle.currentRate ?? 0;
    expect(raised).toBeGreaterThan(lowered);
    expect(raised).toBeLessThan(lowered * 1.05);
    for (let i = 0; i < 100; i += 1) {
      time.advance(1_001);
      throttle.onSuccess();
    }
    expect(throttle.currentRate).toBe(120);
  });
});

describe('AssignSpacing', () => {
  it('keeps two assigns of one contact 10 s apart, others free', async () => {
    const time = clock(0);
    const spacing = new AssignSpacing(10_000, time.now);
    await spacing.waitTurn('a');
    await spacing.waitTurn('b');
    const controller = new AbortController();
    const second = spacing.waitTurn('a', controller.signal);
    controller.abort(new Error('stop'));
    await expect(second).rejects.toThrow('stop');
    time.advance(30_000);
    await expect(spacing.waitTurn('a')).resolves.toBeUndefined();
  });
});
