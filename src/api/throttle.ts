import { MAX_RETRY_AFTER_MS } from './retry.js';

/**
 * One limiter shared by every request of a run. Without a 429 it lets everything through (or up to --rate).
 * A 429 tells us the server's limit: what it accepted over the last second. The rate drops just under that and
 * climbs back toward it as quiet seconds pass, without probing past it for a while; so the run settles just under
 * the server's limit instead of each worker retrying into it on its own.
 */

export interface ThrottleOptions {
  /** Hard cap in requests a second (--rate); undefined = none. */
  maxRate?: number | undefined;
  /** Milliseconds; injectable for tests. */
  now?: () => number;
}

/** On a 429, the new rate is this share of the rate the server accepted over the last second. */
const DECREASE = 0.95;
/** Each quiet second, the rate grows by this factor. */
const INCREASE = 1.01;
/** How close to the last limit seen the rate may climb before probing past it. */
const CEILING_SHARE = 0.99;
/** How long the last limit seen caps the rate; after that the run probes for a raised limit. */
const CEILING_MS = 30_000;
/** A 429 within this many ms of the last decrease belongs to the same burst and does not lower the rate again. */
const SAME_BURST_MS = 1_000;
/** Above this (requests a second) the adaptive limit is dropped altogether. */
const UNLIMITED_ABOVE = 20_000;

const BUCKETS = 10;
const BUCKET_MS = 100;

export class Throttle {
  private readonly now: () => number;
  private readonly maxRate: number;
  private rate: number;
  private nextSlot = 0;
  private pausedUntil = 0;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  private lastRaise = 0;
  /** What the server accepted in the second before its last 429, and until when that caps the rate. */
  private ceiling = Number.POSITIVE_INFINITY;
  private ceilingUntil = 0;
  /** Successful responses per 100 ms over the last second, to measure what the server accepts. */
  private readonly accepted = new Uint32Array(BUCKETS);
  private bucketTime = 0;

  constructor(options: ThrottleOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.maxRate = options.maxRate ?? Number.POSITIVE_INFINITY;
    this.rate = this.maxRate;
  }

  /** Current limit in requests a second, or undefined when none applies. */
  get currentRate(): number | undefined {
    return Number.isFinite(this.rate) ? this.rate : undefined;
  }

  /** Resolves when the caller may send one request. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await sleep(wait, signal);
  }

  /** Milliseconds the caller must wait for its slot (0 = go now); reserves the slot. */
  reserve(): number {
    const now = this.now();
    const start = Math.max(now, this.pausedUntil);
    if (!Number.isFinite(this.rate)) return start - now;
    const slot = Math.max(start, this.nextSlot);
    this.nextSlot = slot + 1000 / this.rate;
    return slot - now;
  }

  /** A request was answered without a rate limit. */
  onSuccess(): void {
    const now = this.now();
    this.accepted[this.bucketIndex(now)]! += 1;
    if (!Number.isFinite(this.rate) || this.rate >= this.maxRate) return;
    if (now - this.lastDecrease < SAME_BURST_MS || now - this.lastRaise < 1_000) return;
    this.lastRaise = now;
    const cap = now < this.ceilingUntil ? this.ceiling * CEILING_SHARE : Number.POSITIVE_INFINITY;
    this.rate = Math.min(this.maxRate, Math.max(this.rate, Math.min(cap, this.rate * INCREASE)));
    if (this.rate > UNLIMITED_ABOVE) this.rate = this.maxRate;
  }

  /** The server answered 429 for the whole client (not a per-contact limit). */
  onRateLimited(retryAfterMs: number | undefined): void {
    const now = this.now();
    if (now - this.lastDecrease < SAME_BURST_MS) {
      // Still over the limit after lowering the rate: everyone waits as the server asked, never past the cap.
      if (retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
      return;
    }
    this.lastDecrease = now;
    const acceptedRate = this.acceptedLastSecond(now);
    if (acceptedRate > 0) {
      this.ceiling = acceptedRate;
      this.ceilingUntil = now + CEILING_MS;
    }
    const base = Number.isFinite(this.rate) ? Math.min(this.rate, Math.max(acceptedRate, 1)) : Math.max(acceptedRate, 1);
    this.rate = Math.min(this.maxRate, Math.max(1, base * DECREASE));
    this.nextSlot = Math.max(this.nextSlot, now);
  }

  private bucketIndex(now: number): number {
    const bucket = Math.floor(now / BUCKET_MS);
    // Clear the buckets that fell out of the window since the last call.
    const stale = Math.min(BUCKETS, bucket - this.bucketTime);
    for (let step = 1; step <= stale; step += 1) this.accepted[(this.bucketTime + step) % BUCKETS] = 0;
    this.bucketTime = Math.max(this.bucketTime, bucket);
    return bucket % BUCKETS;
  }

  private acceptedLastSecond(now: number): number {
    this.bucketIndex(now);
    return this.accepted.reduce((sum, count) => sum + count, 0);
  }
}

/** setTimeout as a promise that rejects when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
