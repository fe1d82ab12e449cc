import { describe, expect, it } from 'vitest';
import type { Sandbox, SandboxOptions } from '../../src/sandbox/index.js';
import {
  concurrencyCap,
  createLimiter,
  fixedWindow,
  limitAt,
  slidingLog,
  tokenBucket,
  type Limiter,
  type Quota,
  type RateLimiter,
  type RateSchedule,
} from '../../src/sandbox/limiters/index.js';
import { client, manualClock, statuses, T0, useSandboxes } from './helpers.js';

const constant = (n: number) => () => n;

/** Asks the limiter `count` times at `at`: how many it admitted, and the wait it gave the first it refused. */
function burst(limiter: Limiter, at: number, count: number): { admitted: number; wait: number | undefined } {
  let admitted = 0;
  let wait: number | undefined;
  for (let i = 0; i < count; i += 1) {
    const answer = limiter.admit(at);
    if (answer.ok) admitted += 1;
    else wait ??= answer.retryAfterMs;
  }
  return { admitted, wait };
}

/** [ms after T0, requests sent then, how many admitted, Retry-After of the first refused (ms)]. */
type Step = [at: number, sent: number, admitted: number, wait: number | undefined];

describe('limiter cores, over a manual clock', () => {
  it.each<[string, () => Limiter, Step[]]>([
    [
      'fixed: N per clock-aligned second, so 2N within 100 ms across a boundary',
      () => fixedWindow(constant(3)),
      [
        [900, 5, 3, 100],
        [999, 1, 0, 1],
        [1000, 5, 3, 1000],
        [1999, 1, 0, 1],
      ],
    ],
    [
      'sliding: N in any second ending now, so only N across a boundary',
      () => slidingLog(constant(3)),
      [
        [900, 5, 3, 1000],
        [1000, 5, 0, 900],
        [1899, 1, 0, 1],
        [1900, 5, 3, 1000],
      ],
    ],
    [
      'sliding: spread admissions leave the window one at a time',
      () => slidingLog(constant(3)),
      [
        [0, 1, 1, undefined],
        [300, 1, 1, undefined],
        [600, 2, 1, 400],
        [1000, 2, 1, 300],
        [1300, 2, 1, 300],
      ],
    ],
    [
      'token bucket, burst N (default): N at once, then N a second',
      () => tokenBucket(constant(4)),
      [
        [0, 6, 4, 250],
        [500, 4, 2, 250],
        [2000, 6, 4, 250],
      ],
    ],
    [
      'token bucket, burst 1: one request per 1/N s, never two at once',
      () => tokenBucket(constant(4), 1),
      [
        [0, 3, 1, 250],
        [249, 1, 0, 1],
        [250, 2, 1, 250],
        [500, 2, 1, 250],
        [750, 2, 1, 250],
        [1000, 2, 1, 250],
        [5000, 3, 1, 250],
      ],
    ],
    [
      'token bucket, burst 8 over 4 a second: 8 at once, refilled in 2 s',
      () => tokenBucket(constant(4), 8),
      [
        [0, 10, 8, 250],
        [1000, 10, 4, 250],
        [3000, 10, 8, 250],
      ],
    ],
  ])('%s', (_name, make, steps) => {
    const limiter = make();
    const seen = steps.map(([at, sent]) => burst(limiter, T0 + at, sent));
    expect(seen).toEqual(steps.map(([, , admitted, wait]) => ({ admitted, wait })));
  });

  it('concurrency: N in flight, the next refused with a 1 s hint, a release frees one slot', () => {
    const cap = concurrencyCap(constant(2));
    expect(burst(cap, T0, 3)).toEqual({ admitted: 2, wait: 1000 });
    cap.release();
    expect(burst(cap, T0, 2)).toEqual({ admitted: 1, wait: 1000 });
    cap.release();
    cap.release();
    expect(burst(cap, T0, 3)).toEqual({ admitted: 2, wait: 1000 });
  });

  const SCHEDULE: RateSchedule = [
    { fromMs: 0, limit: 200 },
    { fromMs: 8000, limit: 100 },
    { fromMs: 16_000, limit: 300 },
  ];

  it.each([
    [0, 200],
    [7999, 200],
    [8000, 100],
    [15_999, 100],
    [16_000, 300],
    [3_600_000, 300],
    [-5, 200],
  ])('the schedule 200,100@8s,300@16s is %i ms in: %i', (elapsed, limit) => {
    expect(limitAt(SCHEDULE, elapsed)).toBe(limit);
  });

  it.each(['fixed', 'sliding', 'token-bucket', 'concurrency'] as const)('%s follows the schedule from startedAt', (kind) => {
    const startedAt = T0 + 123;
    const limiter = createLimiter({ kind, schedule: SCHEDULE, burst: undefined, startedAt });
    // 2 s idle between instants: every window has moved on and every bucket refilled.
    const admittedAt = (elapsed: number): number => {
      const { admitted } = burst(limiter, startedAt + elapsed, 400);
      if (limiter.kind === 'concurrency') for (let i = 0; i < admitted; i += 1) limiter.release();
      return admitted;
    };
    expect([admittedAt(2000), admittedAt(5000), admittedAt(10_000), admittedAt(13_000), admittedAt(18_000), admittedAt(21_000)]).toEqual([
      200, 200, 100, 100, 300, 300,
    ]);
  });
});

