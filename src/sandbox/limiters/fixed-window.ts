import type { Admission, LimitAt, Quota, RateLimiter } from './types.js';

/** At most limit(now) admitted per clock-aligned second; a refusal waits for the next second. */
export function fixedWindow(limitAt: LimitAt): RateLimiter {
  let windowStart = Number.NEGATIVE_INFINITY;
  let admitted = 0;
  return {
    kind: 'fixed',
    admit(now: number): Admission {
      const start = Math.floor(now / 1000) * 1000;
      if (start !== windowStart) {
        windowStart = start;
        admitted = 0;
      }
      if (admitted >= limitAt(now)) return { ok: false, retryAfterMs: start + 1000 - now };
      admitted += 1;
      return { ok: true };
    },
    quota(now: number): Quota {
      const start = Math.floor(now / 1000) * 1000;
      const limit = limitAt(now);
      const used = start === windowStart ? admitted : 0;
      return { limit, remaining: Math.max(0, limit - used), resetMs: start + 1000 - now };
    },
  };
}
