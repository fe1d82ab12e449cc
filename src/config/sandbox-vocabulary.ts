/** The words the sandbox's flags take, here so config/ can check them; the sandbox re-exports them. No imports. */

export type DateStyle = 'iso' | 'epoch';

/** The limiter shapes `--limiter` offers. */
export const LIMITER_KINDS = ['fixed', 'sliding', 'token-bucket', 'concurrency'] as const;
export type LimiterKind = (typeof LIMITER_KINDS)[number];

/** How a rate-limit 429 says when to retry: delay-seconds rounded up, an HTTP-date, or no Retry-After at all. */
export const RETRY_AFTER_STYLES = ['seconds', 'date', 'none'] as const;
export type RetryAfterStyle = (typeof RETRY_AFTER_STYLES)[number];

/** The status a request over the limit is answered with: 429, or 503 as nginx's limit_req answers unless told otherwise. */
export const RATE_LIMIT_STATUSES = [429, 503] as const;
export type RateLimitStatus = (typeof RATE_LIMIT_STATUSES)[number];

/**
 * Which rate-limit headers state the quota on answers the rate limiter judged: the current IETF draft
 * (`RateLimit-Policy` and `RateLimit`), its older drafts (`RateLimit-Limit`, `-Remaining`, `-Reset`), the de-facto
 * `X-RateLimit-*` (reset in epoch seconds, as GitHub sends it), or none.
 */
export const RATE_LIMIT_HEADER_STYLES = ['ietf', 'legacy', 'x', 'none'] as const;
export type RateLimitHeaderStyle = (typeof RATE_LIMIT_HEADER_STYLES)[number];
