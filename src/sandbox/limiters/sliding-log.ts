import type { Admission, LimitAt, RateLimiter } from './types.js';

/**
 * At most limit(now) admitted in the one second ending now, kept as a log of admission times.
 * A log rather than the two-bucket estimate: it is exact (the estimate can admit more than N in some
 * one-second span, which is the very thing a client must learn not to do), and a sandbox's limits are
 * small enough that N timestamps cost nothing.
 */
export function slidingLog(limitAt: LimitAt): RateLimiter {
  const log: number[] = [];
  let head = 0;
  return {
    kind: 'sliding',
    admit(now: number): Admission {
      while (head < log.length && (log[head] as number) <= now - 1000) head += 1;
      // Compact now and then, so the array does not grow with every request ever admitted.
      if (head > 1024 && head * 2 > log.length) {
        log.splice(0, head);
        head = 0;
      }
      const inWindow = log.length - head;
      const limit = limitAt(now);
      if (inWindow < limit) {
        log.push(now);
        return { ok: true };
      }
      // Admission reopens when enough of the oldest entries leave the window to bring the count below the limit.
      const freeing = log[head + inWindow - limit] as number;
      return { ok: false, retryAfterMs: Math.max(1, freeing + 1000 - now) };
    },
  };
}
