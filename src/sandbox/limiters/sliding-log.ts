import type { Admission, LimitAt, Quota, RateLimiter } from './types.js';

/**
 * At most limit(now) admitted in the one second ending now, kept as a log of admission times.
 * A log rather than the two-bucket estimate: it is exact (the estimate can admit more than N in some
 * one-second span, which is the very thing a client must learn not to do), and a sandbox's limits are
 * small enough that N timestamps cost nothing.
 */
export function slidingLog(limitAt: LimitAt): RateLimiter {
  const log: number[] = [];
  let head = 0;
  /** Where the entries still in the window ending `now` start, from `head`. */
  const firstInWindow = (now: number): number => {
    let first = head;
    while (first < log.length && (log[first] as number) <= now - 1000) first += 1;
    return first;
  };
  /** When an admission reopens: enough of the oldest entries have left the window to bring the count below the limit. */
  const freeingAt = (first: number, limit: number): number | undefined => log[first + Math.max(0, log.length - first - limit)];
  return {
    kind: 'sliding',
    admit(now: number): Admission {
      head = firstInWindow(now);
      // Compact now and then, so the array does not grow with every request ever admitted.
      if (head > 1024 && head * 2 > log.length) {
        log.splice(0, head);
        head = 0;
      }
      const limit = limitAt(now);
      if (log.length - head < limit) {
        log.push(now);
        return { ok: true };
      }
      return { ok: false, retryAfterMs: Math.max(1, (freeingAt(head, limit) as number) + 1000 - now) };
    },
    quota(now: number): Quota {
      const first = firstInWindow(now);
      const limit = limitAt(now);
      // The oldest entry leaving gives one request back (the entry that reopens admission, should a lowered limit be exceeded).
      const freeing = freeingAt(first, limit);
      return { limit, remaining: Math.max(0, limit - (log.length - first)), resetMs: freeing === undefined ? 0 : freeing + 1000 - now };
    },
  };
}
