import { describe, expect, it } from 'vitest';
import type { RateStep } from '../../src/sandbox/limiters/index.js';
import { capacityOf, simulateImport, type SimulatedServer } from '../support/throttle-simulation.js';

/**
 * The throttle against every limiter shape the sandbox offers, and some it does not by default (latency, a far lower
 * or higher limit), in simulated time: 20 s of `import --concurrency 32` each, with jittered timers and network, on
 * three seeds. The real-time figures are the bench's (`BENCH_ONLY=limiters npm run bench`); these hold the mechanism.
 */

const step = (limit: number, fromMs = 0): RateStep => ({ fromMs, limit });
const SECONDS = 20;

interface Shape {
  name: string;
  server: SimulatedServer;
  /** Least share of the capacity used, and most share of requests answered 429, over the 20 s. */
  capacity: number;
  rejected: number;
}

const SHAPES: Shape[] = [
  { name: 'fixed one-second windows', server: { limiter: 'fixed', schedule: [step(200)] }, capacity: 0.95, rejected: 0.02 },
  { name: 'a sliding one-second window', server: { limiter: 'sliding', schedule: [step(200)] }, capacity: 0.95, rejected: 0.02 },
  { name: 'a token bucket, burst 200', server: { limiter: 'token-bucket', schedule: [step(200)], burst: 200 }, capacity: 0.95, rejected: 0.02 },
  { name: 'a token bucket, burst 10', server: { limiter: 'token-bucket', schedule: [step(200)], burst: 10 }, capacity: 0.95, rejected: 0.015 },
  // Two outcomes, by when the limit rises: 0.91 when the curve is past its plateau then; 0.85 when a hold at the end of
  // a used-up window has just started it over, and it takes the cubic's 2.8 s to triple.
  { name: 'a limit that halves, then rises', server: { limiter: 'fixed', schedule: [step(200), step(100, 7_000), step(300, 14_000)] }, capacity: 0.84, rejected: 0.025 },
  { name: 'a limit shared with a steady 100/s client', server: { limiter: 'fixed', schedule: [step(200)], otherClientPerSecond: 100 }, capacity: 0.93, rejected: 0.035 },
  { name: '429s without Retry-After', server: { limiter: 'fixed', schedule: [step(200)], retryAfter: 'none' }, capacity: 0.95, rejected: 0.02 },
  { name: 'Retry-After as an HTTP date', server: { limiter: 'sliding', schedule: [step(200)], retryAfter: 'date' }, capacity: 0.93, rejected: 0.02 },
  { name: 'a token bucket, burst 10, 50 ms latency', server: { limiter: 'token-bucket', schedule: [step(200)], burst: 10, latencyMs: 50 }, capacity: 0.88, rejected: 0.025 },
  { name: 'a high limit: 1,000/s', server: { limiter: 'fixed', schedule: [step(1000)] }, capacity: 0.95, rejected: 0.01 },
  // nginx's limit_req without `burst`: a request sooner than 1/rate after the last is refused. Each probe above the
  // limit costs a refusal, which at 20/s is a larger share than at 200/s.
  { name: 'requests spaced evenly at 20/s (no burst)', server: { limiter: 'token-bucket', schedule: [step(20)], burst: 1 }, capacity: 0.8, rejected: 0.07 },
  { name: 'a low limit: 30/s, sliding', server: { limiter: 'sliding', schedule: [step(30)] }, capacity: 0.9, rejected: 0.08 },
];

describe.each(SHAPES)('the throttle against $name', ({ server, capacity, rejected }) => {
  it.each([1, 2, 3])('seed %i: every row done, the capacity used, few 429s', (seed) => {
    const run = simulateImport({ server, seconds: SECONDS, seed });
    expect(run.rowsFailed).toBe(0);
    expect(run.accepted / (capacityOf(server, SECONDS) - run.otherAccepted)).toBeGreaterThanOrEqual(capacity);
    expect(run.rateLimited / run.requests).toBeLessThanOrEqual(rejected);
  });
});

describe('the throttle against a cap on requests in flight', () => {
  it.each([1, 2, 3])('seed %i: keeps to the cap, and gets as far as a client sending that many at once', (seed) => {
    const server: SimulatedServer = { limiter: 'concurrency', schedule: [step(8)], latencyMs: 20 };
    const capped = simulateImport({ server, seconds: SECONDS, seed });
    const uncapped = simulateImport({ server: { limiter: 'fixed', schedule: [step(1e9)], latencyMs: 20 }, seconds: SECONDS, seed, concurrency: 8 });
    expect(capped.rowsFailed).toBe(0);
    expect(capped.throttle.inFlightCap).toBe(8);
    expect(capped.accepted / uncapped.accepted).toBeGreaterThanOrEqual(0.93);
    expect(capped.rateLimited / capped.requests).toBeLessThanOrEqual(0.01);
  });
});

describe('the throttle without any limit', () => {
  it('never waits and never sets a rate', () => {
    const run = simulateImport({ server: { limiter: 'fixed', schedule: [step(1e9)], latencyMs: 50 }, seconds: 5 });
    expect(run.rateLimited).toBe(0);
    expect(run.rateBySecond.every((rate) => rate === undefined)).toBe(true);
    // 32 in flight at 50 ms (±20 %): 640 a second, less the network.
    expect(run.accepted / 5).toBeGreaterThan(600);
  });
});

describe("the throttle against a token bucket's large burst, spent at the start of a run", () => {
  // Slow start reaches --concurrency before the bucket is empty: what is in flight then is refused. The last second
  // then read the burst (100 in 0.1 s: 1,000 a second and more), and the run went on holding and refusing at that
  // pace until a second after; the rate it keeps to is what the bucket restores.
  it.each([
    [100, 100],
    [200, 100],
    [1000, 100],
    [1000, 200],
  ])('burst %i at %i/s: a second in, paced at the refill; about one --concurrency of 429s in all', (burst, limit) => {
    for (const seed of [1, 2, 3]) {
      const run = simulateImport({ server: { limiter: 'token-bucket', schedule: [step(limit)], burst }, seconds: 5, seed });
      expect(run.rowsFailed).toBe(0);
      const rateAtOneSecond = run.rateBySecond[1] ?? Number.POSITIVE_INFINITY;
      expect(rateAtOneSecond).toBeGreaterThan(0.7 * limit);
      expect(rateAtOneSecond).toBeLessThan(1.5 * limit);
      expect(run.rateLimited).toBeLessThanOrEqual(2 * 32);
    }
  });
});

describe('the throttle against a sliding window filled by the first burst, on a loaded machine', () => {
  // Timers up to 10 ms late and 1 to 10 ms of network. The window gives nothing back until the burst's second is
  // over: what it accepted since the first hold then read as a rate of 3 a second, and one run in six crawled up
  // from there (104 of 300 in 3 s).
  it('never takes what the window gives back early for its rate', () => {
    const server: SimulatedServer = { limiter: 'sliding', schedule: [step(100)] };
    for (let seed = 1; seed <= 12; seed += 1) {
      const run = simulateImport({ server, seconds: 3, seed, timerLateMs: 10, networkMs: [1, 10] });
      expect(run.accepted, `seed ${seed}`).toBeGreaterThan(0.85 * capacityOf(server, 3));
    }
  });
});
