import { concurrencyCap } from './concurrency.js';
import { fixedWindow } from './fixed-window.js';
import { limitAt, type RateSchedule } from './schedule.js';
import { slidingLog } from './sliding-log.js';
import { tokenBucket } from './token-bucket.js';
import type { Limiter, LimiterKind } from './types.js';

export interface LimiterSpec {
  kind: LimiterKind;
  schedule: RateSchedule;
  /** Token bucket only; default the limit in force. */
  burst: number | undefined;
  /** Where the schedule's 0 is, on the same clock as admit(now). */
  startedAt: number;
}

/** The limiter of this shape, its limit following the schedule from `startedAt`. */
export function createLimiter({ kind, schedule, burst, startedAt }: LimiterSpec): Limiter {
  const limit = (now: number): number => limitAt(schedule, now - startedAt);
  switch (kind) {
    case 'fixed':
      return fixedWindow(limit);
    case 'sliding':
      return slidingLog(limit);
    case 'token-bucket':
      return tokenBucket(limit, burst);
    case 'concurrency':
      return concurrencyCap(limit);
  }
}

/** What a 429 says it was over, e.g. `over 200 requests a second`. */
export function describeOverLimit(kind: LimiterKind, limit: number, burst: number | undefined): string {
  switch (kind) {
    case 'fixed':
      return `over ${limit} requests a second`;
    case 'sliding':
      return `over ${limit} requests in the last second`;
    case 'token-bucket':
      return `over ${limit} requests a second, burst ${burst ?? limit}`;
    case 'concurrency':
      return `over ${limit} requests in flight`;
  }
}
