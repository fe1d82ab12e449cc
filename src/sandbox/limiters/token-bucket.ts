import type { Admission, LimitAt, RateLimiter } from './types.js';

/** Float slack, so a bucket refilled to 0.9999999 of a token after exactly 1/N s still admits. */
const EPSILON = 1e-9;

/**
 * Refills limit(now) tokens a second up to `burst` (default: limit(now), one second's worth); a request takes one.
 * Starts full. burst 1 means no burst at all: admitted requests are at least 1/N s apart.
 */
export function tokenBucket(limitAt: LimitAt, burst?: number): RateLimiter {
  let tokens: number | undefined;
  let last = 0;
  return {
    kind: 'token-bucket',
    admit(now: number): Admission {
      const rate = limitAt(now);
      const capacity = burst ?? rate;
      // The gap is refilled at the rate in force now: a schedule step is off by at most one gap.
      tokens = tokens === undefined ? capacity : Math.min(capacity, tokens + (Math.max(0, now - last) * rate) / 1000);
      last = Math.max(last, now);
      if (tokens >= 1 - EPSILON) {
        tokens = Math.max(0, tokens - 1);
        return { ok: true };
      }
      // Whole milliseconds, rounded up so that waiting exactly that long is never early.
      return { ok: false, retryAfterMs: Math.max(1, Math.ceil(((1 - tokens) * 1000) / rate - EPSILON * 1000)) };
    },
  };
}