/** [ms after T0, requests sent then, the quota it reports right after]. */
type QuotaStep = [at: number, sent: number, quota: Quota];

describe('quota(now): what a rate limiter reports at an instant, over a manual clock', () => {
  it.each<[string, () => RateLimiter, QuotaStep[]]>([
    [
      'fixed: what is left of this window, reset at its end',
      () => fixedWindow(constant(3)),
      [
        [0, 0, { limit: 3, remaining: 3, resetMs: 1000 }],
        [250, 2, { limit: 3, remaining: 1, resetMs: 750 }],
        [900, 5, { limit: 3, remaining: 0, resetMs: 100 }],
        [1000, 0, { limit: 3, remaining: 3, resetMs: 1000 }],
      ],
    ],
    [
      "sliding: the limit less the last second's admissions, reset when the oldest leaves",
      () => slidingLog(constant(3)),
      [
        [0, 0, { limit: 3, remaining: 3, resetMs: 0 }],
        [100, 1, { limit: 3, remaining: 2, resetMs: 1000 }],
        [400, 1, { limit: 3, remaining: 1, resetMs: 700 }],
        [700, 5, { limit: 3, remaining: 0, resetMs: 400 }],
        [1100, 0, { limit: 3, remaining: 1, resetMs: 300 }],
        [2700, 0, { limit: 3, remaining: 3, resetMs: 0 }],
      ],
    ],
    [
      'token bucket: the rate per second, the whole tokens held, reset when it is full again',
      () => tokenBucket(constant(4)),
      [
        [0, 0, { limit: 4, remaining: 4, resetMs: 0 }],
        [0, 3, { limit: 4, remaining: 1, resetMs: 750 }],
        [100, 0, { limit: 4, remaining: 1, resetMs: 650 }],
        [1000, 6, { limit: 4, remaining: 0, resetMs: 1000 }],
        [5000, 0, { limit: 4, remaining: 4, resetMs: 0 }],
      ],
    ],
    [
      'token bucket, burst 8 over 4 a second: remaining can be over the limit',
      () => tokenBucket(constant(4), 8),
      [
        [0, 1, { limit: 4, remaining: 7, resetMs: 250 }],
        [0, 7, { limit: 4, remaining: 0, resetMs: 2000 }],
      ],
    ],
  ])('%s', (_name, make, steps) => {
    const limiter = make();
    const seen = steps.map(([at, sent]) => {
      burst(limiter, T0 + at, sent);
      return limiter.quota(T0 + at);
    });
    expect(seen).toEqual(steps.map(([, , quota]) => quota));
  });

  it.each([
    ['fixed', () => fixedWindow(constant(3))],
    ['sliding', () => slidingLog(constant(3))],
    ['token-bucket', () => tokenBucket(constant(3))],
    ['token-bucket, burst 1', () => tokenBucket(constant(3), 1)],
  ])('%s: asking changes nothing, and a refusal reports nothing left', (_name, make) => {
    const asked = make();
    const alone = make();
    const instants = [0, 0, 0, 0, 120, 340, 340, 999, 1000, 1001, 1500, 1500, 1500, 1900, 2600, 2601];
    for (const at of instants) {
      const answer = asked.admit(T0 + at);
      const quota = asked.quota(T0 + at);
      for (let i = 0; i < 3; i += 1) asked.quota(T0 + at + i * 300);
      expect(answer).toEqual(alone.admit(T0 + at));
      if (!answer.ok) {
        expect(quota.remaining).toBe(0);
        // The reset is never before the retry: a client that waits for it is not refused for being early.
        expect(quota.resetMs).toBeGreaterThanOrEqual(answer.retryAfterMs);
      }
    }
  });

  it.each(['fixed', 'sliding', 'token-bucket'] as const)('%s reports the limit in force now, as the schedule says', (kind) => {
    const limiter = createLimiter({ kind, schedule: [{ fromMs: 0, limit: 200 }, { fromMs: 8000, limit: 100 }], burst: undefined, startedAt: T0 });
    if (limiter.kind === 'concurrency') throw new Error('not a rate limiter');
    expect([limiter.quota(T0 + 7999).limit, limiter.quota(T0 + 8000).limit]).toEqual([200, 100]);
  });
});

