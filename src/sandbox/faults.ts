import { createLimiter, describeOverLimit, limitAt, type Limiter } from './limiters/index.js';
import type { ResolvedOptions } from './options.js';
import { quotaHeaders } from './quota-headers.js';
import { tooManyRequests, withHeaders, type ApiResponse } from './responses.js';

/** What a committed create answers instead of 200 under --fail-after-commit. */
export type AfterCommitFault = 'error' | 'drop';

/** A rate limiter's judgement of one request. */
export interface RateVerdict {
  /** The wait in ms when the request is over the limit; undefined when it was admitted. */
  retryAfterMs: number | undefined;
  /** The quota as --rate-limit-headers states it, from the state that decided; empty for `none`. */
  headers: Readonly<Record<string, string>>;
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** Decides, from the seeded streams and the clock, which requests meet which fault. Pure apart from its counters. */
export class Faults {
  private afterCommitCount = 0;
  private readonly limiter: Limiter | undefined;
  /** Where the rate-limit schedule's 0 is: the clock when the sandbox started. */
  private readonly startedAt: number;

  constructor(private readonly options: ResolvedOptions) {
    this.startedAt = options.clock();
    const { rateLimit } = options;
    this.limiter = rateLimit && createLimiter({ kind: rateLimit.limiter, schedule: rateLimit.schedule, burst: rateLimit.burst, startedAt: this.startedAt });
  }

  /** Milliseconds to hold this request: the latency with ±20% jitter, or 0. */
  latency(): number {
    const { latencyMs, random } = this.options;
    return latencyMs > 0 ? latencyMs * (0.8 + 0.4 * random.latency()) : 0;
  }

  /** On arrival, for a cap on requests in flight: the wait in ms when every slot is taken; else undefined, and leave() must follow. */
  enter(): number | undefined {
    if (this.limiter?.kind !== 'concurrency') return undefined;
    const admission = this.limiter.admit(this.options.clock());
    return admission.ok ? undefined : admission.retryAfterMs;
  }

  /** The request that entered has been answered (or dropped). */
  leave(): void {
    if (this.limiter?.kind === 'concurrency') this.limiter.release();
  }

  /** After --latency, for the rate limiters (fixed by default): their verdict on this request; undefined when there is none. */
  judgeRate(): RateVerdict | undefined {
    const { limiter, options } = this;
    if (limiter === undefined || limiter.kind === 'concurrency') return undefined;
    const now = options.clock();
    const admission = limiter.admit(now);
    const style = options.rateLimit?.headers ?? 'none';
    // Asked at the same instant, straight after admit: the headers describe the state that decided.
    const headers = style === 'none' ? NO_HEADERS : quotaHeaders(style, limiter.quota(now), now);
    return { retryAfterMs: admission.ok ? undefined : admission.retryAfterMs, headers };
  }

  /** The 429 (or 503) for a request over the limit, its Retry-After in the configured style, with the verdict's quota headers. */
  rateLimited(waitMs: number, headers: Readonly<Record<string, string>> = NO_HEADERS): ApiResponse {
    const { rateLimit, clock } = this.options;
    if (rateLimit === undefined) throw new Error('rateLimited() without a rate limit');
    const now = clock();
    const over = describeOverLimit(rateLimit.limiter, limitAt(rateLimit.schedule, now - this.startedAt), rateLimit.burst);
    const retryAfter = rateLimit.retryAfter === 'date' ? { style: 'date' as const, now } : { style: rateLimit.retryAfter };
    return withHeaders(tooManyRequests(waitMs, `Rate limit exceeded: ${over}`, retryAfter, rateLimit.status), headers);
  }

  /** True for the share --fail-rate of requests. */
  failNow(): boolean {
    const { failRate, random } = this.options;
    return failRate > 0 && random.failRate() < failRate;
  }

  /** For the share --fail-after-commit of stored creates: a 500 and a dropped connection, in turn. */
  afterCommit(): AfterCommitFault | undefined {
    const { failAfterCommit, random } = this.options;
    if (failAfterCommit === 0 || random.afterCommit() >= failAfterCommit) return undefined;
    this.afterCommitCount += 1;
    return this.afterCommitCount % 2 === 1 ? 'error' : 'drop';
  }
}
