import type { Admission, LimitAt, Quota, RateLimiter } from './types.js';

/** Float slack, so a bucket refilled to 0.9999999 of a token after exactly 1/N s still admits. */
const EPSILON = 1e-9;

/**
 * Refills limit(now) tokens a second up to `burst` (default: limit(now), one second's worth); a request takes one.
 * Starts full. burst 1 means no burst at all: admitted requests are at least 1/N s apart.
 */
export function tokenBucket(limitAt: LimitAt, burst?: number): RateLimiter {
  let tokens: number | undefined;
  let last = 0;
  /** The tokens held at `now`. The gap is refilled at the rate in force now: a schedule step is off by at most one gap. */
  const held = (now: number, rate: number, capacity: number): number =>
    tokens === undefined ? capacity : Math.min(capacity, tokens + (Math.max(0, now - last) * rate) / 1000);
  /** Whole milliseconds to refill `missing` tokens, rounded up so that waiting exactly that long is never early. */
  const refillMs = (missing: number, rate: number): number => Math.ceil((missing * 1000) / rate - EPSILON * 1000);
  return {
    kind: 'token-bucket',
    admit(now: number): Admission {
      const rate = limitAt(now);
      tokens = held(now, rate, burst ?? rate);
      last = Math.max(last, now);
      if (tokens >= 1 - EPSILON) {
        tokens = Math.max(0, tokens - 1);
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.max(1, refillMs(1 - tokens, rate)) };
    },
    quota(now: number): Quota {
      const rate = limitAt(now);
      const capacity = burst ?? rate;
      const inBucket = held(now, rate, capacity);
      // Remaining may exceed the limit: a burst over one second's worth is just that.
      return { limit: rate, remaining: Math.floor(inBucket + EPSILON), resetMs: Math.max(0, refillMs(capacity - inBucket, rate)) };
    },
  };
}
