import type { Admission, ConcurrencyLimiter, LimitAt } from './types.js';

/** The server cannot know when a request in flight will end, so a refusal suggests a second, as many APIs do. */
export const CONCURRENCY_RETRY_AFTER_MS = 1000;

/** At most limit(now) requests in flight; each admitted request must be released once, when it has been answered. */
export function concurrencyCap(limitAt: LimitAt): ConcurrencyLimiter {
  let inFlight = 0;
  return {
    kind: 'concurrency',
    admit(now: number): Admission {
      if (inFlight >= limitAt(now)) return { ok: false, retryAfterMs: CONCURRENCY_RETRY_AFTER_MS };
      inFlight += 1;
      return { ok: true };
    },
    release(): void {
      inFlight = Math.max(0, inFlight - 1);
    },
  };
}
