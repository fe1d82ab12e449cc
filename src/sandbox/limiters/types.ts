/** The answer of a limiter to one request: admitted, or refused with the time until a retry could be admitted. */
export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

/** The limit in force at an instant (ms since the epoch, on the sandbox's clock). */
export type LimitAt = (now: number) => number;

// The limiter shapes `--limiter` offers: config/ checks the flag against them.
export { LIMITER_KINDS, type LimiterKind } from '../../config/sandbox-vocabulary.js';

/** A rate limiter's state at an instant, as rate-limit headers state it: the limit in force, what is left, when more comes back. */
export interface Quota {
  /** Requests a one-second window allows (for the token bucket: its rate). */
  limit: number;
  /** Requests that would be admitted now, one after another. */
  remaining: number;
  /**
   * Ms until requests come back: the window's end (fixed), the oldest admission leaving the window (sliding), the
   * bucket full again (token bucket). 0 when the sliding log is empty or the bucket full.
   */
  resetMs: number;
}

/** Counts requests over time; asked once per request, after --latency as --rate-limit always has been. */
export interface RateLimiter {
  readonly kind: 'fixed' | 'sliding' | 'token-bucket';
  admit(now: number): Admission;
  /** The state at `now`, changing nothing: asked right after admit(now), it describes the state that decided. */
  quota(now: number): Quota;
}

/** Counts requests in flight; asked on arrival, and told by release() when an admitted request has been answered. */
export interface ConcurrencyLimiter {
  readonly kind: 'concurrency';
  admit(now: number): Admission;
  release(): void;
}

export type Limiter = RateLimiter | ConcurrencyLimiter;
