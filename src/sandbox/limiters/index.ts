export { createLimiter, describeOverLimit, type LimiterSpec } from './create.js';
export { concurrencyCap, CONCURRENCY_RETRY_AFTER_MS } from './concurrency.js';
export { fixedWindow } from './fixed-window.js';
export { slidingLog } from './sliding-log.js';
export { tokenBucket } from './token-bucket.js';
export { formatSchedule, limitAt, parseRateSchedule, scheduleProblem, type RateSchedule, type RateStep } from './schedule.js';
export { LIMITER_KINDS, type Admission, type ConcurrencyLimiter, type LimitAt, type Limiter, type LimiterKind, type Quota, type RateLimiter } from './types.js';