const open = useSandboxes();
const send = statuses;
const admitted = async (sandbox: Sandbox, count: number): Promise<number> => (await send(sandbox, count)).filter((s) => s === 200).length;

describe('each limiter through the sandbox, over its injected clock', () => {
  it.each<[string, SandboxOptions, [at: number, sent: number, admitted: number][]]>([
    ['default (fixed): 2N around a window boundary', { rateLimit: 3 }, [[900, 5, 3], [1000, 5, 3], [1999, 2, 0], [2000, 4, 3]]],
    ['--limiter fixed, said outright, is the default', { rateLimit: 3, limiter: 'fixed' }, [[900, 5, 3], [1000, 5, 3]]],
    ['--limiter sliding: N around a window boundary', { rateLimit: 3, limiter: 'sliding' }, [[900, 5, 3], [1000, 5, 0], [1899, 2, 0], [1900, 5, 3]]],
    ['--limiter token-bucket: a burst of N, then N a second', { rateLimit: 4, limiter: 'token-bucket' }, [[0, 6, 4], [250, 3, 1], [500, 3, 1], [3000, 6, 4]]],
    [
      '--limiter token-bucket --burst 1: one request per 1/N s',
      { rateLimit: 4, limiter: 'token-bucket', burst: 1 },
      [[0, 3, 1], [100, 2, 0], [249, 2, 0], [250, 3, 1], [500, 3, 1], [750, 3, 1], [1000, 3, 1]],
    ],
    ['--limiter token-bucket --burst 6', { rateLimit: 2, limiter: 'token-bucket', burst: 6 }, [[0, 8, 6], [1000, 8, 2], [4000, 8, 6]]],
  ])('%s', async (_name, options, steps) => {
    const clock = manualClock(T0);
    const sandbox = await open({ ...options, clock: clock.now });
    const seen: number[] = [];
    for (const [at, sent] of steps) {
      clock.set(T0 + at);
      seen.push(await admitted(sandbox, sent));
    }
    expect(seen).toEqual(steps.map(([, , n]) => n));
    expect(sandbox.stats().rateLimited).toBe(steps.reduce((sum, [, sent, n]) => sum + sent - n, 0));
  });

  it('--rate-limit 200,100@8s,300@16s switches limits 8 s and 16 s after start', async () => {
    // Started half a second into a clock second, so the steps are seen to follow the start, not the clock's seconds.
    const clock = manualClock(T0 + 500);
    const sandbox = await open({ rateLimit: [{ fromMs: 0, limit: 200 }, { fromMs: 8000, limit: 100 }, { fromMs: 16_000, limit: 300 }], clock: clock.now });
    const seen: number[] = [];
    for (const at of [1000, 8499, 8500, 9000, 16_000, 16_499, 16_500, 17_000]) {
      clock.set(T0 + at);
      seen.push(await admitted(sandbox, 320));
    }
    // 7.999 s after start is still 200; from 8 s the window that has admitted 200 is over 100, and the next admits 100;
    // from 16 s, 300 a window: the one that had admitted 100 takes 200 more.
    expect(seen).toEqual([200, 200, 0, 100, 100, 0, 200, 300]);
  });

  it('the 429 names the limit in force and the limiter', async () => {
    const clock = manualClock(T0);
    const sandbox = await open({ rateLimit: 1, limiter: 'sliding', clock: clock.now });
    const api = client(sandbox);
    await api.byPhone('+14155552671');
    const refused = await api.byPhone('+14155552671');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error_code: 4290001, error_description: 'Rate limit exceeded: over 1 requests in the last second' });
  });
});

describe('--limiter concurrency, with requests held by --latency (real time)', () => {
  it('admits N held requests, refuses the next at once with 429, and frees the slots as they are answered', async () => {
    const sandbox = await open({ rateLimit: 3, limiter: 'concurrency', latencyMs: 1000, seed: 1 });
    const api = client(sandbox);
    const held = Array.from({ length: 3 }, () => api.byPhone('+14155552671'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const began = performance.now();
    const refused = await api.byPhone('+14155552671');
    expect(refused.status).toBe(429);
    // Refused on arrival, not after waiting out the latency.
    expect(performance.now() - began).toBeLessThan(500);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toMatchObject({ error_description: 'Rate limit exceeded: over 3 requests in flight' });
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200, 200]);
    const again = await Promise.all(Array.from({ length: 3 }, () => api.byPhone('+14155552671')));
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(sandbox.stats().rateLimited).toBe(1);
  });

  it('frees the slot of a request that failed or was refused by the API itself', async () => {
    const sandbox = await open({ rateLimit: 1, limiter: 'concurrency' });
    const api = client(sandbox);
    expect((await api.request('GET', '/no/such/path')).status).toBe(404);
    expect((await client(sandbox, 'wrong').byPhone('+14155552671')).status).toBe(401);
    expect((await api.byPhone('+14155552671')).status).toBe(200);
  });
});
