/** The answer of a limiter to one request: admitted, or refused with the time until a retry could be admitted. */
export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

/** The limit in force at an instant (ms since the epoch, on the sandbox's clock). */
export type LimitAt = (now: number) => number;

/** The limiter shapes `--limiter` offers. */
export const LIMITER_KINDS = ['fixed', 'sliding', 'token-bucket', 'concurrency'] as const;
export type LimiterKind = (typeof LIMITER_KINDS)[number];

/** Counts requests over time; asked once per request, after --latency as --rate-limit always has been. */
export interface RateLimiter {
  readonly kind: 'fixed' | 'sliding' | 'token-bucket';
  admit(now: number): Admission;
}

/** Counts requests in flight; asked on arrival, and told by release() when an admitted request has been answered. */
export interface ConcurrencyLimiter {
  readonly kind: 'concurrency';
  admit(now: number): Admission;
  release(): void;
}

export type Limiter = RateLimiter | ConcurrencyLimiter;
