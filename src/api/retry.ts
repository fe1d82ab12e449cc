import { clockSkew } from './clock-skew.js';
import type { RateLimitHint } from './rate-limit-headers.js';

/**
 * When a failed request is tried again, and after how long: a pure function of the failure and the tries so far,
 * so the client's loop only waits and sends. The same rules ky's retry applied before (statuses, back-off, jitter),
 * with one difference: a Retry-After longer than the cap gives the request up instead of waiting the cap.
 */

/** Statuses worth another try; 400, 401, 403, 404, 409 and 422 would only fail again. */
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Statuses whose Retry-After is honoured (as ky's afterStatusCodes). */
const RETRY_AFTER_STATUSES = new Set([429, 503]);
/** Retry-After as a number: digits, optionally signed or with a fraction. */
const DELAY_SECONDS = /^-?\d{1,15}(?:\.\d{1,9})?$/;
/** Numbers this large in Retry-After are read as a moment (epoch), not a delay, as ky does. */
const EPOCH_THRESHOLD_MS = Date.parse('2024-01-01');

export interface RetryPolicy {
  /** Tries after the first (--retries). */
  retries: number;
  /** Longest Retry-After waited; past it the request is given up (the row fails RATE_LIMITED). */
  maxRetryAfterMs: number;
  /** Back-off before the first retry; doubles on each further one. */
  baseDelayMs: number;
  /** Longest back-off between two tries. */
  maxDelayMs: number;
}

/** Longest Retry-After honoured, and longest the throttle pauses the run: ky's maxRetryAfter, as before. */
export const MAX_RETRY_AFTER_MS = 120_000;

export const DEFAULT_BACKOFF = { baseDelayMs: 250, maxDelayMs: 15_000, maxRetryAfterMs: MAX_RETRY_AFTER_MS } as const;

/** What went wrong with one try. */
export type TryFailure =
  /** hint: the answer's rate-limit headers, for the throttle. */
  | { kind: 'status'; status: number; retryAfterMs: number | undefined; hint?: RateLimitHint | undefined }
  | { kind: 'timeout' }
  | { kind: 'network'; certificate: boolean }
  /** The answer's body ran past http-exchange.ts's cap. */
  | { kind: 'too-large'; status: number };

export type RetryDecision =
  | { retry: true; delayMs: number }
  /** waitAskedMs: the server's Retry-After, when it was the reason to give up (longer than the cap). */
  | { retry: false; waitAskedMs?: number };

/**
 * An answer's Retry-After as milliseconds from now. Its date (and epoch) forms are instants on the server's clock
 * (RFC 9110): when the answer's Date header shows that clock off this machine's by more than the header's whole
 * seconds and the round trip explain, they are read on the server's clock. A server 10 min ahead would otherwise
 * ask, by its dates, for a 10-minute wait, which stops the run (longer than MAX_RETRY_AFTER_MS); one behind, for
 * none at all.
 */
export function answerRetryAfterMs(headers: { get(name: string): string | null }, sentAt: number, receivedAt = Date.now()): number | undefined {
  const skew = clockSkew(headers.get('date'), sentAt, receivedAt);
  const serverNow = skew === undefined || skew.leastMs === 0 ? receivedAt : receivedAt + skew.estimateMs;
  return retryAfterMs(headers.get('retry-after'), serverNow);
}

/** Retry-After as milliseconds from now: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  const text = header?.trim();
  if (text === undefined || text === '') return undefined;
  // Digits, as RFC 9110's delay-seconds (and a fraction or sign some servers send): Number() alone would read
  // `0x10` as 16 s and `1e3` as 1,000 s, a wait past the cap that stops the run.
  const seconds = DELAY_SECONDS.test(text) ? Number(text) : Number.NaN;
  if (Number.isFinite(seconds)) {
    const ms = seconds * 1000;
    return Math.max(0, ms >= EPOCH_THRESHOLD_MS ? ms - now : ms);
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function retryable(failure: TryFailure): boolean {
  switch (failure.kind) {
    case 'status':
      return RETRY_STATUSES.has(failure.status);
    case 'timeout':
      return true;
    case 'network':
      // An untrusted certificate fails every try alike.
      return !failure.certificate;
    case 'too-large':
      // A server that sent that much once will send it again, and a create may have been stored (as with any unusable answer).
      return false;
  }
}

/** Exponential back-off with jitter: base * 2^(n-1), scaled by 50-100 %, at most maxDelayMs. */
export function backoffMs(retryNumber: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const delay = policy.baseDelayMs * 2 ** (retryNumber - 1);
  return Math.min(policy.maxDelayMs, delay * (0.5 + random() * 0.5));
}

/** Whether to try again after `failure`, `retriesDone` retries into the request, and how long to wait first. */
export function decideRetry(failure: TryFailure, retriesDone: number, policy: RetryPolicy, random = Math.random): RetryDecision {
  if (!retryable(failure)) return { retry: false };
  const asked = failure.kind === 'status' && RETRY_AFTER_STATUSES.has(failure.status) ? failure.retryAfterMs : undefined;
  // Checked before the retries left, so the message gives the wait even with --retries 0.
  if (asked !== undefined && asked > policy.maxRetryAfterMs) return { retry: false, waitAskedMs: asked };
  if (retriesDone >= policy.retries) return { retry: false };
  // The server's own timing is taken as it is, without jitter.
  return { retry: true, delayMs: asked ?? backoffMs(retriesDone + 1, policy, random) };
}
